package dev.borgform.diag;

/**
 * A plan refused because applying it could lose data or apply something nobody reviewed: repo
 * deletion without --allow-destroy, too many deletions without --force, a stale saved plan.
 */
public final class UnsafePlanException extends BorgformException {
  public UnsafePlanException(String message, String hint) {
    super(message, hint, null);
  }

  @Override
  public int exitCode() {
    return ExitCodes.UNSAFE;
  }
}
