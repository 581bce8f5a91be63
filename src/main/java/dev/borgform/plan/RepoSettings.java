package dev.borgform.plan;

import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The repo fields one mutation sends. Null means "not sent": for a create BorgBase picks its
 * default, for an edit the live value stays. Key lists are sent whole because BorgBase replaces a
 * list on edit.
 */
public record RepoSettings(
    @Nullable String name,
    @Nullable Region region,
    @Nullable Quota quota,
    @Nullable Integer alertDays,
    @Nullable List<KeyRef> appendOnlyKeys,
    @Nullable List<KeyRef> fullAccessKeys,
    @Nullable List<KeyRef> rsyncKeys,
    @Nullable Boolean appendOnly,
    @Nullable Boolean sftpEnabled,
    @Nullable BorgVersion borgVersion,
    @Nullable RepoFormat format,
    @Nullable Boolean compactionEnabled,
    @Nullable Integer compactionInterval,
    @Nullable CompactionUnit compactionUnit,
    @Nullable Integer compactionHour,
    @Nullable String compactionTimezone) {

  public static final RepoSettings EMPTY =
      new RepoSettings(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null);

  public RepoSettings {
    appendOnlyKeys = appendOnlyKeys == null ? null : List.copyOf(appendOnlyKeys);
    fullAccessKeys = fullAccessKeys == null ? null : List.copyOf(fullAccessKeys);
    rsyncKeys = rsyncKeys == null ? null : List.copyOf(rsyncKeys);
  }

  /** The same settings with every key reference passed through {@code f} (id resolution). */
  public RepoSettings mapKeyRefs(UnaryOperator<KeyRef> f) {
    return new RepoSettings(
        name,
        region,
        quota,
        alertDays,
        map(appendOnlyKeys, f),
        map(fullAccessKeys, f),
        map(rsyncKeys, f),
        appendOnly,
        sftpEnabled,
        borgVersion,
        format,
        compactionEnabled,
        compactionInterval,
        compactionUnit,
        compactionHour,
        compactionTimezone);
  }

  private static @Nullable List<KeyRef> map(@Nullable List<KeyRef> refs, UnaryOperator<KeyRef> f) {
    if (refs == null) return null;
    List<KeyRef> out = new ArrayList<>(refs.size());
    for (KeyRef r : refs) out.add(f.apply(r));
    return out;
  }

  /** Every key reference this mutation sends, for dependency checks. */
  public List<KeyRef> allKeyRefs() {
    List<KeyRef> all = new ArrayList<>();
    if (appendOnlyKeys != null) all.addAll(appendOnlyKeys);
    if (fullAccessKeys != null) all.addAll(fullAccessKeys);
    if (rsyncKeys != null) all.addAll(rsyncKeys);
    return all;
  }

  /** Stated fields, in a stable order, as (spec field name, value) pairs for display. */
  public List<FieldChange> asCreatedFields() {
    List<FieldChange> out = new ArrayList<>();
    add(out, "name", name);
    add(out, "region", region == null ? null : region.wire());
    add(out, "format", format == null ? null : format.wire());
    add(out, "quota", quota);
    add(out, "alertDays", alertDays);
    add(out, "appendOnlyKeys", appendOnlyKeys);
    add(out, "fullAccessKeys", fullAccessKeys);
    add(out, "rsyncKeys", rsyncKeys);
    add(out, "appendOnly", appendOnly);
    add(out, "sftpEnabled", sftpEnabled);
    add(out, "borgVersion", borgVersion == null ? null : borgVersion.wire());
    add(out, "compaction.enabled", compactionEnabled);
    add(out, "compaction.interval", compactionInterval);
    add(out, "compaction.unit", compactionUnit == null ? null : compactionUnit.wire());
    add(out, "compaction.hour", compactionHour);
    add(out, "compaction.timezone", compactionTimezone);
    return out;
  }

  private static void add(List<FieldChange> out, String field, @Nullable Object value) {
    if (value != null) out.add(new FieldChange(field, null, value));
  }
}
