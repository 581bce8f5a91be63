package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import dev.borgform.model.Quota;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The review lines of a repo edit, derived from the live repo and what the edit sends, and from
 * nothing else: what a reviewer reads cannot differ from what is sent, in memory or read from a
 * saved plan.
 */
final class RepoFields {
  private RepoFields() {}

  /**
   * One line per field {@code sent} holds, in display order, with its live value before.
   *
   * @param keyNames names of the live keys in {@code before}'s key lists, by id
   */
  static List<FieldChange> of(LiveRepo before, RepoSettings sent, Map<String, String> keyNames) {
    List<FieldChange> out = new ArrayList<>();
    if (sent.name() != null) out.add(new FieldChange("name", before.name(), sent.name()));
    // Region and format are never edited; a saved plan that sends them is refused, and showing
    // them keeps that refusal honest about what the file asked for.
    if (sent.region() != null) {
      out.add(new FieldChange("region", before.region(), sent.region().wire()));
    }
    if (sent.format() != null) {
      out.add(new FieldChange("format", before.format(), sent.format().wire()));
    }
    if (sent.quota() != null) {
      Quota live = before.quotaEnabled() ? Quota.ofMegabytes(before.quota()) : Quota.none();
      out.add(new FieldChange("quota", live, sent.quota()));
    }
    if (sent.alertDays() != null) {
      out.add(new FieldChange("alertDays", before.alertDays(), sent.alertDays()));
    }
    if (sent.appendOnly() != null) {
      out.add(new FieldChange("appendOnly", before.appendOnly(), sent.appendOnly()));
    }
    if (sent.sftpEnabled() != null) {
      out.add(new FieldChange("sftpEnabled", before.sftpEnabled(), sent.sftpEnabled()));
    }
    if (sent.borgVersion() != null) {
      out.add(new FieldChange("borgVersion", before.borgVersion(), sent.borgVersion().wire()));
    }
    if (sent.compactionEnabled() != null) {
      out.add(
          new FieldChange(
              "compaction.enabled", before.compactionEnabled(), sent.compactionEnabled()));
    }
    if (sent.compactionInterval() != null) {
      out.add(
          new FieldChange(
              "compaction.interval", before.compactionInterval(), sent.compactionInterval()));
    }
    if (sent.compactionUnit() != null) {
      out.add(
          new FieldChange(
              "compaction.unit", before.compactionIntervalUnit(), sent.compactionUnit().wire()));
    }
    if (sent.compactionHour() != null) {
      out.add(new FieldChange("compaction.hour", before.compactionHour(), sent.compactionHour()));
    }
    if (sent.compactionTimezone() != null) {
      out.add(
          new FieldChange(
              "compaction.timezone", before.compactionHourTimezone(), sent.compactionTimezone()));
    }
    keys(out, "appendOnlyKeys", before.appendOnlyKeys(), sent.appendOnlyKeys(), keyNames);
    keys(out, "fullAccessKeys", before.fullAccessKeys(), sent.fullAccessKeys(), keyNames);
    keys(out, "rsyncKeys", before.rsyncKeys(), sent.rsyncKeys(), keyNames);
    return List.copyOf(out);
  }

  private static void keys(
      List<FieldChange> out,
      String field,
      List<String> liveIds,
      @Nullable List<KeyRef> sent,
      Map<String, String> keyNames) {
    if (sent == null) return;
    out.add(new FieldChange(field, refs(liveIds, keyNames), sent));
  }

  /** The live ids of a key list as references, named as the account names them. */
  static List<KeyRef> refs(List<String> liveIds, Map<String, String> keyNames) {
    return liveIds.stream().map(id -> new KeyRef(name(id, keyNames), id)).toList();
  }

  /** A live key's name; {@code #ID} for an id the account lists in a repo but not as a key. */
  static String name(@Nullable String id, Map<String, String> keyNames) {
    String n = keyNames.get(id);
    return n == null ? "#" + id : n;
  }

  /**
   * The names {@link #of} needs, taken from {@code names}: those of the live ids in the key lists
   * {@code sent} replaces. A name that only repeats the {@code #ID} stand-in is left out, so a plan
   * read back from a file equals the plan that was written.
   */
  static Map<String, String> namesFor(
      LiveRepo before, @Nullable RepoSettings sent, Map<String, String> names) {
    Map<String, String> out = new TreeMap<>();
    if (sent != null) {
      if (sent.appendOnlyKeys() != null) put(out, before.appendOnlyKeys(), names);
      if (sent.fullAccessKeys() != null) put(out, before.fullAccessKeys(), names);
      if (sent.rsyncKeys() != null) put(out, before.rsyncKeys(), names);
    }
    return Collections.unmodifiableMap(out);
  }

  private static void put(Map<String, String> out, List<String> ids, Map<String, String> names) {
    for (String id : ids) {
      String n = names.get(id);
      if (n != null && !n.equals("#" + id)) out.put(id, n);
    }
  }
}
