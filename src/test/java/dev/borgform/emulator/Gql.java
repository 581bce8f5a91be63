package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Test-side GraphQL client: real HTTP through OkHttp, JSON through Jackson. */
final class Gql {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  // Generous: large batched documents take seconds on a loaded machine; no test measures speed.
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(java.time.Duration.ofSeconds(60)).build();
  private final EmulatorServer server;

  Gql(EmulatorServer server) {
    this.server = server;
  }

  record Reply(int status, JsonNode body) {
    JsonNode data() {
      return body.get("data");
    }

    JsonNode data(String field) {
      return body.path("data").get(field);
    }

    JsonNode errors() {
      return body.get("errors");
    }

    String firstError() {
      return body.path("errors").path(0).path("message").asText(null);
    }
  }

  Reply full(String query, Map<String, Object> variables) {
    return post(server.token(TokenLevel.FULL_ACCESS), query, variables);
  }

  Reply full(String query) {
    return full(query, null);
  }

  Reply post(String token, String query, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    try {
      return raw(token == null ? null : "Bearer " + token, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts a raw body with a raw Authorization header value (null: none). */
  Reply raw(String authorization, String body) {
    Request.Builder rb =
        new Request.Builder()
            .url(server.graphqlUrl().toString())
            .post(RequestBody.create(body, JSON_TYPE))
            .header("Accept", "application/json");
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    return call(rb.build());
  }

  /** An answer as it came: status and body text. */
  record Raw(int status, String text) {}

  /** Posts a body with the given headers (name, value pairs) and returns the answer as it came. */
  Raw send(String body, String... headers) {
    Request.Builder rb =
        new Request.Builder()
            .url(server.graphqlUrl().toString())
            .post(RequestBody.create(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    for (int i = 0; i < headers.length; i += 2) {
      rb.header(headers[i], headers[i + 1]);
    }
    try (Response r = http.newCall(rb.build()).execute()) {
      return new Raw(r.code(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply call(Request request) {
    try (Response r = http.newCall(request).execute()) {
      String text = r.body().string();
      return new Reply(r.code(), text.isEmpty() ? null : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new SSH key via the full token; returns its id. */
  String addKey(String name, String keyLine) {
    Reply r =
        full(
            "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }",
            Map.of("n", name, "k", keyLine));
    JsonNode id = r.body().path("data").path("sshAdd").path("keyAdded").path("id");
    if (!id.isTextual()) {
      throw new AssertionError("sshAdd failed: " + r.body());
    }
    return id.asText();
  }

  /** A new repo via the full token; returns its id. */
  String addRepo(String name, String region) {
    Reply r =
        full(
            "mutation($n: String!, $r: String!) { repoAdd(name: $n, region: $r) { repoAdded { id } } }",
            Map.of("n", name, "r", region));
    JsonNode id = r.body().path("data").path("repoAdd").path("repoAdded").path("id");
    if (!id.isTextual()) {
      throw new AssertionError("repoAdd failed: " + r.body());
    }
    return id.asText();
  }
}
