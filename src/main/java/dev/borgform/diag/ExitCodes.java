package dev.borgform.diag;

/** Process exit codes, as README.md and `borgform --help` list them. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int CHANGES_PRESENT = 2;
  public static final int UNSAFE = 3;
  public static final int USAGE = 64;
  public static final int INVALID_SPEC = 65;

  /** An apply stopped by Ctrl-C after finishing the request in flight (128 + SIGINT). */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
