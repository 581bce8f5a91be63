package dev.borgform.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The changes that bring an account to its spec, in apply order (phase, then address), plus notes
 * for the reader, the digest of the live state the plan was made against, the numbers of the
 * mass-deletion rail, what the spec allowed ({@code policy}) and the account the plan is for
 * ({@code target}). Sorting here keeps output and golden files stable whatever order the inputs
 * came in.
 *
 * <p>The planner does not know the account's address, so its plans are {@link Target#UNBOUND} until
 * the command that read the account binds them ({@link #withTarget}).
 */
public record Plan(
    List<Change> changes,
    List<PlanNote> notes,
    String liveDigest,
    DeletionGuard deletionGuard,
    PlanPolicy policy,
    Target target) {

  private static final Comparator<Change> ORDER =
      Comparator.comparingInt((Change c) -> c.phase().number())
          .thenComparing(Change::address)
          .thenComparing(c -> c.liveId() == null ? "" : c.liveId());

  public Plan {
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(ORDER);
    changes = List.copyOf(sorted);
    List<PlanNote> sortedNotes = new ArrayList<>(notes);
    sortedNotes.sort(Comparator.naturalOrder());
    notes = List.copyOf(sortedNotes);
    Objects.requireNonNull(liveDigest, "liveDigest");
    Objects.requireNonNull(deletionGuard, "deletionGuard");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(target, "target");
  }

  /** The same plan, for the account {@code t}. */
  public Plan withTarget(Target t) {
    return new Plan(changes, notes, liveDigest, deletionGuard, policy, t);
  }

  /** The same plan with the rail's numbers {@code g} (recomputed against a fresh read). */
  public Plan withDeletionGuard(DeletionGuard g) {
    return new Plan(changes, notes, liveDigest, g, policy, target);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public Summary summary() {
    int add = 0, change = 0, delete = 0;
    for (Change c : changes) {
      switch (c.action()) {
        case CREATE -> add++;
        case UPDATE -> change++;
        case DELETE -> delete++;
        case REPLACE -> {
          add++;
          delete++;
        }
      }
    }
    return new Summary(add, change, delete);
  }

  public List<PlanNote> warnings() {
    return notes.stream().filter(n -> n.kind() == PlanNote.Kind.WARNING).toList();
  }

  public boolean destroysBackups() {
    return changes.stream().anyMatch(Change::destroysBackups);
  }

  /** Counts for the closing line: a replace counts as one add and one delete, as in Terraform. */
  public record Summary(int add, int change, int delete) {}
}
