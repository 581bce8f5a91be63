package dev.borgform.model;

/**
 * Server-side compaction settings as the spec states them. Each part may be null: a part the spec
 * leaves out is not managed, so the account keeps whatever it has.
 */
public record Compaction(
    Boolean enabled, Integer interval, CompactionUnit unit, Integer hour, String timezone) {

  public static final Compaction UNMANAGED = new Compaction(null, null, null, null, null);
}
