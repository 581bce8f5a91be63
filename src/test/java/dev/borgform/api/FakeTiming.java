package dev.borgform.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Time that moves only when the client sleeps, so retry tests run instantly and exactly. */
final class FakeTiming implements Timing {
  Instant now = Instant.parse("2026-03-01T12:00:00Z");
  final List<Duration> sleeps = new ArrayList<>();

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public void sleep(Duration d) {
    sleeps.add(d);
    now = now.plus(d);
  }
}
