package dev.borgform.api;

import java.time.Duration;
import java.time.Instant;

/**
 * The client's view of time: what time it is (for deadlines and {@code Retry-After} dates) and how
 * to wait. Tests pass a fake that advances when asked to sleep, so retries run instantly.
 */
public interface Timing {
  Instant now();

  void sleep(Duration d) throws InterruptedException;

  static Timing system() {
    return new Timing() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
      }
    };
  }
}
