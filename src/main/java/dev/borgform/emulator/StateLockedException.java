package dev.borgform.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Another process (or another store in this one) holds the state file: one writer per file, so the
 * emulator does not start. The message names the holder's pid when the lock file tells it.
 */
public final class StateLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path stateFile;
  private final long pid;

  StateLockedException(Path stateFile, long pid, @Nullable String startedAt, Duration waited) {
    super(message(stateFile, pid, startedAt, waited));
    this.stateFile = stateFile;
    this.pid = pid;
  }

  private static String message(Path file, long pid, @Nullable String startedAt, Duration waited) {
    String who =
        pid > 0
            ? "process "
                + pid
                + (pid == ProcessHandle.current().pid() ? " (this one)" : "")
                + (startedAt == null ? "" : ", started " + startedAt)
            : "another process";
    return "The state file "
        + file
        + " is in use by "
        + who
        + (waited.isZero() ? "" : ", still after waiting " + human(waited));
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** The state file asked for. */
  public Path stateFile() {
    return stateFile;
  }

  /** The holder's process id, or -1 when the lock file did not say. */
  public long pid() {
    return pid;
  }
}
