package dev.borgform.concurrent;

/**
 * Waiting that goes on when the waiting thread is interrupted, and keeps the interrupt for it to
 * see afterwards. For waits on borgform's own work, which is CPU alone and bounded by its input (a
 * value worked out meanwhile, the next items of a {@link Pipe}, a thread ending): giving up
 * half-way would leave that work to run on unseen. Ctrl-C is handled where requests go out, not
 * here.
 */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /** A wait that may be interrupted, and may fail with {@code E}. */
  @FunctionalInterface
  public interface Wait<T, E extends Exception> {
    T get() throws InterruptedException, E;
  }

  /** What {@code wait} returns, asked again after each interrupt until it returns or throws. */
  public static <T, E extends Exception> T await(Wait<T, E> wait) throws E {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return wait.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
