package dev.borgform.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The tries of one request under a {@link RetryPolicy}: counts them, computes the wait before the
 * next (exponential backoff with "equal jitter": half the step fixed, half random, so waits never
 * collapse to zero and many clients do not retry in step), honours {@code Retry-After}, and says
 * stop when the tries or the deadline run out.
 */
final class Attempts {
  private final RetryPolicy policy;
  private final Timing timing;
  private final java.util.function.DoubleSupplier jitter;
  private final Instant start;
  private int attempt = 1;

  Attempts(RetryPolicy policy, Timing timing, java.util.function.DoubleSupplier jitter) {
    this.policy = policy;
    this.timing = timing;
    this.jitter = jitter;
    this.start = timing.now();
  }

  /** 1 for the first try. */
  int attempt() {
    return attempt;
  }

  int maxAttempts() {
    return policy.maxAttempts();
  }

  Duration elapsed() {
    return Duration.between(start, timing.now());
  }

  /**
   * The wait before the next try, or null when there is none: the tries are used up, or the wait
   * would end past the deadline (a {@code Retry-After} longer than the time left ends retrying).
   */
  @Nullable Duration next(@Nullable Duration retryAfter) {
    if (attempt >= policy.maxAttempts()) return null;
    Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
    if (elapsed().plus(wait).compareTo(policy.deadline()) > 0) return null;
    attempt++;
    return wait;
  }

  private Duration backoff(int n) {
    long base = policy.baseDelay().toMillis();
    long cap = Math.min(policy.maxDelay().toMillis(), base << Math.min(n - 1, 20));
    double j = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
    return Duration.ofMillis(cap / 2 + Math.round(j * (cap - cap / 2)));
  }

  void sleep(Duration d) {
    try {
      timing.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code Retry-After} as RFC 9110 defines it: whole seconds, or an HTTP date (a date in the past
   * means now). Null when absent or unreadable: the computed backoff applies then.
   */
  static @Nullable Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) return null;
    String v = value.strip();
    if (v.matches("\\d{1,9}")) return Duration.ofSeconds(Long.parseLong(v));
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
