package dev.borgform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * POSTs one GraphQL document and decodes the answer. It knows HTTP and the GraphQL envelope, not
 * what any operation means. It throws {@link IOException} when no complete answer arrived, and
 * {@link MalformedResponseException} when the body is not a GraphQL answer.
 */
final class GraphQlTransport {
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final String endpoint;
  private final Token token;
  private final ObjectMapper json;
  private final String userAgent;

  GraphQlTransport(OkHttpClient http, String endpoint, Token token, ObjectMapper json, String userAgent) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
    this.json = json;
    this.userAgent = userAgent;
  }

  String endpoint() {
    return endpoint;
  }

  GraphQlResponse post(String document, Map<String, Object> variables) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("query", document);
    body.set("variables", json.valueToTree(variables));
    Request request =
        new Request.Builder()
            .url(endpoint)
            .header("Authorization", token.bearerHeader())
            .header("Accept", "application/json")
            .header("User-Agent", userAgent)
            .post(RequestBody.create(json.writeValueAsBytes(body), JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      return decode(response.code(), text);
    }
  }

  private GraphQlResponse decode(int status, String text) {
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
        String msg = e.path("message").asText("(no message)");
        JsonNode path = e.get("path");
        String head = path != null && path.isArray() && path.size() > 0 ? path.get(0).asText() : null;
        errors.add(new GraphQlResponse.GraphQlError(msg, head));
      }
    }
    JsonNode data = root.get("data");
    if (data != null && data.isNull()) data = null;
    if (data == null && errors.isEmpty() && status == 200) {
      throw new MalformedResponseException(status, "the answer has neither data nor errors");
    }
    return new GraphQlResponse(status, data, errors);
  }

  /** The server answered, but not with a GraphQL envelope (a proxy page, a truncated body). */
  static final class MalformedResponseException extends RuntimeException {
    final int status;

    MalformedResponseException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
