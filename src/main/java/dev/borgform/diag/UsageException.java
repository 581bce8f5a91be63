package dev.borgform.diag;

/** The command line or its environment is incomplete (no token, no --auto-approve...): exit 64. */
public final class UsageException extends BorgformException {
  public UsageException(String message, String hint) {
    super(message, hint, null);
  }

  @Override
  public int exitCode() {
    return ExitCodes.USAGE;
  }
}
