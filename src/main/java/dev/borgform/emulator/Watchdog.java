package dev.borgform.emulator;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for the parts of a request that wait on the client: reading the request, writing the
 * answer. When one passes, the waiting thread is interrupted; the JDK's HTTP server reads and
 * writes through interruptible socket channels, so the blocked read or write fails at once, the
 * connection is closed and the thread is free for other clients. This is how a client that sends
 * one byte a minute, or never reads its answer, costs a thread for a bounded time only. (The JDK
 * server's own timeouts are JVM-wide system properties read once, which an emulator started in a
 * test or by {@code --sandbox} cannot rely on.)
 */
final class Watchdog implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  Watchdog() {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "borgbase-emulator-watchdog");
              t.setDaemon(true);
              return t;
            });
    // Nearly every deadline is disarmed long before it is due; keeping them queued until then
    // would hold tens of thousands of dead entries at a high request rate.
    timer.setRemoveOnCancelPolicy(true);
    // A request still being served while the emulator stops arms its deadline after close():
    // the server is going away and will close that connection itself, so the deadline is
    // dropped rather than thrown on the request thread (which printed a stack trace on stop).
    timer.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
  }

  /** One armed deadline for the thread that armed it. */
  final class Deadline implements AutoCloseable {
    private final Thread thread = Thread.currentThread();
    private final ScheduledFuture<?> task;
    private boolean done;
    private boolean fired;

    private Deadline(Duration timeout) {
      this.task = timer.schedule(this::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void fire() {
      if (!done) {
        fired = true;
        thread.interrupt();
      }
    }

    /**
     * Disarms the deadline; true if it passed first (the connection is then closed or about to be).
     * Clears the interrupt it caused, so the thread goes on clean.
     */
    boolean expired() {
      boolean result;
      synchronized (this) {
        done = true;
        result = fired;
      }
      task.cancel(false);
      if (result) {
        Thread.interrupted();
      }
      return result;
    }

    @Override
    public void close() {
      expired();
    }
  }

  /** Interrupts the calling thread after {@code timeout}, unless disarmed first. */
  Deadline arm(Duration timeout) {
    return new Deadline(timeout);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
