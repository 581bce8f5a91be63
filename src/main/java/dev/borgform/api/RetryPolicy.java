package dev.borgform.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and for how long a request is tried again: at most {@code maxAttempts} tries, waits
 * growing from {@code baseDelay} to {@code maxDelay} (doubling, with jitter), and no new try once
 * {@code deadline} has passed since the first one. A server's {@code Retry-After} replaces the
 * computed wait, within the same deadline.
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {
  /** Five tries within two minutes: rides out a restart or a brief outage, never waits for long. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(2));

  /** One try only. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(deadline, "deadline");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || deadline.isNegative()) {
      throw new IllegalArgumentException(
          "delays must satisfy 0 <= baseDelay <= maxDelay, deadline >= 0");
    }
  }

  public RetryPolicy withDeadline(Duration d) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, d);
  }
}
