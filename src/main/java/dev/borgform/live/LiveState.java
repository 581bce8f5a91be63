package dev.borgform.live;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** A snapshot of the account: every SSH key and repo, as read in one request. */
public record LiveState(List<LiveKey> keys, List<LiveRepo> repos) {

  public LiveState {
    keys = List.copyOf(keys);
    repos = List.copyOf(repos);
  }

  public static LiveState empty() {
    return new LiveState(List.of(), List.of());
  }

  /**
   * A SHA-256 over the fields a plan depends on, independent of the order the API listed objects
   * in. A saved plan records it; apply refuses the plan when the account no longer has it. Usage
   * counters and timestamps are left out: backups running between plan and apply must not make a
   * plan stale.
   */
  public String digest() {
    StringBuilder sb = new StringBuilder();
    List<LiveKey> ks = new ArrayList<>(keys);
    ks.sort(Comparator.comparing(LiveKey::id));
    for (LiveKey k : ks) {
      sb.append("key\0")
          .append(k.id())
          .append('\0')
          .append(k.name())
          .append('\0')
          .append(k.identity())
          .append('\0')
          .append(k.comment())
          .append('\n');
    }
    List<LiveRepo> rs = new ArrayList<>(repos);
    rs.sort(Comparator.comparing(LiveRepo::id));
    for (LiveRepo r : rs) {
      sb.append("repo\0")
          .append(r.id())
          .append('\0')
          .append(r.name())
          .append('\0')
          .append(r.region())
          .append('\0')
          .append(r.quota())
          .append('\0')
          .append(r.quotaEnabled())
          .append('\0')
          .append(r.alertDays())
          .append('\0')
          .append(r.appendOnly())
          .append('\0')
          .append(sorted(r.appendOnlyKeys()))
          .append('\0')
          .append(sorted(r.fullAccessKeys()))
          .append('\0')
          .append(sorted(r.rsyncKeys()))
          .append('\0')
          .append(r.sftpEnabled())
          .append('\0')
          .append(r.borgVersion())
          .append('\0')
          .append(r.format())
          .append('\0')
          .append(r.compactionEnabled())
          .append('\0')
          .append(r.compactionInterval())
          .append('\0')
          .append(r.compactionIntervalUnit())
          .append('\0')
          .append(r.compactionHour())
          .append('\0')
          .append(r.compactionHourTimezone())
          .append('\n');
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static List<String> sorted(List<String> ids) {
    return ids.stream().sorted().toList();
  }
}
