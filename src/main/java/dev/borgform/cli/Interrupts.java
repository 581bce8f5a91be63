package dev.borgform.cli;

/**
 * Ctrl-C (SIGINT) as a command sees it. By default an interrupt ends the process at once, as it
 * always has. A command that must not stop half-way (apply, between sending a change and reading
 * its answer) defers it: while its scope is open, the first interrupt only runs {@code first}
 * (apply finishes the request in flight, sends nothing more and reports), and a second one runs
 * {@code again}, then ends the process at once with exit code 130.
 *
 * <p>Comes with the {@link Environment}, never from a global: {@code Main} passes the process's
 * signals, tests pass a fake they can fire.
 */
public interface Interrupts {
  /** The exit code of a process ended by Ctrl-C (128 + SIGINT), as shells report it. */
  int EXIT_CODE = 130;

  Scope defer(Runnable first, Runnable again);

  /** While open, interrupts are deferred; closing it restores what was there before. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** No interrupts ever arrive (in-process runs, tests that do not send any). */
  static Interrupts none() {
    return (first, again) -> () -> {};
  }
}
