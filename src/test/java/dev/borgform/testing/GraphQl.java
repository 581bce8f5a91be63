package dev.borgform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A bare GraphQL caller, to change an account "behind borgform's back" in tests. */
public final class GraphQl {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OkHttpClient http = new OkHttpClient();
  private final URI url;
  private final String token;

  public GraphQl(URI url, String token) {
    this.url = url;
    this.token = token;
  }

  public record Answer(int status, JsonNode body) {}

  public Answer post(String query, Map<String, Object> variables) {
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("query", query, "variables", variables));
      Request req =
          new Request.Builder()
              .url(url.toString())
              .header("Authorization", "Bearer " + token)
              .post(RequestBody.create(body, MediaType.get("application/json")))
              .build();
      try (Response r = http.newCall(req).execute()) {
        return new Answer(r.code(), JSON.readTree(r.body().string()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode data(String query, Map<String, Object> variables) {
    Answer a = post(query, variables);
    if (a.status() != 200 || a.body().has("errors")) {
      throw new AssertionError("GraphQL call failed: " + a.status() + " " + a.body());
    }
    return a.body().get("data");
  }
}
