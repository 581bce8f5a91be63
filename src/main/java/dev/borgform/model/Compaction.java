package dev.borgform.model;

import org.jspecify.annotations.Nullable;

/**
 * Server-side compaction settings as the spec states them. Each part may be null: a part the spec
 * leaves out is not managed, so the account keeps whatever it has.
 */
public record Compaction(
    @Nullable Boolean enabled,
    @Nullable Integer interval,
    @Nullable CompactionUnit unit,
    @Nullable Integer hour,
    @Nullable String timezone) {

  public static final Compaction UNMANAGED = new Compaction(null, null, null, null, null);
}
