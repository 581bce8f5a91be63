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
  private final OkHttpClient http;
  private final URI url;
  private final String token;

  public GraphQl(URI url, String token) {
    this(url, token, null);
  }

  /** Trusting the CA in {@code caPem} besides the JDK's (an emulator serving HTTPS). */
  public GraphQl(URI url, String token, java.nio.file.Path caPem) {
    this.url = url;
    this.token = token;
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (caPem != null) {
      try {
        okhttp3.tls.HandshakeCertificates trust =
            new okhttp3.tls.HandshakeCertificates.Builder()
                .addPlatformTrustedCertificates()
                .addTrustedCertificate(
                    okhttp3.tls.Certificates.decodeCertificatePem(
                        java.nio.file.Files.readString(caPem)))
                .build();
        b.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    this.http = b.build();
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
