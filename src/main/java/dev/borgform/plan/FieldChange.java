package dev.borgform.plan;

import java.util.Objects;

/**
 * One field's before and after, for display and review only. Values are plain Java values (String,
 * Number, Boolean, {@code List<KeyRef>}, Quota) or null when absent.
 */
public record FieldChange(String field, Object before, Object after) {
  public FieldChange {
    Objects.requireNonNull(field, "field");
  }
}
