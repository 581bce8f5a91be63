package dev.borgform.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
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
          .withKeys(List.of("11"), List.of("12"), List.of());

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
            new LiveState(List.of(), List.of(REPO.withKeys(List.of("1"), List.of(), List.of()))),
            new LiveState(List.of(), List.of(REPO.withKeys(List.of(), List.of("1"), List.of())))),
        Arguments.of(
            "a list item that holds a comma",
            new LiveState(List.of(), List.of(REPO.withKeys(List.of("1, 2"), List.of(), List.of()))),
            new LiveState(
                List.of(), List.of(REPO.withKeys(List.of("1", "2"), List.of(), List.of())))),
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
              .withKeys(List.of(String.valueOf(i), String.valueOf(i + 1)), List.of(), List.of()));
    }
    String digest = new LiveState(keys, repos).digest();
    Random r = new Random(7);
    for (int i = 0; i < 5; i++) {
      Collections.shuffle(keys, r);
      Collections.shuffle(repos, r);
      List<LiveRepo> reordered = new ArrayList<>();
      for (LiveRepo repo : repos) {
        List<String> ids = new ArrayList<>(repo.appendOnlyKeys());
        Collections.reverse(ids);
        reordered.add(repo.withKeys(ids, List.of(), List.of()));
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
      if (NOT_DIGESTED.contains(c.getName())) continue;
      LiveRepo changed = changed(REPO, c);
      assertThat(new LiveState(List.of(KEY), List.of(changed)).digest())
          .as("repo field %s", c.getName())
          .isNotEqualTo(digest);
      checked.add("repo." + c.getName());
    }
    assertThat(checked).contains("key.keyData", "key.comment", "repo.rsyncKeys", "repo.alertDays");
    // And what it leaves out really is left out: backups between plan and apply are no change.
    LiveRepo used =
        new LiveRepo(
            REPO.id(),
            REPO.name(),
            REPO.region(),
            REPO.quota(),
            REPO.quotaEnabled(),
            REPO.alertDays(),
            REPO.appendOnly(),
            REPO.appendOnlyKeys(),
            REPO.fullAccessKeys(),
            REPO.rsyncKeys(),
            REPO.sftpEnabled(),
            REPO.borgVersion(),
            REPO.format(),
            REPO.compactionEnabled(),
            REPO.compactionInterval(),
            REPO.compactionIntervalUnit(),
            REPO.compactionHour(),
            REPO.compactionHourTimezone(),
            REPO.repoPath(),
            REPO.currentUsage() + 500,
            REPO.createdAt(),
            "2026-11-29T12:00:00Z");
    assertThat(new LiveState(List.of(KEY), List.of(used)).digest()).isEqualTo(digest);
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
    if (type == boolean.class) return !(Boolean) v;
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
          .append(r.quota())
          .append('\0')
          .append(r.quotaEnabled())
          .append('\0')
          .append(r.alertDays())
          .append('\0')
          .append(r.appendOnly())
          .append('\0')
          .append(r.appendOnlyKeys())
          .append('\0')
          .append(r.fullAccessKeys())
          .append('\0')
          .append(r.rsyncKeys())
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
    byte[] h =
        MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h);
  }
}
