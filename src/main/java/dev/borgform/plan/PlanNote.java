package dev.borgform.plan;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something the reader should know that is not a change: an object left alone because the spec does
 * not manage it, one the policy ignores, or a warning.
 */
public record PlanNote(Kind kind, @Nullable Address address, String message)
    implements Comparable<PlanNote> {
  public enum Kind {
    UNMANAGED,
    IGNORED,
    WARNING
  }

  public PlanNote {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public int compareTo(PlanNote o) {
    int c = kind.compareTo(o.kind);
    if (c != 0) return c;
    if (address != null && o.address != null) c = address.compareTo(o.address);
    return c != 0 ? c : message.compareTo(o.message);
  }
}
