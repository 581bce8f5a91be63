package dev.borgform.model;

import dev.borgform.diag.SourcePos;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A repo the spec asks for. Every setting is nullable: null means the spec does not state it, so
 * the live value is left alone (no fight with changes made in the web UI). Key lists hold key names
 * from the spec; the planner resolves them to ids.
 *
 * @param id pinned repo id, or null to match by name
 * @param fieldPos where each stated field sits in the spec, for diagnostics found while planning
 * @param renamedFrom names the repo had before (spec field {@code renamedFrom}); when no live repo
 *     has {@code name}, a live repo with one of these names is renamed in place instead of a new
 *     one being created
 */
public record DesiredRepo(
    String name,
    @Nullable String id,
    @Nullable Region region,
    @Nullable Quota quota,
    @Nullable Integer alertDays,
    @Nullable List<String> appendOnlyKeys,
    @Nullable List<String> fullAccessKeys,
    @Nullable List<String> rsyncKeys,
    @Nullable Boolean appendOnly,
    @Nullable Boolean sftpEnabled,
    @Nullable BorgVersion borgVersion,
    @Nullable RepoFormat format,
    Compaction compaction,
    @Nullable SourcePos pos,
    Map<String, SourcePos> fieldPos,
    List<String> renamedFrom) {

  public DesiredRepo {
    Objects.requireNonNull(name, "name");
    appendOnlyKeys = appendOnlyKeys == null ? null : List.copyOf(appendOnlyKeys);
    fullAccessKeys = fullAccessKeys == null ? null : List.copyOf(fullAccessKeys);
    rsyncKeys = rsyncKeys == null ? null : List.copyOf(rsyncKeys);
    compaction = compaction == null ? Compaction.UNMANAGED : compaction;
    fieldPos = fieldPos == null ? Map.of() : Map.copyOf(fieldPos);
    renamedFrom = renamedFrom == null ? List.of() : List.copyOf(renamedFrom);
  }

  /** A repo without {@code renamedFrom}. */
  public DesiredRepo(
      String name,
      @Nullable String id,
      @Nullable Region region,
      @Nullable Quota quota,
      @Nullable Integer alertDays,
      @Nullable List<String> appendOnlyKeys,
      @Nullable List<String> fullAccessKeys,
      @Nullable List<String> rsyncKeys,
      @Nullable Boolean appendOnly,
      @Nullable Boolean sftpEnabled,
      @Nullable BorgVersion borgVersion,
      @Nullable RepoFormat format,
      Compaction compaction,
      @Nullable SourcePos pos,
      @Nullable Map<String, SourcePos> fieldPos) {
    this(
        name,
        id,
        region,
        quota,
        alertDays,
        appendOnlyKeys,
        fullAccessKeys,
        rsyncKeys,
        appendOnly,
        sftpEnabled,
        borgVersion,
        format,
        compaction,
        pos,
        fieldPos == null ? Map.of() : fieldPos,
        List.of());
  }

  /** Where {@code field} is stated, else where the repo starts. */
  public @Nullable SourcePos posOf(String field) {
    return fieldPos.getOrDefault(field, pos);
  }
}
