package dev.borgform.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deletion guard from a plan's changes and the account alone (the rule apply recomputes for a
 * saved plan): one row per case, with the numbers and the message, or null when it does not trip.
 */
class DeletionGuardTest {
  private static final PlanPolicy DEFAULTS =
      new PlanPolicy(true, false, 30, List.of(), List.of(), 1, 1);
  private static final PlanPolicy EMPTY_SPEC =
      new PlanPolicy(true, true, 30, List.of(), List.of(), 0, 0);

  private static List<LiveKey> keys(int n) {
    List<LiveKey> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Fixtures.live(String.valueOf(100 + i), "k" + i, TestKeys.ed25519(i, "k" + i)));
    }
    return out;
  }

  private static List<LiveRepo> repos(int n) {
    List<LiveRepo> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(LiveRepo.withDefaults("r" + i, "repo-" + i, "eu"));
    return out;
  }

  private static List<Change> deleteKeys(List<LiveKey> keys) {
    List<Change> out = new ArrayList<>();
    for (LiveKey k : keys) out.add(new KeyDelete(k, Reason.NONE));
    return out;
  }

  private static List<Change> deleteRepos(List<LiveRepo> repos) {
    List<Change> out = new ArrayList<>();
    for (LiveRepo r : repos) out.add(new RepoDelete(r));
    return out;
  }

  private static List<Change> plus(List<Change> a, List<Change> b) {
    List<Change> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static Stream<Arguments> cases() {
    List<LiveKey> k4 = keys(4);
    List<LiveKey> k20 = keys(20);
    List<LiveRepo> r5 = repos(5);
    List<LiveRepo> r10 = repos(10);
    return Stream.of(
        Arguments.of("nothing deleted", List.of(), keys(3), repos(3), DEFAULTS, 0, null),
        Arguments.of(
            "7 of 20 (35 %)",
            deleteKeys(k20.subList(0, 7)),
            k20,
            List.of(),
            DEFAULTS,
            7,
            "Too many deletions: 35.0% is over 30% (7 of 20 live keys and repos)"),
        Arguments.of(
            "6 of 20 is exactly 30 %",
            deleteKeys(k20.subList(0, 6)), k20, List.of(), DEFAULTS, 6, null),
        Arguments.of(
            "3 of 4 keys on a small account: the share rule is off",
            deleteKeys(k4.subList(0, 3)),
            k4,
            r5,
            DEFAULTS,
            3,
            null),
        Arguments.of(
            "every key of a small account",
            deleteKeys(k4),
            k4,
            r5,
            DEFAULTS,
            4,
            "Too many deletions: every live key goes (all 4)"),
        Arguments.of(
            "every repo of a small account",
            deleteRepos(r5),
            k4,
            r5,
            DEFAULTS,
            5,
            "Too many deletions: every live repo goes (all 5)"),
        Arguments.of(
            "everything, from a spec that declares nothing",
            plus(deleteKeys(k4), deleteRepos(r5)),
            k4,
            r5,
            EMPTY_SPEC,
            9,
            "Too many deletions: every live key goes (all 4); every live repo goes (all 5); the"
                + " spec declares no keys and no repos"),
        Arguments.of(
            "a spec that declares nothing, on an empty account",
            List.of(),
            List.of(),
            List.of(),
            EMPTY_SPEC,
            0,
            null),
        Arguments.of(
            "the only key of an account, rotated: no server keeps its access",
            List.of(
                new KeyReplace(
                    "k0",
                    k4.subList(0, 1),
                    Fixtures.key(TestKeys.ed25519(900, "new")),
                    Reason.NONE)),
            k4.subList(0, 1),
            List.of(),
            DEFAULTS,
            1,
            "Too many deletions: every live key goes (all 1)"),
        Arguments.of(
            "every key renamed: the material stays, nothing counts",
            List.of(
                new KeyReplace(
                    "renamed",
                    k4.subList(0, 1),
                    Fixtures.key(TestKeys.ed25519(0, "k0")),
                    Reason.NONE)),
            k4.subList(0, 1),
            List.of(),
            DEFAULTS,
            0,
            null),
        Arguments.of(
            "a duplicate of a key that stays: its material stays too",
            List.of(
                new KeyDelete(Fixtures.live("200", "k0", TestKeys.ed25519(0, "k0")), Reason.NONE)),
            List.of(k4.get(0), Fixtures.live("200", "k0", TestKeys.ed25519(0, "k0"))),
            List.of(),
            DEFAULTS,
            0,
            null),
        Arguments.of(
            "every key the guard sees, but an ignored one stays",
            deleteKeys(k4.subList(0, 3)),
            k4,
            List.of(),
            new PlanPolicy(true, false, 30, List.of("k3"), List.of(), 1, 0),
            3,
            null),
        Arguments.of(
            "nine repos of ten, the tenth ignored: nine counted (under 10), one stays",
            deleteRepos(r10.subList(0, 9)),
            List.of(),
            r10,
            new PlanPolicy(true, true, 30, List.of(), List.of("repo-9"), 0, 1),
            9,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theGuardFromChangesAndTheAccount(
      String name,
      List<Change> changes,
      List<LiveKey> keys,
      List<LiveRepo> repos,
      PlanPolicy policy,
      int deletions,
      String message) {
    DeletionGuard g = DeletionGuard.of(changes, keys, repos, policy);
    assertThat(g.deletions()).isEqualTo(deletions);
    assertThat(g.exceeded()).isEqualTo(message != null);
    if (message != null) assertThat(g.message()).isEqualTo(message);
  }
}
