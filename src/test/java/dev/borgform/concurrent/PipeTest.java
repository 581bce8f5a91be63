package dev.borgform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipeTest {
  /** A source of 0, 1, ... n-1, then the end; throws {@code failure} in place of item k if set. */
  private static Pipe.Source<Integer> counting(int n, int k, RuntimeException failure) {
    AtomicInteger next = new AtomicInteger();
    return () -> {
      int i = next.getAndIncrement();
      if (i == k) throw failure;
      return i < n ? i : null;
    };
  }

  private static List<Integer> drain(Pipe<Integer> pipe) {
    List<Integer> got = new ArrayList<>();
    for (Integer i = pipe.take(); i != null; i = pipe.take()) got.add(i);
    return got;
  }

  @ParameterizedTest(name = "{0} items, batches of {1}")
  @CsvSource({"0, 1", "1, 1", "10, 3", "10, 5", "10, 10", "10, 11", "1000, 7", "5000, 512"})
  void theConsumerGetsEveryItemInOrderThenTheEnd(int n, int batch) {
    try (Pipe<Integer> pipe =
        Pipe.start("test-pipe", batch, counting(n, -1, new IllegalStateException("unused")))) {
      List<Integer> got = drain(pipe);

      assertThat(got).hasSize(n);
      for (int i = 0; i < n; i++) assertThat(got.get(i)).isEqualTo(i);
      assertThat(pipe.peek()).as("still the end").isNull();
      assertThat(pipe.take()).as("still the end").isNull();
    }
  }

  @Test
  void peekShowsTheNextItemWithoutTakingIt() {
    try (Pipe<Integer> pipe =
        Pipe.start("test-pipe", 2, counting(3, -1, new IllegalStateException("unused")))) {
      assertThat(pipe.peek()).isEqualTo(0);
      assertThat(pipe.peek()).isEqualTo(0);
      assertThat(pipe.take()).isEqualTo(0);
      assertThat(pipe.take()).isEqualTo(1);
      assertThat(pipe.peek()).as("across a batch boundary").isEqualTo(2);
      assertThat(pipe.take()).isEqualTo(2);
      assertThat(pipe.peek()).isNull();
    }
  }

  @ParameterizedTest(name = "failing at item {0}, batches of {1}")
  @CsvSource({"0, 4", "3, 4", "4, 4", "5, 4", "9, 1", "511, 512", "512, 512"})
  void whatTheSourceThrewComesExactlyWhereItThrewAndNothingAfter(int k, int batch) {
    IllegalStateException failure = new IllegalStateException("bad input at " + k);
    try (Pipe<Integer> pipe = Pipe.start("test-pipe", batch, counting(10_000, k, failure))) {
      for (int i = 0; i < k; i++) assertThat(pipe.take()).isEqualTo(i);

      assertThatThrownBy(pipe::peek).isSameAs(failure);
      assertThatThrownBy(pipe::take).as("again: it stays there").isSameAs(failure);
    }
  }

  @Test
  void anErrorOfTheSourceReachesTheConsumerToo() {
    StackOverflowError failure = new StackOverflowError("deep");
    try (Pipe<Integer> pipe =
        Pipe.start(
            "test-pipe",
            8,
            () -> {
              throw failure;
            })) {
      assertThatThrownBy(pipe::take).isSameAs(failure);
    }
  }

  @Test
  void theProducerRunsOnADaemonThreadOfItsOwn() {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    try (Pipe<String> pipe =
        Pipe.start(
            "test-pipe-named",
            1,
            () -> {
              if (ranOn.get() != null) return null;
              ranOn.set(Thread.currentThread());
              return "item";
            })) {
      assertThat(pipe.take()).isEqualTo("item");
      assertThat(pipe.take()).isNull();
    }
    assertThat(ranOn.get().getName()).isEqualTo("test-pipe-named");
    assertThat(ranOn.get().isDaemon()).isTrue();
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void theProducerRunsAheadByAFewBatchesAtMost() throws Exception {
    AtomicInteger made = new AtomicInteger();
    CountDownLatch full = new CountDownLatch(1);
    int batch = 4;
    int bound = (Pipe.DEPTH + 1) * batch;
    try (Pipe<Integer> pipe =
        Pipe.start(
            "test-pipe-endless",
            batch,
            () -> {
              int i = made.incrementAndGet();
              if (i >= bound) full.countDown();
              return i;
            })) {
      // It fills the waiting batches, one more in its hands, and blocks there.
      assertThat(full.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      assertThat(made.get()).isLessThanOrEqualTo(bound);
      assertThat(pipe.take()).isEqualTo(1);
    }
  }

  @Test
  void closeStopsAProducerThatIsStillGoingAndWaitsForItsThread() {
    AtomicReference<Thread> producer = new AtomicReference<>();
    Pipe<Integer> pipe =
        Pipe.start(
            "test-pipe-closed",
            2,
            () -> {
              producer.set(Thread.currentThread());
              return 1;
            });
    assertThat(pipe.take()).isEqualTo(1);

    pipe.close();

    assertThat(producer.get().isAlive()).as("ended when close returned").isFalse();
  }

  @Test
  void anInterruptedConsumerStillGetsItsItemAndKeepsItsInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Pipe<String> pipe =
        Pipe.start(
            "test-pipe-slow",
            1,
            new Pipe.Source<>() {
              private boolean given;

              @Override
              public @Nullable String next() {
                if (given) return null;
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                given = true;
                return "item";
              }
            })) {
      Thread.currentThread().interrupt();
      new Thread(release::countDown).start();
      try {
        assertThat(pipe.take()).isEqualTo("item");
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void aBatchSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> Pipe.start("test-pipe", 0, () -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
