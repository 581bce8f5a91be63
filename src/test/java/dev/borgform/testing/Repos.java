package dev.borgform.testing;

import dev.borgform.diag.SourcePos;
import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.model.RepoFormat;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Repos for tests, built from every field by position: the readable form of a table row. Absent
 * (null) values stay out of the repo's field map.
 */
public final class Repos {
  private Repos() {}

  /** A spec's compaction mapping; a null part is not stated. */
  public record Compaction(
      Boolean enabled, Integer interval, CompactionUnit unit, Integer hour, String timezone) {
    public static final Compaction UNMANAGED = new Compaction(null, null, null, null, null);
  }

  public static DesiredRepo desired(
      String name,
      String id,
      Region region,
      Quota quota,
      Integer alertDays,
      List<String> appendOnlyKeys,
      List<String> fullAccessKeys,
      List<String> rsyncKeys,
      Boolean appendOnly,
      Boolean sftpEnabled,
      BorgVersion borgVersion,
      RepoFormat format,
      Compaction compaction,
      SourcePos pos,
      Map<String, SourcePos> fieldPos) {
    return desired(
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
        fieldPos,
        List.of());
  }

  public static DesiredRepo desired(
      String name,
      String id,
      Region region,
      Quota quota,
      Integer alertDays,
      List<String> appendOnlyKeys,
      List<String> fullAccessKeys,
      List<String> rsyncKeys,
      Boolean appendOnly,
      Boolean sftpEnabled,
      BorgVersion borgVersion,
      RepoFormat format,
      Compaction compaction,
      SourcePos pos,
      Map<String, SourcePos> fieldPos,
      List<String> renamedFrom) {
    Compaction c = compaction == null ? Compaction.UNMANAGED : compaction;
    Map<RepoField<?, ?>, Object> v = new LinkedHashMap<>();
    v.put(RepoField.QUOTA, quota);
    v.put(RepoField.ALERT_DAYS, alertDays);
    v.put(RepoField.APPEND_ONLY_KEYS, appendOnlyKeys);
    v.put(RepoField.FULL_ACCESS_KEYS, fullAccessKeys);
    v.put(RepoField.RSYNC_KEYS, rsyncKeys);
    v.put(RepoField.APPEND_ONLY, appendOnly);
    v.put(RepoField.SFTP, sftpEnabled);
    v.put(RepoField.BORG_VERSION, borgVersion);
    v.put(RepoField.FORMAT, format);
    v.put(RepoField.COMPACTION_ENABLED, c.enabled());
    v.put(RepoField.COMPACTION_INTERVAL, c.interval());
    v.put(RepoField.COMPACTION_UNIT, c.unit());
    v.put(RepoField.COMPACTION_HOUR, c.hour());
    v.put(RepoField.COMPACTION_TIMEZONE, c.timezone());
    return new DesiredRepo(name, id, region, v, pos, fieldPos, renamedFrom);
  }

  public static LiveRepo live(
      String id,
      String name,
      String region,
      long quota,
      boolean quotaEnabled,
      int alertDays,
      boolean appendOnly,
      List<String> appendOnlyKeys,
      List<String> fullAccessKeys,
      List<String> rsyncKeys,
      boolean sftpEnabled,
      String borgVersion,
      String format,
      boolean compactionEnabled,
      int compactionInterval,
      String compactionIntervalUnit,
      int compactionHour,
      String compactionHourTimezone,
      String repoPath,
      double currentUsage,
      String createdAt) {
    return live(
        id,
        name,
        region,
        quota,
        quotaEnabled,
        alertDays,
        appendOnly,
        appendOnlyKeys,
        fullAccessKeys,
        rsyncKeys,
        sftpEnabled,
        borgVersion,
        format,
        compactionEnabled,
        compactionInterval,
        compactionIntervalUnit,
        compactionHour,
        compactionHourTimezone,
        repoPath,
        currentUsage,
        createdAt,
        null);
  }

  public static LiveRepo live(
      String id,
      String name,
      String region,
      long quota,
      boolean quotaEnabled,
      int alertDays,
      boolean appendOnly,
      List<String> appendOnlyKeys,
      List<String> fullAccessKeys,
      List<String> rsyncKeys,
      boolean sftpEnabled,
      String borgVersion,
      String format,
      boolean compactionEnabled,
      int compactionInterval,
      String compactionIntervalUnit,
      int compactionHour,
      String compactionHourTimezone,
      String repoPath,
      double currentUsage,
      String createdAt,
      String lastModified) {
    Map<RepoField<?, ?>, Object> v = new LinkedHashMap<>();
    v.put(RepoField.QUOTA, new LiveQuota(quota, quotaEnabled));
    v.put(RepoField.ALERT_DAYS, alertDays);
    v.put(RepoField.APPEND_ONLY, appendOnly);
    v.put(RepoField.APPEND_ONLY_KEYS, appendOnlyKeys);
    v.put(RepoField.FULL_ACCESS_KEYS, fullAccessKeys);
    v.put(RepoField.RSYNC_KEYS, rsyncKeys);
    v.put(RepoField.SFTP, sftpEnabled);
    v.put(RepoField.BORG_VERSION, borgVersion);
    v.put(RepoField.FORMAT, format);
    v.put(RepoField.COMPACTION_ENABLED, compactionEnabled);
    v.put(RepoField.COMPACTION_INTERVAL, compactionInterval);
    v.put(RepoField.COMPACTION_UNIT, compactionIntervalUnit);
    v.put(RepoField.COMPACTION_HOUR, compactionHour);
    v.put(RepoField.COMPACTION_TIMEZONE, compactionHourTimezone);
    return new LiveRepo(id, name, region, v, repoPath, currentUsage, createdAt, lastModified);
  }

  public static RepoSettings settings(
      String name,
      Region region,
      Quota quota,
      Integer alertDays,
      List<KeyRef> appendOnlyKeys,
      List<KeyRef> fullAccessKeys,
      List<KeyRef> rsyncKeys,
      Boolean appendOnly,
      Boolean sftpEnabled,
      BorgVersion borgVersion,
      RepoFormat format,
      Boolean compactionEnabled,
      Integer compactionInterval,
      CompactionUnit compactionUnit,
      Integer compactionHour,
      String compactionTimezone) {
    Map<RepoField<?, ?>, Object> v = new LinkedHashMap<>();
    v.put(RepoField.QUOTA, quota);
    v.put(RepoField.ALERT_DAYS, alertDays);
    v.put(RepoField.APPEND_ONLY_KEYS, appendOnlyKeys);
    v.put(RepoField.FULL_ACCESS_KEYS, fullAccessKeys);
    v.put(RepoField.RSYNC_KEYS, rsyncKeys);
    v.put(RepoField.APPEND_ONLY, appendOnly);
    v.put(RepoField.SFTP, sftpEnabled);
    v.put(RepoField.BORG_VERSION, borgVersion);
    v.put(RepoField.FORMAT, format);
    v.put(RepoField.COMPACTION_ENABLED, compactionEnabled);
    v.put(RepoField.COMPACTION_INTERVAL, compactionInterval);
    v.put(RepoField.COMPACTION_UNIT, compactionUnit);
    v.put(RepoField.COMPACTION_HOUR, compactionHour);
    v.put(RepoField.COMPACTION_TIMEZONE, compactionTimezone);
    return new RepoSettings(name, region, v);
  }
}
