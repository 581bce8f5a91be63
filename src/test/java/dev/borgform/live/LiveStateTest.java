package dev.borgform.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.RepoField;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.TestKeys;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live digest a saved plan is bound to: the same for the same account in any order, different
 * for any difference a plan depends on, and injective whatever characters names hold.
 */
class LiveStateTest {
  private static final LiveKey KEY = Fixtures.live("11", "web-01", TestKeys.ED1);
  private static final LiveRepo REPO =
      LiveRepo.withDefaults("aaaa1111", "web-01", "eu")
          .with(RepoField.APPEND_ONLY_KEYS, List.of("11"))
          .with(RepoField.FULL_ACCESS_KEYS, List.of("12"));

  /** Fields that change without anyone planning anything: backups, clocks, paths BorgBase sets. */
  private static final Set<String> NOT_DIGESTED =
      Set.of("addedAt", "repoPath", "currentUsage", "createdAt", "lastModified");

  /**
   * The inputs of the digest-collision repro: account one has repos n1 and n2, account two one repo
   * whose name holds NUL and a line break spelling out the rest of account one. The digest before
   * the length-prefixed encoding (reproduced below) gave both the same value.
   */
  @Test
  void twoAccountsThatCollidedUnderTheOldEncodingHaveDifferentDigests() throws Exception {
    LiveRepo n1 = LiveRepo.withDefaults("ejjsrds8", "n1", "eu");
    LiveRepo n2 = LiveRepo.withDefaults("it99h1wb", "n2", "eu");
    String fields =
        "eu\u00000\u0000false\u00000\u0000false\u0000[]\u0000[]\u0000[]\u0000false\u0000LATEST"
            + "\u0000borg1\u0000false\u00006\u0000weeks\u000014\u0000UTC";
    LiveRepo crafted =
        LiveRepo.withDefaults(
            "ejjsrds8", "n1\u0000" + fields + "\nrepo\u0000it99h1wb\u0000n2", "eu");
    LiveState one = new LiveState(List.of(), List.of(n1, n2));
    LiveState two = new LiveState(List.of(), List.of(crafted));

    assertThat(legacyDigest(two)).as("the inputs are the repro's").isEqualTo(legacyDigest(one));
    assertThat(two.digest()).isNotEqualTo(one.digest());
  }

  static Stream<Arguments> pairsThatMustDiffer() {
    return Stream.of(
        Arguments.of(
            "a name's end moved into the comment",
            new LiveState(List.of(key("1", "ab", "c")), List.of()),
            new LiveState(List.of(key("1", "a", "bc")), List.of())),
        Arguments.of(
            "a separator inside a name",
            new LiveState(List.of(key("1", "a\u0000b", "")), List.of()),
            new LiveState(List.of(key("1", "a", "b")), List.of())),
        Arguments.of(
            "one key or two",
            new LiveState(List.of(key("1", "a\nkey\u00002\u0000b", "")), List.of()),
            new LiveState(List.of(key("1", "a", ""), key("2", "b", "")), List.of())),
        Arguments.of(
            "a key id moved from one list to the next",
            new LiveState(List.of(), List.of(REPO.with(RepoField.APPEND_ONLY_KEYS, List.of("1")))),
            new LiveState(List.of(), List.of(REPO.with(RepoField.FULL_ACCESS_KEYS, List.of("1"))))),
        Arguments.of(
            "a list item that holds a comma",
            new LiveState(
                List.of(), List.of(REPO.with(RepoField.APPEND_ONLY_KEYS, List.of("1, 2")))),
            new LiveState(
                List.of(), List.of(REPO.with(RepoField.APPEND_ONLY_KEYS, List.of("1", "2"))))),
        Arguments.of(
            "a key or a repo",
            new LiveState(List.of(key("aaaa1111", "web-01", "")), List.of()),
            new LiveState(List.of(), List.of(LiveRepo.withDefaults("aaaa1111", "web-01", "eu")))),
        Arguments.of(
            "an empty comment or none",
            new LiveState(List.of(key("1", "a", "")), List.of()),
            new LiveState(List.of(key("1", "a", " ")), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairsThatMustDiffer")
  void differentAccountsHaveDifferentDigests(String name, LiveState a, LiveState b) {
    assertThat(a.digest()).isNotEqualTo(b.digest());
  }

  @Test
  void theOrderTheApiListsObjectsInDoesNotMatter() {
    List<LiveKey> keys = new ArrayList<>();
    List<LiveRepo> repos = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add(Fixtures.live(String.valueOf(i), "k" + i, TestKeys.ed25519(i, "k" + i)));
      repos.add(
          LiveRepo.withDefaults("r" + i, "r" + i, "eu")
              .with(RepoField.APPEND_ONLY_KEYS, List.of(String.valueOf(i), String.valueOf(i + 1))));
    }
    String digest = new LiveState(keys, repos).digest();
    Random r = new Random(7);
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(keys, r);
      Collections.shuffle(repos, r);
      List<LiveRepo> reordered = new ArrayList<>();
      for (LiveRepo repo : repos) {
        List<String> ids = new ArrayList<>(repo.get(RepoField.APPEND_ONLY_KEYS));
        Collections.reverse(ids);
        reordered.add(repo.with(RepoField.APPEND_ONLY_KEYS, ids));
      }
      assertThat(new LiveState(keys, reordered).digest()).isEqualTo(digest);
    }
  }

  /**
   * Every field of a live key or repo that a plan reads or shows changes the digest; a field added
   * to the records later is covered without touching this test, unless it is listed as volatile.
   */
  @Test
  void changingAnyFieldThePlannerReadsChangesTheDigest() throws Exception {
    String digest = new LiveState(List.of(KEY), List.of(REPO)).digest();
    List<String> checked = new ArrayList<>();
    for (RecordComponent c : LiveKey.class.getRecordComponents()) {
      if (NOT_DIGESTED.contains(c.getName())) continue;
      LiveKey changed = changed(KEY, c);
      assertThat(new LiveState(List.of(changed), List.of(REPO)).digest())
          .as("key field %s", c.getName())
          .isNotEqualTo(digest);
      checked.add("key." + c.getName());
    }
    for (RecordComponent c : LiveRepo.class.getRecordComponents()) {
      if (NOT_DIGESTED.contains(c.getName()) || c.getName().equals("values")) continue;
      LiveRepo changed = changed(REPO, c);
      assertThat(new LiveState(List.of(KEY), List.of(changed)).digest())
          .as("repo field %s", c.getName())
          .isNotEqualTo(digest);
      checked.add("repo." + c.getName());
    }
    // Every repo field of the table, every way it can differ.
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      for (LiveRepo changed : otherValues(REPO, f)) {
        assertThat(new LiveState(List.of(KEY), List.of(changed)).digest())
            .as("repo field %s: %s", f, changed.get(f))
            .isNotEqualTo(digest);
      }
      checked.add("repo." + f.spec());
    }
    assertThat(checked)
        .contains("key.keyData", "key.comment", "repo.name", "repo.rsyncKeys", "repo.alertDays");
    // And what it leaves out really is left out: backups between plan and apply are no change.
    LiveRepo used =
        new LiveRepo(
            REPO.id(),
            REPO.name(),
            REPO.region(),
            REPO.values(),
            REPO.repoPath(),
            REPO.currentUsage() + 500,
            REPO.createdAt(),
            "2026-11-29T12:00:00Z");
    assertThat(new LiveState(List.of(KEY), List.of(used)).digest()).isEqualTo(digest);
  }

  /**
   * {@code r} with field {@code f} changed in each way it can change: a quota's number and its
   * switch apart.
   */
  static List<LiveRepo> otherValues(LiveRepo r, RepoField<?, ?> f) {
    return otherValuesTyped(r, f);
  }

  @SuppressWarnings("unchecked") // each kind's live type is fixed by RepoField's factories
  private static <L> List<LiveRepo> otherValuesTyped(LiveRepo r, RepoField<?, L> f) {
    L v = r.get(f);
    List<Object> others = new ArrayList<>();
    if (v instanceof LiveQuota q) {
      others.add(new LiveQuota(q.megabytes() + 1, q.enabled()));
      others.add(new LiveQuota(q.megabytes(), !q.enabled()));
    } else {
      others.add(other(f.spec(), v, v.getClass() == ArrayList.class ? List.class : type(v)));
    }
    return others.stream().map(o -> r.with(f, (L) o)).toList();
  }

  private static Class<?> type(Object v) {
    return v instanceof List<?> ? List.class : v.getClass();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static LiveKey key(String id, String name, String comment) {
    return new LiveKey(id, name, "ssh-ed25519 AAAA", comment, "ssh-ed25519", 256, "", "", "");
  }

  /** A copy of {@code record} with the one component {@code c} given another value. */
  @SuppressWarnings("unchecked")
  private static <R extends Record> R changed(R record, RecordComponent c) throws Exception {
    RecordComponent[] cs = record.getClass().getRecordComponents();
    Object[] values = new Object[cs.length];
    Class<?>[] types = new Class<?>[cs.length];
    for (int i = 0; i < cs.length; i++) {
      types[i] = cs[i].getType();
      Object v = cs[i].getAccessor().invoke(record);
      values[i] = cs[i].getName().equals(c.getName()) ? other(c.getName(), v, c.getType()) : v;
    }
    return (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
  }

  private static Object other(String name, Object v, Class<?> type) {
    if (type == String.class) {
      // keyData compares by type and blob: change the blob, not trailing text.
      String s = (String) v;
      return name.equals("keyData") ? s.replace("AAAA", "BBBB") : s + "x";
    }
    if (type == int.class || type == Integer.class) return v == null ? 1 : (Integer) v + 1;
    if (type == long.class) return (Long) v + 1;
    if (type == double.class) return (Double) v + 1;
    if (type == boolean.class || type == Boolean.class) return !(Boolean) v;
    if (type == List.class) {
      List<Object> l = new ArrayList<>((List<?>) v);
      l.add("99");
      return l;
    }
    throw new IllegalArgumentException("no other value for " + type);
  }

  /** The digest as it was before the length-prefixed encoding: fields joined by NUL and LF. */
  private static String legacyDigest(LiveState s) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (LiveRepo r : s.repos().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
      sb.append("repo\0")
          .append(r.id())
          .append('\0')
          .append(r.name())
          .append('\0')
          .append(r.region())
          .append('\0')
          .append(r.get(RepoField.QUOTA).megabytes())
          .append('\0')
          .append(r.get(RepoField.QUOTA).enabled())
          .append('\0')
          .append(r.get(RepoField.ALERT_DAYS))
          .append('\0')
          .append(r.get(RepoField.APPEND_ONLY))
          .append('\0')
          .append(r.get(RepoField.APPEND_ONLY_KEYS))
          .append('\0')
          .append(r.get(RepoField.FULL_ACCESS_KEYS))
          .append('\0')
          .append(r.get(RepoField.RSYNC_KEYS))
          .append('\0')
          .append(r.get(RepoField.SFTP))
          .append('\0')
          .append(r.get(RepoField.BORG_VERSION))
          .append('\0')
          .append(r.get(RepoField.FORMAT))
          .append('\0')
          .append(r.get(RepoField.COMPACTION_ENABLED))
          .append('\0')
          .append(r.get(RepoField.COMPACTION_INTERVAL))
          .append('\0')
          .append(r.get(RepoField.COMPACTION_UNIT))
          .append('\0')
          .append(r.get(RepoField.COMPACTION_HOUR))
          .append('\0')
          .append(r.get(RepoField.COMPACTION_TIMEZONE))
          .append('\n');
    }
    byte[] h =
        MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h);
  }
}
