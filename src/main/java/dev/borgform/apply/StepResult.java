package dev.borgform.apply;

import dev.borgform.plan.Address;
import dev.borgform.plan.Phase;
import java.util.Objects;

/**
 * What happened to one mutation of a plan during apply.
 *
 * @param verb what the mutation does, for people: "create", "update", "delete"
 * @param kind the kind of write, for advice about token levels
 * @param detail the new id when applied, the server's message when failed, else empty
 * @param failure why it failed, as the API client classified it; {@link FailureKind#NONE} else
 */
public record StepResult(
    Address address,
    String verb,
    Mutation.Kind kind,
    Phase phase,
    Status status,
    String detail,
    FailureKind failure) {
  public enum Status {
    APPLIED,
    FAILED,
    /** Sent, but whether the server committed it is unknown; a fresh plan tells. */
    UNKNOWN,
    NOT_ATTEMPTED
  }

  public StepResult {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    if (failure == null) failure = FailureKind.NONE;
  }
}
