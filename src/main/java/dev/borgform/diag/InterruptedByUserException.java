package dev.borgform.diag;

/** The user pressed Ctrl-C; what was done is reported, nothing more was sent (exit 130). */
public final class InterruptedByUserException extends BorgformException {
  public InterruptedByUserException(String message, String hint) {
    super(message, hint, null);
  }

  @Override
  public int exitCode() {
    return ExitCodes.INTERRUPTED;
  }
}
