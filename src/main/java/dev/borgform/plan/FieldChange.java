package dev.borgform.plan;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One field's before and after, for display and review only. Values are plain Java values (String,
 * Number, Boolean, {@code List<KeyRef>}, Quota) or null when absent.
 */
public record FieldChange(String field, @Nullable Object before, @Nullable Object after) {
  public FieldChange {
    Objects.requireNonNull(field, "field");
  }
}
