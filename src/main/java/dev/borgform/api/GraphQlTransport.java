package dev.borgform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.diag.Printable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * POSTs one GraphQL document and decodes the answer. It knows HTTP and the GraphQL envelope, not
 * what any operation means. It throws {@link NoAnswer} when no complete answer arrived (saying
 * whether any byte of the request was sent, and where it failed: connecting, the proxy, TLS), and
 * {@link MalformedResponseException} when the body is not a GraphQL answer ({@link AnswerTooLarge}
 * when it is over {@link #MAX_ANSWER_BYTES}, {@link Redirected} for a 3xx). Every exchange goes to
 * the {@link HttpLog}, redacted.
 *
 * <p>Connections: a request is never sent on a connection that may already be closed. The server
 * closes a connection after an HTTP/1.0 answer (unless it says keep-alive, which borgform does not
 * trust) or one that says {@code Connection: close}, and after it has been idle for a while
 * (nginx's {@code keepalive_timeout}, gunicorn's 2 s, a load balancer's 60 s). A request written
 * into a connection the server is closing gets no answer, and for a mutation that is an unknown
 * outcome. So: no connection is reused after an HTTP/1.0 answer (OkHttp already honours {@code
 * Connection: close}), none that has been idle longer than {@link #IDLE_BOUND}, and none after a
 * pause the caller announces ({@link #dropIdleConnections}, after the apply prompt).
 *
 * <p>Redirects are never followed: the token and the documents go to the endpoint and nowhere else,
 * and only the endpoint's answer is read as the account.
 */
final class GraphQlTransport {
  private static final MediaType JSON = MediaType.get("application/json");

  /** Bodies in the debug log are cut here: enough to see what happened, not a flood. */
  static final int LOG_BODY_CHARS = 2000;

  /**
   * The largest answer read. A 10,000-repo account reads as about 5 MB; anything past 64 MiB is not
   * an account, and reading it whole could exhaust the heap. Counted after gzip is undone, so a
   * small compressed answer cannot unpack into a flood.
   */
  static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

  /**
   * A connection idle longer than this is not used again. Well under the shortest idle timeout
   * common servers use (gunicorn's 2 s; Apache and Node.js 5 s; nginx 75 s; load balancers about 60
   * s), so a request never races the server closing the connection. Within an apply requests follow
   * each other in milliseconds, so this costs nothing there.
   */
  static final Duration IDLE_BOUND = Duration.ofSeconds(1);

  private final OkHttpClient http;
  private final String endpoint;
  private final HttpUrl url;
  private final Token token;
  private final ObjectMapper json;
  private final String userAgent;
  private final HttpLog log;
  private final Timing timing;
  private final Network network;
  private final long maxAnswerBytes;

  /** When the last exchange ended (null before the first): the idle time of pooled connections. */
  private @Nullable Instant lastExchangeEnd;

  private boolean routeLogged;

  /** The TLS handshake of the last answer (null for plain http, or before any): for doctor. */
  private volatile @Nullable Handshake lastHandshake;

  GraphQlTransport(
      OkHttpClient http,
      String endpoint,
      Token token,
      ObjectMapper json,
      String userAgent,
      HttpLog log,
      Timing timing) {
    this(http, endpoint, token, json, userAgent, log, timing, Network.direct(), MAX_ANSWER_BYTES);
  }

  GraphQlTransport(
      OkHttpClient http,
      String endpoint,
      Token token,
      ObjectMapper json,
      String userAgent,
      HttpLog log,
      Timing timing,
      Network network,
      long maxAnswerBytes) {
    // Learns per call how far the request got: only a request that never started to go out is
    // provably not executed, whatever the exception says. The rules above are forced here, on
    // whatever client was passed in.
    OkHttpClient.Builder b =
        http.newBuilder()
            .eventListenerFactory(
                call -> {
                  SendProbe probe = call.request().tag(SendProbe.class);
                  return probe == null ? EventListener.NONE : probe;
                })
            .followRedirects(false)
            .followSslRedirects(false)
            // OkHttp would send a request again after a failure on a reused connection, even one
            // already written: for a mutation that could make it twice. borgform decides itself.
            .retryOnConnectionFailure(false)
            .connectionPool(new ConnectionPool(5, IDLE_BOUND.toMillis(), TimeUnit.MILLISECONDS))
            .socketFactory(new NoDelaySockets());
    network.applyTo(b);
    this.http = b.build();
    this.endpoint = endpoint;
    this.url = HttpUrl.get(endpoint);
    this.token = token;
    this.json = json;
    this.userAgent = userAgent;
    // Lines carry text from the server and the account (bodies, error messages): neutralised
    // here, so no log line can hold a terminal escape or a line break, whoever prints it.
    // NONE stays NONE, so logResponse can tell that nothing is logged and skip copying the answer
    // (a 20,000-object account is megabytes) into a line no one reads.
    this.log = log == HttpLog.NONE ? HttpLog.NONE : line -> log.line(Printable.of(line));
    this.timing = timing;
    this.network = network;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  String endpoint() {
    return endpoint;
  }

  @Nullable Handshake lastHandshake() {
    return lastHandshake;
  }

  boolean isHttps() {
    return url.isHttps();
  }

  int port() {
    return url.port();
  }

  /** The underlying client, for closing. */
  OkHttpClient http() {
    return http;
  }

  Network network() {
    return network;
  }

  /** The endpoint's host and port, as a tunnel names them: {@code api.borgbase.com:443}. */
  String hostAndPort() {
    return url.host() + ":" + url.port();
  }

  String host() {
    return url.host();
  }

  /** True when a proxy forwards plain http itself, so an answer may be the proxy's own. */
  boolean proxyAnswers() {
    return network.proxy().isPresent() && !url.isHttps();
  }

  /**
   * Closes every idle connection, so the next request opens a fresh one: after a pause (the apply
   * prompt) the server may have closed them, and a request written into such a connection gets no
   * answer, which for a mutation is an unknown outcome.
   */
  void dropIdleConnections() {
    http.connectionPool().evictAll();
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
    Request.Builder rb =
        new Request.Builder()
            .url(endpoint)
            .header("Authorization", token.bearerHeader())
            .header("Accept", "application/json")
            .header("User-Agent", userAgent)
            .tag(SendProbe.class, probe)
            .post(RequestBody.create(bytes, JSON));
    HttpProxy proxy = network.proxy().orElse(null);
    if (proxy != null) {
      proxy.resetChallenge();
      // A proxy that forwards plain http gets its credentials with the request, as a tunnel gets
      // them with its CONNECT: no 407 round trip, so the body is never sent twice.
      if (proxyAnswers()) {
        String auth = proxy.proxyAuthorization();
        if (auth != null) rb.header("Proxy-Authorization", auth);
      }
    }
    Request request = rb.build();
    dropIfIdle();
    Instant start = timing.now();
    logRequest(new String(bytes, StandardCharsets.UTF_8));
    int status = 0;
    boolean reusable = true;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      lastHandshake = response.handshake();
      // An HTTP/1.0 server closes the connection after its answer, usually without saying so.
      if (response.protocol() == Protocol.HTTP_1_0) reusable = false;
      if (status >= 300 && status < 400) {
        String location = neutralise(redact(String.valueOf(response.header("Location"))));
        log.line(
            "  -> HTTP "
                + status
                + " in "
                + millis(start)
                + " ms: a redirect to "
                + location
                + ", not followed");
        throw new Redirected(status, location);
      }
      if (status == 407 && proxy != null) {
        // The proxy, not BorgBase, answered: it did not pass the request on.
        log.line(
            "  -> HTTP 407 from the proxy " + proxy.display() + " in " + millis(start) + " ms");
        throw new NoAnswer(
            new IOException("the proxy answered HTTP 407"), false, Stage.PROXY, true);
      }
      byte[] answer = readBounded(response.body(), status, start);
      logResponse(status, start, answer);
      return decode(status, answer, response.header("Retry-After"));
    } catch (NoAnswer e) {
      throw e;
    } catch (IOException e) {
      reusable = false;
      Stage stage = probe.stage();
      log.line(
          "  -> "
              + (status == 0 ? "no answer" : "HTTP " + status + ", body cut short")
              + " after "
              + millis(start)
              + " ms: "
              + redact(describe(e))
              + (probe.started ? "" : " (nothing was sent)"));
      throw new NoAnswer(e, probe.started, stage, proxy != null && proxy.wasChallenged());
    } finally {
      lastExchangeEnd = timing.now();
      if (!reusable) dropIdleConnections();
    }
  }

  /** Closes the pooled connections when the last exchange ended longer than the bound ago. */
  private void dropIfIdle() {
    if (lastExchangeEnd != null
        && Duration.between(lastExchangeEnd, timing.now()).compareTo(IDLE_BOUND) > 0) {
      dropIdleConnections();
    }
  }

  /**
   * The body, or {@link AnswerTooLarge} past the bound: a declared length is checked before
   * reading, and an undeclared one (chunked, or gzip undone by OkHttp) while reading, so at most
   * the bound is ever held.
   */
  private byte[] readBounded(ResponseBody body, int status, Instant start) throws IOException {
    if (body == null) return new byte[0];
    long declared = body.contentLength();
    if (declared > maxAnswerBytes) {
      log.line("  -> HTTP " + status + " in " + millis(start) + " ms, " + declared + " bytes");
      throw new AnswerTooLarge(status, maxAnswerBytes);
    }
    BufferedSource source = body.source();
    if (source.request(maxAnswerBytes + 1)) {
      log.line("  -> HTTP " + status + " in " + millis(start) + " ms, more than the bound");
      throw new AnswerTooLarge(status, maxAnswerBytes);
    }
    return source.readByteArray();
  }

  /** What {@code --debug} says once about the route: the proxy, or why none is used. */
  private void logRoute() {
    if (routeLogged) return;
    routeLogged = true;
    String route = network.describe();
    if (!route.isEmpty()) log.line("  " + route);
  }

  private void logRequest(String body) {
    log.line("POST " + endpoint);
    logRoute();
    // The header is built from the token, so it is written out here rather than read back.
    log.line("  Authorization: Bearer [REDACTED]");
    log.line("  request: " + cut(body));
  }

  private void logResponse(int status, Instant start, byte[] body) {
    if (log == HttpLog.NONE) return;
    log.line("  -> HTTP " + status + " in " + millis(start) + " ms");
    log.line("  response: " + cut(new String(body, StandardCharsets.UTF_8)));
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

  static String describe(@Nullable IOException e) {
    if (e == null) return "no cause given";
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  private GraphQlResponse decode(int status, byte[] text, String retryAfter) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (IOException e) {
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
        JsonNode ext = e.path("extensions");
        JsonNode code = ext.path("code").isTextual() ? ext.get("code") : ext.path("classification");
        errors.add(
            new GraphQlResponse.GraphQlError(
                msg, head, code.isTextual() ? redact(code.asText()) : null));
      }
    }
    JsonNode data = root.get("data");
    if (data != null && data.isNull()) data = null;
    if (data == null && errors.isEmpty() && status == 200) {
      throw new MalformedResponseException(status, "the answer has neither data nor errors");
    }
    return new GraphQlResponse(status, data, errors, retryAfter);
  }

  /**
   * Where a call failed before any of its request went out. A request is "sent" from the moment its
   * headers start to be written ({@code requestHeadersStart}); before that the call was still
   * connecting, and nothing of it can have reached the server.
   */
  enum Stage {
    /** Resolving or connecting to the endpoint (or acquiring a connection). */
    CONNECT,
    /** Reaching the proxy, or the proxy refused the tunnel (or answered 407). */
    PROXY,
    /** The TLS handshake with the endpoint: its certificate, or the handshake itself. */
    TLS,
    /** The request started to go out: the server may have it. */
    EXCHANGE
  }

  /**
   * Follows a call through OkHttp's events. "Provably never reached the server" means no {@code
   * requestHeadersStart}: the failure came while resolving, connecting, tunnelling through the
   * proxy or shaking hands, on a new connection or while acquiring a pooled one. From the first
   * header byte on, the request counts as sent, even when writing it failed ({@code
   * requestFailed}): part of it may have been delivered, and a kernel accepts a write into a
   * connection its peer has already closed. Such outcomes stay unknown; stale connections are
   * avoided instead (see the class comment).
   */
  private static final class SendProbe extends EventListener {
    volatile boolean started;
    volatile boolean viaProxy;
    volatile boolean tls;

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
      viaProxy = proxy != null && proxy.type() != Proxy.Type.DIRECT;
      tls = false;
    }

    @Override
    public void secureConnectStart(Call call) {
      tls = true;
    }

    @Override
    public void requestHeadersStart(Call call) {
      started = true;
    }

    Stage stage() {
      if (started) return Stage.EXCHANGE;
      if (tls) return Stage.TLS;
      // A tunnel is opened before TLS starts, so a proxy failure comes first.
      if (viaProxy) return Stage.PROXY;
      return Stage.CONNECT;
    }
  }

  /** No complete answer: refused, reset, timed out or cut short; or a proxy or TLS refusal. */
  static final class NoAnswer extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean requestSent;
    private final Stage stage;
    private final boolean proxyChallenged;

    NoAnswer(IOException cause, boolean requestSent) {
      this(cause, requestSent, requestSent ? Stage.EXCHANGE : Stage.CONNECT, false);
    }

    NoAnswer(IOException cause, boolean requestSent, Stage stage, boolean proxyChallenged) {
      super(cause.getMessage(), cause);
      this.requestSent = requestSent;
      this.stage = stage;
      this.proxyChallenged = proxyChallenged;
    }

    /** False only when not one byte of the request left: the server cannot have run it. */
    boolean requestSent() {
      return requestSent;
    }

    Stage stage() {
      return stage;
    }

    /** The proxy answered 407: it wants credentials, or refused those it got. */
    boolean proxyChallenged() {
      return proxyChallenged;
    }

    @Nullable IOException cause() {
      return (IOException) getCause();
    }
  }

  /** The server answered, but not with a GraphQL envelope (a proxy page, a garbled body). */
  static class MalformedResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    MalformedResponseException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The answer is larger than the bound: not an account, and not read any further. */
  static final class AnswerTooLarge extends MalformedResponseException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(int status, long bound) {
      super(
          status,
          "the answer is larger than "
              + (bound % (1024 * 1024) == 0 ? bound / (1024 * 1024) + " MiB" : bound + " bytes"));
    }
  }

  /** A 3xx: never followed, so nothing went to the other place. */
  static final class Redirected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String location;

    Redirected(int status, String location) {
      super("HTTP " + status + " redirecting to " + location);
      this.status = status;
      this.location = location;
    }
  }

  /** Longest stretch of a server-given URL shown to the user. */
  private static final int MAX_SHOWN_CHARS = 200;

  /**
   * Text from a server made safe to print on one line: control characters (escape sequences, line
   * breaks) and bidirectional overrides become {@code ?}, and it is cut to a readable length.
   */
  static String neutralise(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints()
        .limit(MAX_SHOWN_CHARS)
        .forEach(
            c -> {
              boolean control = Character.getType(c) == Character.CONTROL;
              boolean format = Character.getType(c) == Character.FORMAT;
              sb.appendCodePoint(control || format ? '?' : c);
            });
    if (text.codePointCount(0, text.length()) > MAX_SHOWN_CHARS) sb.append("...");
    return sb.toString();
  }
}
