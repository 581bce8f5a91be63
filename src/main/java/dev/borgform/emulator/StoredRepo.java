package dev.borgform.emulator;

import java.util.List;

/**
 * One repo as the account holds it; field names match the GraphQL {@code Repo} type and the state
 * file. Mutable so repoEdit can change a copy field by field; the store never edits an instance
 * that is already visible to readers (see {@link AccountStore#write}).
 */
final class StoredRepo {
  String id;
  String name;
  String region;
  String repoPath;
  int quota;
  boolean quotaEnabled;
  double currentUsage;
  int alertDays;
  boolean appendOnly;
  List<String> appendOnlyKeys = List.of();
  List<String> fullAccessKeys = List.of();
  List<String> rsyncKeys = List.of();
  boolean sftpEnabled;
  String borgVersion;
  String resticVersion;
  String format;
  String encryption;
  String htpasswd;
  String createdAt;
  String lastModified;
  boolean compactionEnabled;
  int compactionInterval;
  String compactionIntervalUnit;
  int compactionHour;
  String compactionHourTimezone;

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
