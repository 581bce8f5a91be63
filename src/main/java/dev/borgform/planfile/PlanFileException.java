package dev.borgform.planfile;

/**
 * A plan document that cannot be used: not a plan at all (not JSON, not a borgform document), or a
 * borgform plan that fails its checks (another format version, a hash that does not match, review
 * lines that differ from what a change sends).
 */
public final class PlanFileException extends RuntimeException {
  /** Whether the file is no plan at all (a usage error), or a plan that is refused. */
  public enum Kind {
    /** Not JSON, not an object, no formatVersion: the wrong file was passed. */
    NOT_A_PLAN,
    /** A borgform plan that cannot be trusted as written: it is refused as unsafe. */
    REFUSED
  }

  private final Kind kind;

  public PlanFileException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PlanFileException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** A plan that is refused; most problems are of this kind. */
  public PlanFileException(String message) {
    this(Kind.REFUSED, message);
  }

  public Kind kind() {
    return kind;
  }
}
