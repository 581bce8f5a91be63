package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The emulator's request deadlines: they fire, they disarm, and they outlive the emulator's stop.
 */
class WatchdogTest {
  @Test
  void aDeadlineThatPassesInterruptsTheThreadAndSaysSo() throws Exception {
    try (Watchdog w = new Watchdog()) {
      Watchdog.Deadline d = w.arm(Duration.ofMillis(1));
      boolean interrupted = false;
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      assertThat(interrupted).isTrue();
      assertThat(d.expired()).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is cleared").isFalse();
    }
  }

  @Test
  void aDeadlineDisarmedInTimeNeverFires() {
    try (Watchdog w = new Watchdog()) {
      Watchdog.Deadline d = w.arm(Duration.ofHours(1));
      assertThat(d.expired()).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  /** A request served while the emulator stops arms its deadline after close: nothing is thrown. */
  @Test
  void armingAfterCloseIsHarmless() {
    Watchdog w = new Watchdog();
    w.close();
    Watchdog.Deadline d = w.arm(Duration.ofMillis(1));
    assertThat(d.expired()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
