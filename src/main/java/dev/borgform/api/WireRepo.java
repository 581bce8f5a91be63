package dev.borgform.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A {@code Repo} as the API sends it; every field may be null on the wire. */
@JsonIgnoreProperties(ignoreUnknown = true)
record WireRepo(
    String id,
    String name,
    String region,
    Long quota,
    Boolean quotaEnabled,
    Integer alertDays,
    Boolean appendOnly,
    List<String> appendOnlyKeys,
    List<String> fullAccessKeys,
    List<String> rsyncKeys,
    Boolean sftpEnabled,
    String borgVersion,
    String format,
    Boolean compactionEnabled,
    Integer compactionInterval,
    String compactionIntervalUnit,
    Integer compactionHour,
    String compactionHourTimezone,
    String repoPath,
    Double currentUsage,
    String createdAt,
    String lastModified) {}
