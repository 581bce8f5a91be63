package dev.borgform.planner;

import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.Quota;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds a repo edit and its review lines together, so the two never disagree. */
final class Patch {
  final List<FieldChange> fields = new ArrayList<>();
  private @Nullable String name;
  private @Nullable Quota quota;
  private @Nullable Integer alertDays;
  private @Nullable List<KeyRef> appendOnlyKeys;
  private @Nullable List<KeyRef> fullAccessKeys;
  private @Nullable List<KeyRef> rsyncKeys;
  private @Nullable Boolean appendOnly;
  private @Nullable Boolean sftpEnabled;
  private @Nullable BorgVersion borgVersion;
  private @Nullable Boolean compactionEnabled;
  private @Nullable Integer compactionInterval;
  private @Nullable CompactionUnit compactionUnit;
  private @Nullable Integer compactionHour;
  private @Nullable String compactionTimezone;

  boolean isEmpty() {
    return fields.isEmpty();
  }

  void name(String before, String after) {
    name = after;
    fields.add(new FieldChange("name", before, after));
  }

  void quota(Quota before, Quota after) {
    quota = after;
    fields.add(new FieldChange("quota", before, after));
  }

  void alertDays(int before, int after) {
    alertDays = after;
    fields.add(new FieldChange("alertDays", before, after));
  }

  void appendOnly(boolean before, boolean after) {
    appendOnly = after;
    fields.add(new FieldChange("appendOnly", before, after));
  }

  void sftpEnabled(boolean before, boolean after) {
    sftpEnabled = after;
    fields.add(new FieldChange("sftpEnabled", before, after));
  }

  void borgVersion(String before, BorgVersion after) {
    borgVersion = after;
    fields.add(new FieldChange("borgVersion", before, after.wire()));
  }

  void compactionEnabled(boolean before, boolean after) {
    compactionEnabled = after;
    fields.add(new FieldChange("compaction.enabled", before, after));
  }

  void compactionInterval(int before, int after) {
    compactionInterval = after;
    fields.add(new FieldChange("compaction.interval", before, after));
  }

  void compactionUnit(String before, CompactionUnit after) {
    compactionUnit = after;
    fields.add(new FieldChange("compaction.unit", before, after.wire()));
  }

  void compactionHour(int before, int after) {
    compactionHour = after;
    fields.add(new FieldChange("compaction.hour", before, after));
  }

  void compactionTimezone(String before, String after) {
    compactionTimezone = after;
    fields.add(new FieldChange("compaction.timezone", before, after));
  }

  void keys(String field, List<KeyRef> before, @Nullable List<KeyRef> after) {
    switch (field) {
      case "appendOnlyKeys" -> appendOnlyKeys = after;
      case "fullAccessKeys" -> fullAccessKeys = after;
      case "rsyncKeys" -> rsyncKeys = after;
      default -> throw new IllegalArgumentException(field);
    }
    fields.add(new FieldChange(field, before, after));
  }

  RepoSettings build() {
    return new RepoSettings(
        name,
        null,
        quota,
        alertDays,
        appendOnlyKeys,
        fullAccessKeys,
        rsyncKeys,
        appendOnly,
        sftpEnabled,
        borgVersion,
        null,
        compactionEnabled,
        compactionInterval,
        compactionUnit,
        compactionHour,
        compactionTimezone);
  }
}
