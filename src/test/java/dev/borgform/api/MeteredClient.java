package dev.borgform.api;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * A {@link BorgBaseClient} with borgform's own HTTP settings that also counts the request bytes it
 * sends, for benchmarks that weigh document size against round trips.
 */
public final class MeteredClient {
  private MeteredClient() {}

  /** Bytes of every request body sent, and the largest single body. */
  public record Meter(AtomicLong totalBytes, AtomicLong maxBytes) {
    public Meter() {
      this(new AtomicLong(), new AtomicLong());
    }
  }

  public static BorgBaseClient create(URI endpoint, String token, Meter meter) {
    OkHttpClient http =
        BorgBaseClient.defaultHttpClient()
            .newBuilder()
            .addNetworkInterceptor(
                chain -> {
                  RequestBody body = chain.request().body();
                  long n = body == null ? 0 : body.contentLength();
                  meter.totalBytes().addAndGet(n);
                  meter.maxBytes().accumulateAndGet(n, Math::max);
                  return chain.proceed(chain.request());
                })
            .build();
    return new BorgBaseClient(
        http, Endpoint.parse(endpoint.toString()), Token.of(token), "borgform/bench");
  }
}
