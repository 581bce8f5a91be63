package dev.borgform.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A repo as the account holds it. Enumerated fields stay strings: the account may hold values this
 * version of borgform does not know (a new format or borg version), and reading them must not fail.
 */
public record LiveRepo(
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
    @Nullable String createdAt,
    @Nullable String lastModified) {

  public LiveRepo {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    appendOnlyKeys = appendOnlyKeys == null ? List.of() : List.copyOf(appendOnlyKeys);
    fullAccessKeys = fullAccessKeys == null ? List.of() : List.copyOf(fullAccessKeys);
    rsyncKeys = rsyncKeys == null ? List.of() : List.copyOf(rsyncKeys);
  }

  /** A repo whose last write time is not known (plan files, tests). */
  public LiveRepo(
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
      @Nullable String createdAt) {
    this(
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

  /**
   * True when the account shows no sign that anything was ever written to the repo: no usage and no
   * last-modified time. BorgBase updates both from the repo's storage, so a repo made moments ago
   * by this very run and showing neither holds no backup.
   */
  public boolean showsNoWrites() {
    return currentUsage == 0.0 && (lastModified == null || lastModified.isBlank());
  }

  /** A repo as BorgBase creates it when only name and region are given (docs/borgbase-api.md). */
  public static LiveRepo withDefaults(String id, String name, String region) {
    return new LiveRepo(
        id,
        name,
        region,
        0,
        false,
        0,
        false,
        List.of(),
        List.of(),
        List.of(),
        false,
        "LATEST",
        "borg1",
        false,
        6,
        "weeks",
        14,
        "UTC",
        "ssh://" + id + "@" + id + ".repo.borgbase.com/./repo",
        0.0,
        null);
  }

  public LiveRepo withKeys(List<String> appendOnly, List<String> fullAccess, List<String> rsync) {
    return new LiveRepo(
        id,
        name,
        region,
        quota,
        quotaEnabled,
        alertDays,
        this.appendOnly,
        appendOnly,
        fullAccess,
        rsync,
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
        lastModified);
  }

  public LiveRepo withQuota(boolean enabled, long mb) {
    return new LiveRepo(
        id,
        name,
        region,
        mb,
        enabled,
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
        lastModified);
  }

  public LiveRepo withAlertDays(int days) {
    return new LiveRepo(
        id,
        name,
        region,
        quota,
        quotaEnabled,
        days,
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
        lastModified);
  }

  public LiveRepo withFormat(String f) {
    return new LiveRepo(
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
        f,
        compactionEnabled,
        compactionInterval,
        compactionIntervalUnit,
        compactionHour,
        compactionHourTimezone,
        repoPath,
        currentUsage,
        createdAt,
        lastModified);
  }
}
