package dev.borgform.render;

import dev.borgform.diag.Printable;
import dev.borgform.plan.KeyRef;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How field values read in human output. */
final class Values {
  private Values() {}

  /** The value as people read it, made printable: names and comments come from the account. */
  static String show(@Nullable Object v) {
    return Printable.of(raw(v));
  }

  private static String raw(@Nullable Object v) {
    if (v == null) return "(unset)";
    if (v instanceof List<?> l) {
      return l.stream().map(Values::item).collect(Collectors.joining(", ", "[", "]"));
    }
    return v.toString();
  }

  private static String item(Object o) {
    if (o instanceof KeyRef r) {
      // Show ids only where names alone would confuse: a key being replaced keeps its name.
      return r.isPending() ? r.name() + " (new)" : r.name();
    }
    return String.valueOf(o);
  }
}
