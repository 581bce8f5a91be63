package dev.borgform.planfile;

/** A plan document that cannot be read back: not JSON, another format version, or damaged. */
public final class PlanFileException extends RuntimeException {
  public PlanFileException(String message) {
    super(message);
  }

  public PlanFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
