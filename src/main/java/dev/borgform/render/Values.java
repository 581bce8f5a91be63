package dev.borgform.render;

import dev.borgform.plan.KeyRef;
import java.util.List;
import java.util.stream.Collectors;

/** How field values read in human output. */
final class Values {
  private Values() {}

  static String show(Object v) {
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
