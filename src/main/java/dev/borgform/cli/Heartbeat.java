package dev.borgform.cli;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The clock and the timer of apply's heartbeat, apart so tests drive both: {@link #nanos()} tells
 * the time, {@link #every} calls a task at a period until cancelled.
 */
interface Heartbeat extends AutoCloseable {
  /** How often a waiting apply says it is alive. */
  Duration PERIOD = Duration.ofSeconds(10);

  long nanos();

  Cancellable every(Duration period, Runnable task);

  /** Stops the timer's thread, if any. */
  @Override
  void close();

  interface Cancellable {
    void cancel();
  }

  /** No heartbeat (no terminal: a CI log gets the result lines and one summary line). */
  static Heartbeat none() {
    return new Heartbeat() {
      @Override
      public long nanos() {
        return System.nanoTime();
      }

      @Override
      public Cancellable every(Duration period, Runnable task) {
        return () -> {};
      }

      @Override
      public void close() {}
    };
  }

  /** The system clock and one daemon timer thread, started on the first wait. */
  static Heartbeat system() {
    return system(System::nanoTime);
  }

  static Heartbeat system(LongSupplier clock) {
    return new Heartbeat() {
      private @Nullable ScheduledExecutorService timer;

      @Override
      public long nanos() {
        return clock.getAsLong();
      }

      @Override
      public synchronized Cancellable every(Duration period, Runnable task) {
        if (timer == null) {
          timer =
              Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "borgform-heartbeat");
                    t.setDaemon(true);
                    return t;
                  });
        }
        long ms = period.toMillis();
        ScheduledFuture<?> f = timer.scheduleAtFixedRate(task, ms, ms, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public synchronized void close() {
        if (timer != null) timer.shutdownNow();
      }
    };
  }
}
