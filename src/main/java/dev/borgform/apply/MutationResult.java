package dev.borgform.apply;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What came of one mutation. {@link Outcome#UNKNOWN} means the request may have reached the server
 * and been committed (a timeout, a lost connection): such a mutation must never be sent again
 * blindly, only re-planned from a fresh read. {@link Outcome#NOT_SENT} means the writer held it
 * back (an earlier mutation's outcome is unknown): certainly not made.
 *
 * @param createdId the new object's id for an add, else null
 * @param message the server's or transport's message on failure, else empty
 * @param failure why it failed, as the API client classified it; {@link FailureKind#NONE} when
 *     applied
 */
public record MutationResult(
    Outcome outcome, @Nullable String createdId, String message, FailureKind failure) {
  public enum Outcome {
    APPLIED,
    FAILED,
    UNKNOWN,
    NOT_SENT
  }

  public MutationResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(failure, "failure");
  }

  public MutationResult(Outcome outcome, @Nullable String createdId, String message) {
    this(
        outcome,
        createdId,
        message,
        outcome == Outcome.APPLIED ? FailureKind.NONE : FailureKind.UNKNOWN);
  }

  public static MutationResult applied(@Nullable String createdId) {
    return new MutationResult(Outcome.APPLIED, createdId, "");
  }

  /** A failure the writer could not classify. */
  public static MutationResult failed(String message) {
    return failed(FailureKind.UNKNOWN, message);
  }

  public static MutationResult failed(FailureKind kind, String message) {
    return new MutationResult(Outcome.FAILED, null, message, kind);
  }

  public static MutationResult unknown(String message) {
    return new MutationResult(Outcome.UNKNOWN, null, message);
  }

  public static MutationResult notSent(String message) {
    return new MutationResult(Outcome.NOT_SENT, null, message);
  }

  public boolean isApplied() {
    return outcome == Outcome.APPLIED;
  }
}
