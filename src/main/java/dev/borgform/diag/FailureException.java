package dev.borgform.diag;

import org.jspecify.annotations.Nullable;

/** A runtime failure with a message fit for the user (exit 1). */
public final class FailureException extends BorgformException {
  public FailureException(String message, @Nullable String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
  }

  @Override
  public int exitCode() {
    return ExitCodes.FAILURE;
  }
}
