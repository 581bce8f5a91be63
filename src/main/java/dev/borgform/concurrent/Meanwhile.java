package dev.borgform.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A value worked out on a thread of its own while the caller does other work; {@link #get} waits
 * for it. Used where a large plan has two long, independent pieces of work (the plan hash and the
 * printing of the plan; the live digest and the planning), so that on a machine with two cores the
 * two take the longer of their times, not the sum.
 *
 * <p>{@code get} throws what the work threw. It waits without giving up when the caller is
 * interrupted and keeps the interrupt for the caller to see: the work is CPU alone and ends in
 * seconds at most, or, for the one kind that waits on the network ({@link #onThread}, the account
 * read), is bounded by the client's timeouts and retries and is given up with {@link #abandon}. The
 * thread is a daemon: it never keeps the process alive.
 */
public final class Meanwhile<T> implements Supplier<T> {
  private final FutureTask<T> task;

  private Meanwhile(FutureTask<T> task) {
    this.task = task;
  }

  /**
   * {@code work} on a new thread named {@code name} when {@code large}, else at once on this
   * thread: for small work a thread costs more than it saves.
   */
  public static <T> Supplier<T> start(boolean large, String name, Supplier<T> work) {
    if (!large) {
      T value = work.get();
      return () -> value;
    }
    return onThread(name, work);
  }

  /**
   * {@code work} on a new thread named {@code name}, whatever its size: for work that waits on
   * something outside the process (the account read), which a thread hides however little CPU it
   * takes. {@link #abandon} stops waiting for it.
   */
  public static <T> Meanwhile<T> onThread(String name, Supplier<T> work) {
    FutureTask<T> task = new FutureTask<>(work::get);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return new Meanwhile<>(task);
  }

  /**
   * The value is no longer wanted: the thread is interrupted if the work is still running (so a
   * wait in it ends), and {@link #get} throws {@link java.util.concurrent.CancellationException}.
   * What the work holds is the work's to release.
   */
  public void abandon() {
    task.cancel(true);
  }

  @Override
  public T get() {
    try {
      return Uninterruptibly.await(task::get);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }
}
