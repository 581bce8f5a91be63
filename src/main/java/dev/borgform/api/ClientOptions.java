package dev.borgform.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * How the client talks to BorgBase beyond the endpoint and token.
 *
 * @param timeout longest wait for any one answer (connect, send, first and next bytes)
 * @param retry how reads, and mutations that provably did not run, are tried again
 * @param timing clock and sleep (tests pass a fake)
 * @param jitter uniform numbers in [0, 1) that spread retries out (tests pass a fixed one)
 * @param notices told about every retry, in words for the user (the CLI prints them on stderr)
 * @param httpLog the redacted HTTP log of {@code --debug}
 */
public record ClientOptions(
    Duration timeout,
    RetryPolicy retry,
    Timing timing,
    DoubleSupplier jitter,
    Consumer<String> notices,
    HttpLog httpLog) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public ClientOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative())
      throw new IllegalArgumentException("timeout must be positive");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(notices, "notices");
    Objects.requireNonNull(httpLog, "httpLog");
  }

  public static ClientOptions defaults() {
    return new ClientOptions(
        DEFAULT_TIMEOUT,
        RetryPolicy.DEFAULT,
        Timing.system(),
        () -> ThreadLocalRandom.current().nextDouble(),
        n -> {},
        HttpLog.NONE);
  }

  public ClientOptions withTimeout(Duration t) {
    return new ClientOptions(t, retry, timing, jitter, notices, httpLog);
  }

  public ClientOptions withRetry(RetryPolicy r) {
    return new ClientOptions(timeout, r, timing, jitter, notices, httpLog);
  }

  public ClientOptions withTiming(Timing t, DoubleSupplier j) {
    return new ClientOptions(timeout, retry, t, j, notices, httpLog);
  }

  public ClientOptions withNotices(Consumer<String> n) {
    return new ClientOptions(timeout, retry, timing, jitter, n, httpLog);
  }

  public ClientOptions withHttpLog(HttpLog l) {
    return new ClientOptions(timeout, retry, timing, jitter, notices, l);
  }
}
