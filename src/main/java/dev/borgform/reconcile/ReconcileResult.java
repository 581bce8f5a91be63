package dev.borgform.reconcile;

import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.BorgformException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How an apply ended, with the report of every round.
 *
 * @param rounds one report per round, in order; round 1 runs the approved plan, later rounds what a
 *     fresh read showed was left; steps giving way to a concurrent apply's twin repo are in the
 *     round they happened in
 * @param status how it ended
 * @param message for anything but {@link Status#DONE}: what stopped it, for the user
 * @param hint what to do next (may be empty)
 * @param cause the error behind a stop, if there was one (a failed read, no safe plan, a refusal)
 */
public record ReconcileResult(
    List<ApplyReport> rounds,
    Status status,
    String message,
    String hint,
    @Nullable BorgformException cause) {

  public enum Status {
    /** The account matches what was approved: every change applied or found already made. */
    DONE,
    /** A change failed for certain (refused by BorgBase, or not reachable); nothing unknown. */
    FAILED,
    /** Some outcome is still unknown: the rounds ran out, or a saved plan may not be re-planned. */
    UNSETTLED,
    /** A fresh plan was refused: unsafe, beyond what was approved, or no safe plan exists. */
    STOPPED,
    /** Ctrl-C: the request in flight was finished, nothing more was sent. */
    INTERRUPTED
  }

  public ReconcileResult {
    rounds = List.copyOf(rounds);
    message = message == null ? "" : message;
    hint = hint == null ? "" : hint;
  }

  public boolean succeeded() {
    return status == Status.DONE;
  }

  /** Every step of every round, in order. */
  public List<StepResult> steps() {
    List<StepResult> out = new ArrayList<>();
    for (ApplyReport r : rounds) out.addAll(r.steps());
    return out;
  }

  /** Steps applied in any round. */
  public long applied() {
    return steps().stream().filter(s -> s.status() == StepResult.Status.APPLIED).count();
  }
}
