package dev.borgform.diag;

import org.jspecify.annotations.Nullable;

/**
 * Base of every failure borgform reports to the user. Each kind carries the process exit code of
 * the documented exit codes (`ExitCodes`), so the CLI maps exceptions to codes in one place.
 */
public abstract class BorgformException extends RuntimeException {
  private final String hint;

  protected BorgformException(String message, @Nullable String hint, @Nullable Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
  }

  /** Never null: every borgform failure is made with a message. */
  @Override
  public String getMessage() {
    String m = super.getMessage();
    return m == null ? "" : m;
  }

  /** A sentence telling the user what to do next; may be empty. */
  public String hint() {
    return hint;
  }

  public abstract int exitCode();
}
