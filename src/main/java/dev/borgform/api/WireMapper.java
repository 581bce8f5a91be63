package dev.borgform.api;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Quota;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one place that maps between API field names and borgform's model. Nulls on the wire get
 * BorgBase's documented defaults for a new repo (docs/borgbase-api.md).
 */
final class WireMapper {
  private WireMapper() {}

  static LiveKey toModel(WireKey k) {
    return new LiveKey(
        k.id(),
        k.name(),
        k.keyData(),
        k.comment(),
        k.keyType(),
        k.bits(),
        k.hashMd5(),
        k.hashSha256(),
        k.addedAt());
  }

  static LiveRepo toModel(WireRepo r) {
    return new LiveRepo(
        r.id(),
        r.name(),
        r.region(),
        r.quota() == null ? 0 : r.quota(),
        Boolean.TRUE.equals(r.quotaEnabled()),
        r.alertDays() == null ? 0 : r.alertDays(),
        Boolean.TRUE.equals(r.appendOnly()),
        r.appendOnlyKeys(),
        r.fullAccessKeys(),
        r.rsyncKeys(),
        Boolean.TRUE.equals(r.sftpEnabled()),
        r.borgVersion() == null ? "LATEST" : r.borgVersion(),
        r.format() == null ? "borg1" : r.format(),
        Boolean.TRUE.equals(r.compactionEnabled()),
        r.compactionInterval() == null ? 6 : r.compactionInterval(),
        r.compactionIntervalUnit() == null ? "weeks" : r.compactionIntervalUnit(),
        r.compactionHour() == null ? 14 : r.compactionHour(),
        r.compactionHourTimezone() == null ? "UTC" : r.compactionHourTimezone(),
        r.repoPath(),
        r.currentUsage() == null ? 0.0 : r.currentUsage(),
        r.createdAt(),
        r.lastModified());
  }

  /**
   * The arguments of {@code repoAdd}/{@code repoEdit} for these settings, in schema order, only
   * those that are set. Values are what the GraphQL variables carry.
   */
  static Map<String, Object> repoArguments(RepoSettings s) {
    Map<String, Object> a = new LinkedHashMap<>();
    put(a, "name", s.name());
    put(a, "region", s.region() == null ? null : s.region().wire());
    Quota q = s.quota();
    if (q != null) {
      // "none" sends only the switch: the number BorgBase keeps beside a disabled quota is moot.
      if (q.enabled()) a.put("quota", Math.toIntExact(q.megabytes()));
      a.put("quotaEnabled", q.enabled());
    }
    put(a, "alertDays", s.alertDays());
    put(a, "appendOnly", s.appendOnly());
    put(a, "appendOnlyKeys", ids(s.appendOnlyKeys()));
    put(a, "fullAccessKeys", ids(s.fullAccessKeys()));
    put(a, "rsyncKeys", ids(s.rsyncKeys()));
    put(a, "sftpEnabled", s.sftpEnabled());
    put(a, "borgVersion", s.borgVersion() == null ? null : s.borgVersion().wire());
    put(a, "format", s.format() == null ? null : s.format().wire());
    put(a, "compactionEnabled", s.compactionEnabled());
    put(a, "compactionInterval", s.compactionInterval());
    put(a, "compactionIntervalUnit", s.compactionUnit() == null ? null : s.compactionUnit().wire());
    put(a, "compactionHour", s.compactionHour());
    put(a, "compactionHourTimezone", s.compactionTimezone());
    return a;
  }

  private static @Nullable List<String> ids(@Nullable List<KeyRef> refs) {
    if (refs == null) return null;
    return refs.stream()
        .map(
            r -> {
              if (r.isPending()) throw new IllegalStateException("unresolved key " + r.name());
              return r.id();
            })
        .toList();
  }

  private static void put(Map<String, Object> m, String k, @Nullable Object v) {
    if (v != null) m.put(k, v);
  }
}
