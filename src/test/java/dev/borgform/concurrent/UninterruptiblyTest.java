package dev.borgform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UninterruptiblyTest {
  @Test
  void anInterruptedWaitIsAskedAgainAndTheInterruptIsKept() {
    AtomicInteger asked = new AtomicInteger();
    try {
      String value =
          Uninterruptibly.await(
              () -> {
                if (asked.incrementAndGet() < 3) throw new InterruptedException();
                return "done";
              });

      assertThat(value).isEqualTo("done");
      assertThat(asked.get()).isEqualTo(3);
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aWaitNeverInterruptedLeavesNoInterrupt() {
    assertThat(Uninterruptibly.await(() -> 42)).isEqualTo(42);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void whatTheWaitThrowsPassesThrough() {
    IOException failure = new IOException("gone");
    assertThatThrownBy(
            () ->
                Uninterruptibly.await(
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }
}
