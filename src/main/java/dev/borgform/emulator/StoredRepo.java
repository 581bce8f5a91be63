package dev.borgform.emulator;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One repo as the account holds it; field names match the GraphQL {@code Repo} type and the state
 * file. Mutable so repoEdit can change a copy field by field; the store never edits an instance
 * that is already visible to readers (see {@link AccountStore#write}).
 */
final class StoredRepo {
  @Nullable String id;
  @Nullable String name;
  @Nullable String region;
  @Nullable String repoPath;
  int quota;
  boolean quotaEnabled;
  double currentUsage;
  int alertDays;
  boolean appendOnly;
  List<String> appendOnlyKeys = List.of();
  List<String> fullAccessKeys = List.of();
  List<String> rsyncKeys = List.of();
  boolean sftpEnabled;
  @Nullable String borgVersion;
  @Nullable String resticVersion;
  @Nullable String format;
  @Nullable String encryption;
  @Nullable String htpasswd;
  @Nullable String createdAt;
  @Nullable String lastModified;
  boolean compactionEnabled;
  int compactionInterval;
  @Nullable String compactionIntervalUnit;
  int compactionHour;
  @Nullable String compactionHourTimezone;

  StoredRepo copy() {
    StoredRepo c = new StoredRepo();
    c.id = id;
    c.name = name;
    c.region = region;
    c.repoPath = repoPath;
    c.quota = quota;
    c.quotaEnabled = quotaEnabled;
    c.currentUsage = currentUsage;
    c.alertDays = alertDays;
    c.appendOnly = appendOnly;
    c.appendOnlyKeys = appendOnlyKeys; // lists are immutable, sharing is safe
    c.fullAccessKeys = fullAccessKeys;
    c.rsyncKeys = rsyncKeys;
    c.sftpEnabled = sftpEnabled;
    c.borgVersion = borgVersion;
    c.resticVersion = resticVersion;
    c.format = format;
    c.encryption = encryption;
    c.htpasswd = htpasswd;
    c.createdAt = createdAt;
    c.lastModified = lastModified;
    c.compactionEnabled = compactionEnabled;
    c.compactionInterval = compactionInterval;
    c.compactionIntervalUnit = compactionIntervalUnit;
    c.compactionHour = compactionHour;
    c.compactionHourTimezone = compactionHourTimezone;
    return c;
  }
}
