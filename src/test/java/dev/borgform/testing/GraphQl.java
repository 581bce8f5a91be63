package dev.borgform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * The one test-side GraphQL client: real HTTP through OkHttp, JSON through Jackson. The emulator's
 * own tests use it to speak to the emulator as any client would, and end-to-end tests to change an
 * account "behind borgform's back".
 */
public final class GraphQl {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final URI url;
  private final String token;

  /** A client of {@code server} with its Full Access token. */
  public static GraphQl of(EmulatorServer server) {
    return new GraphQl(server.graphqlUrl(), server.token(TokenLevel.FULL_ACCESS));
  }

  public GraphQl(URI url, String token) {
    this(url, token, null);
  }

  /** Trusting the CA in {@code caPem} besides the JDK's (an emulator serving HTTPS). */
  public GraphQl(URI url, String token, Path caPem) {
    this.url = url;
    this.token = token;
    // Generous: large batched documents take seconds on a loaded machine; no test measures speed.
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60));
    if (caPem != null) {
      try {
        HandshakeCertificates trust =
            new HandshakeCertificates.Builder()
                .addPlatformTrustedCertificates()
                .addTrustedCertificate(Certificates.decodeCertificatePem(Files.readString(caPem)))
                .build();
        b.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    this.http = b.build();
  }

  /** An answer read as JSON (null body: an empty answer). */
  public record Reply(int status, JsonNode body) {
    public JsonNode data() {
      return body.get("data");
    }

    public JsonNode data(String field) {
      return body.path("data").get(field);
    }

    public JsonNode errors() {
      return body.get("errors");
    }

    public String firstError() {
      return body.path("errors").path(0).path("message").asText(null);
    }
  }

  /** An answer as it came: status and body text. */
  public record Raw(int status, String text) {}

  /** The document with this client's token. */
  public Reply post(String query, Map<String, Object> variables) {
    return post(token, query, variables);
  }

  public Reply post(String query) {
    return post(query, null);
  }

  /** The document with another token (null: no Authorization header). */
  public Reply post(String token, String query, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    try {
      return raw(token == null ? null : "Bearer " + token, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data of a document that must succeed (HTTP 200, no errors). */
  public JsonNode data(String query, Map<String, Object> variables) {
    Reply a = post(query, variables);
    if (a.status() != 200 || a.body() == null || a.body().has("errors")) {
      throw new AssertionError("GraphQL call failed: " + a.status() + " " + a.body());
    }
    return a.body().get("data");
  }

  /** Posts a raw body with a raw Authorization header value (null: none). */
  public Reply raw(String authorization, String body) {
    Request.Builder rb =
        new Request.Builder()
            .url(url.toString())
            .post(RequestBody.create(body, JSON_TYPE))
            .header("Accept", "application/json");
    if (authorization != null) rb.header("Authorization", authorization);
    return call(rb.build());
  }

  /** Posts a body with the given headers (name, value pairs) and returns the answer as it came. */
  public Raw send(String body, String... headers) {
    Request.Builder rb =
        new Request.Builder()
            .url(url.toString())
            .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < headers.length; i += 2) rb.header(headers[i], headers[i + 1]);
    try (Response r = http.newCall(rb.build()).execute()) {
      return new Raw(r.code(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Reply call(Request request) {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body().string();
      return new Reply(r.code(), text.isEmpty() ? null : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new SSH key; returns its id. */
  public String addKey(String name, String keyLine) {
    Reply r =
        post(
            "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }",
            Map.of("n", name, "k", keyLine));
    JsonNode id = r.body().path("data").path("sshAdd").path("keyAdded").path("id");
    if (!id.isTextual()) throw new AssertionError("sshAdd failed: " + r.body());
    return id.asText();
  }

  /** A new repo; returns its id. */
  public String addRepo(String name, String region) {
    Reply r =
        post(
            "mutation($n: String!, $r: String!) { repoAdd(name: $n, region: $r) { repoAdded { id } } }",
            Map.of("n", name, "r", region));
    JsonNode id = r.body().path("data").path("repoAdd").path("repoAdded").path("id");
    if (!id.isTextual()) throw new AssertionError("repoAdd failed: " + r.body());
    return id.asText();
  }
}
