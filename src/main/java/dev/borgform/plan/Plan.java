package dev.borgform.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The changes that bring an account to its spec, in apply order (phase, then address), plus notes
 * for the reader, the digest of the live state the plan was made against, and the numbers of the
 * mass-deletion rail. Sorting here keeps output and golden files stable whatever order the inputs
 * came in.
 */
public record Plan(
    List<Change> changes, List<PlanNote> notes, String liveDigest, DeletionGuard deletionGuard) {

  private static final Comparator<Change> ORDER =
      Comparator.comparing(Change::phase)
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
