package dev.borgform.live;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.RepoField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
   *
   * <p>The encoding is injective: every object is a tag and a fixed number of fields, every field
   * is its length in bytes followed by its UTF-8 bytes (a null has its own length, -1), every list
   * its count followed by its items, and the objects of each kind are sorted by their encoding. So
   * no name, whatever NUL, newline or separator it holds, can make two different accounts hash the
   * same: two inputs with one encoding are the same account.
   */
  public String digest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    List<byte[]> ks = new ArrayList<>();
    for (LiveKey k : keys) {
      ks.add(
          new Fields()
              .text("key")
              .text(k.id())
              .text(k.name())
              .text(k.identity())
              .text(k.comment())
              .text(k.keyType())
              .text(k.bits() == null ? null : k.bits().toString())
              .text(k.hashMd5())
              .text(k.hashSha256())
              .bytes());
    }
    List<byte[]> rs = new ArrayList<>();
    for (LiveRepo r : repos) {
      Fields repo = new Fields().text("repo").text(r.id()).text(r.name()).text(r.region());
      // Every repo field, in BorgBase's order (the order saved plans' digests were taken in).
      for (RepoField<?, ?> f : RepoField.inOrder(r.values().keySet(), RepoField.TABLE.schema())) {
        for (Object v : wire(r, f).values()) {
          if (v instanceof List<?> ids) {
            repo.list(ids.stream().map(String::valueOf).sorted().toList());
          } else {
            repo.text(v == null ? null : v.toString());
          }
        }
      }
      rs.add(repo.bytes());
    }
    for (List<byte[]> objects : List.of(ks, rs)) {
      objects.sort(Arrays::compareUnsigned);
      sha.update(count(objects.size()));
      for (byte[] o : objects) sha.update(o);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static <L> Map<String, Object> wire(LiveRepo r, RepoField<?, L> f) {
    return f.toWire(r.get(f));
  }

  /** {@code n} as four bytes, most significant first. */
  private static byte[] count(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  /** One object's fields, length-prefixed. */
  private static final class Fields {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Fields text(@Nullable String s) {
      if (s == null) {
        out.writeBytes(count(-1));
      } else {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(count(b.length));
        out.writeBytes(b);
      }
      return this;
    }

    Fields list(List<String> items) {
      out.writeBytes(count(items.size()));
      for (String s : items) text(s);
      return this;
    }

    byte[] bytes() {
      // The object's own length first, so objects in sequence cannot run into one another.
      byte[] b = new byte[4 + out.size()];
      System.arraycopy(count(out.size()), 0, b, 0, 4);
      byte[] fields = out.toByteArray();
      System.arraycopy(fields, 0, b, 4, fields.length);
      return b;
    }
  }
}
