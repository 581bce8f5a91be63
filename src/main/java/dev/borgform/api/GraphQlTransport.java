package dev.borgform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.diag.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * POSTs one GraphQL document and decodes the answer. It knows HTTP and the GraphQL envelope, not
 * what any operation means. It throws {@link NoAnswer} when no complete answer arrived (saying
 * whether any byte of the request was sent), and {@link MalformedResponseException} when the body
 * is not a GraphQL answer. Every exchange goes to the {@link HttpLog}, redacted.
 */
final class GraphQlTransport {
  private static final MediaType JSON = MediaType.get("application/json");

  /** Bodies in the debug log are cut here: enough to see what happened, not a flood. */
  static final int LOG_BODY_CHARS = 2000;

  private final OkHttpClient http;
  private final String endpoint;
  private final Token token;
  private final ObjectMapper json;
  private final String userAgent;
  private final HttpLog log;
  private final Timing timing;

  GraphQlTransport(
      OkHttpClient http,
      String endpoint,
      Token token,
      ObjectMapper json,
      String userAgent,
      HttpLog log,
      Timing timing) {
    // Learns per call whether the request started to go out: only a request that never did is
    // provably not executed, whatever the exception says.
    this.http =
        http.newBuilder()
            .eventListenerFactory(
                call -> {
                  SendProbe probe = call.request().tag(SendProbe.class);
                  return probe == null ? EventListener.NONE : probe;
                })
            .build();
    this.endpoint = endpoint;
    this.token = token;
    this.json = json;
    this.userAgent = userAgent;
    // Lines carry text from the server and the account (bodies, error messages): neutralised
    // here, so no log line can hold a terminal escape or a line break, whoever prints it.
    this.log = line -> log.line(Printable.of(line));
    this.timing = timing;
  }

  String endpoint() {
    return endpoint;
  }

  /** The underlying client, for closing. */
  OkHttpClient http() {
    return http;
  }

  GraphQlResponse post(String document, Map<String, Object> variables) throws NoAnswer {
    ObjectNode body = json.createObjectNode();
    body.put("query", document);
    body.set("variables", json.valueToTree(variables));
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a GraphQL request", e);
    }
    SendProbe probe = new SendProbe();
    Request request =
        new Request.Builder()
            .url(endpoint)
            .header("Authorization", token.bearerHeader())
            .header("Accept", "application/json")
            .header("User-Agent", userAgent)
            .tag(SendProbe.class, probe)
            .post(RequestBody.create(bytes, JSON))
            .build();
    Instant start = timing.now();
    logRequest(new String(bytes, StandardCharsets.UTF_8));
    int status = 0;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      logResponse(status, start, text);
      return decode(status, text, response.header("Retry-After"));
    } catch (IOException e) {
      log.line(
          "  -> "
              + (status == 0 ? "no answer" : "HTTP " + status + ", body cut short")
              + " after "
              + millis(start)
              + " ms: "
              + redact(describe(e))
              + (probe.started ? "" : " (nothing was sent)"));
      throw new NoAnswer(e, probe.started);
    }
  }

  private void logRequest(String body) {
    log.line("POST " + endpoint);
    // The header is built from the token, so it is written out here rather than read back.
    log.line("  Authorization: Bearer [REDACTED]");
    log.line("  request: " + cut(body));
  }

  private void logResponse(int status, Instant start, String body) {
    log.line("  -> HTTP " + status + " in " + millis(start) + " ms");
    log.line("  response: " + cut(body));
  }

  private long millis(Instant start) {
    return Duration.between(start, timing.now()).toMillis();
  }

  private String cut(String body) {
    String b = redact(body);
    return b.length() <= LOG_BODY_CHARS
        ? b
        : b.substring(0, LOG_BODY_CHARS)
            + "... ("
            + (b.length() - LOG_BODY_CHARS)
            + " more characters)";
  }

  /** Anything that came from outside is shown only with the token taken out. */
  String redact(String text) {
    return token.redact(text);
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private GraphQlResponse decode(int status, String text, String retryAfter) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedResponseException(status, "the answer is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedResponseException(status, "the answer is not a JSON object");
    }
    List<GraphQlResponse.GraphQlError> errors = new ArrayList<>();
    JsonNode errs = root.get("errors");
    if (errs != null && errs.isArray()) {
      for (JsonNode e : errs) {
        String msg = redact(e.path("message").asText("(no message)"));
        JsonNode path = e.get("path");
        String head =
            path != null && path.isArray() && path.size() > 0 ? path.get(0).asText() : null;
        errors.add(new GraphQlResponse.GraphQlError(msg, head));
      }
    }
    JsonNode data = root.get("data");
    if (data != null && data.isNull()) data = null;
    if (data == null && errors.isEmpty() && status == 200) {
      throw new MalformedResponseException(status, "the answer has neither data nor errors");
    }
    return new GraphQlResponse(status, data, errors, retryAfter);
  }

  /** Sets a flag when the request's first bytes (its headers) start to go out. */
  private static final class SendProbe extends EventListener {
    volatile boolean started;

    @Override
    public void requestHeadersStart(Call call) {
      started = true;
    }
  }

  /** No complete answer: refused, reset, timed out or cut short. */
  static final class NoAnswer extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean requestSent;

    NoAnswer(IOException cause, boolean requestSent) {
      super(cause.getMessage(), cause);
      this.requestSent = requestSent;
    }

    /** False only when not one byte of the request left: the server cannot have run it. */
    boolean requestSent() {
      return requestSent;
    }

    IOException cause() {
      return (IOException) getCause();
    }
  }

  /** The server answered, but not with a GraphQL envelope (a proxy page, a garbled body). */
  static final class MalformedResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    MalformedResponseException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
