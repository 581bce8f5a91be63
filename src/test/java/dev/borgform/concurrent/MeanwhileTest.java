package dev.borgform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MeanwhileTest {
  @Test
  void largeWorkRunsOnAThreadOfItsOwnWhileTheCallerGoesOn() throws Exception {
    CountDownLatch callerWentOn = new CountDownLatch(1);
    AtomicReference<String> ranOn = new AtomicReference<>();
    Supplier<String> value =
        Meanwhile.start(
            true,
            "test-meanwhile",
            () -> {
              ranOn.set(Thread.currentThread().getName());
              try {
                // Only finishes once the caller has gone on: start did not wait for it.
                assertThat(callerWentOn.await(10, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return "done";
            });
    callerWentOn.countDown();

    assertThat(value.get()).isEqualTo("done");
    assertThat(value.get()).as("asked again").isEqualTo("done");
    assertThat(ranOn.get()).isEqualTo("test-meanwhile");
  }

  /** Work given up while it waits: its wait is interrupted, and get says it was cancelled. */
  @Test
  void abandonedWorkIsInterruptedAndGetSaysSo() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    Meanwhile<String> value =
        Meanwhile.onThread(
            "test-abandoned",
            () -> {
              waiting.countDown();
              try {
                Thread.sleep(60_000);
                return "not interrupted";
              } catch (InterruptedException e) {
                interrupted.countDown();
                return "interrupted";
              }
            });
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
    value.abandon();
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(value::get).isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  @Test
  void smallWorkRunsAtOnceOnTheCallersThread() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Supplier<Integer> value =
        Meanwhile.start(
            false,
            "unused",
            () -> {
              ranOn.set(Thread.currentThread());
              return 42;
            });

    assertThat(ranOn.get()).as("already ran, here").isSameAs(Thread.currentThread());
    assertThat(value.get()).isEqualTo(42);
  }

  @Test
  void getThrowsWhatTheWorkThrew() {
    IllegalArgumentException failure = new IllegalArgumentException("bad input");
    Supplier<String> value =
        Meanwhile.start(
            true,
            "test-failing",
            () -> {
              throw failure;
            });

    assertThatThrownBy(value::get).isSameAs(failure);
  }

  @Test
  void anInterruptedCallerStillGetsTheValueAndKeepsItsInterrupt() {
    CountDownLatch release = new CountDownLatch(1);
    Supplier<String> value =
        Meanwhile.start(
            true,
            "test-slow",
            () -> {
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return "value";
            });
    Thread.currentThread().interrupt();
    new Thread(release::countDown).start();
    try {
      assertThat(value.get()).isEqualTo("value");
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theThreadNeverKeepsTheProcessAlive() throws Exception {
    AtomicReference<Boolean> daemon = new AtomicReference<>();
    String value =
        Meanwhile.start(
                true,
                "test-daemon",
                () -> {
                  daemon.set(Thread.currentThread().isDaemon());
                  return "ran";
                })
            .get();

    assertThat(value).isEqualTo("ran");
    assertThat(daemon.get()).isTrue();
  }
}
