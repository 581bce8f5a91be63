package dev.borgform.planner;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static dev.borgform.testing.TestKeys.ED1;
import static dev.borgform.testing.TestKeys.ED2;
import static dev.borgform.testing.TestKeys.ED3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.live.LiveState;
import dev.borgform.model.Compaction;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.plan.Plan;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.PlanDump;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Table tests: desired + live -> the plan, as a readable dump. */
class PlannerTest {
  private final Planner planner = new Planner();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "empty spec, empty account",
            desired(List.of(), List.of()),
            account(List.of(), List.of()),
            ""),
        Arguments.of(
            "new key and a repo using it: the repo refers to the key created in the same plan",
            desired(List.of(want("web", ED1)), List.of(repo("web", Region.EU, List.of("web"), null))),
            account(List.of(), List.of()),
            """
            + key.web
            + repo.web
            """),
        Arguments.of(
            "a key that differs only in its comment is unchanged",
            desired(List.of(want("web", ED1.replace("test1@example", "other@host"))), List.of()),
            account(List.of(live("10", "web", ED1)), List.of()),
            ""),
        Arguments.of(
            "a changed key is replaced and repos listing it move to the new key",
            desired(List.of(want("web", ED2)), List.of(repo("web", Region.EU, List.of("web"), null))),
            account(
                List.of(live("10", "web", ED1)),
                List.of(liveRepo("aaaa1111", "web", "eu").withKeys(List.of("10"), List.of(), List.of()))),
            """
            +/- key.web #10
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10]->[web:new]
            """),
        Arguments.of(
            "a replaced key also moves in lists the spec does not state",
            desired(List.of(want("web", ED2)), List.of(repo("web", Region.EU))),
            account(
                List.of(live("10", "web", ED1)),
                List.of(liveRepo("aaaa1111", "web", "eu").withKeys(List.of(), List.of("10"), List.of()))),
            """
            +/- key.web #10
            ~ repo.web #aaaa1111 fullAccessKeys=[web:10]->[web:new]
            """),
        Arguments.of(
            "a key not in the spec is deleted after every repo drops it, managed or not",
            desired(List.of(want("web", ED1)), List.of(repo("web", Region.EU))),
            account(
                List.of(live("10", "web", ED1), live("11", "old", ED2)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu").withKeys(List.of("10", "11"), List.of(), List.of()),
                    liveRepo("bbbb2222", "legacy", "us").withKeys(List.of(), List.of("11"), List.of()))),
            """
            ~ repo.legacy #bbbb2222 fullAccessKeys=[old:11]->[]
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10,old:11]->[web:10]
            - key.old #11
            ! UNMANAGED repo.legacy
            """),
        Arguments.of(
            "pruneKeys false keeps keys the spec does not list",
            desired(
                List.of(want("web", ED1)), List.of(),
                new Policy(false, false, List.of(), List.of(), 30)),
            account(List.of(live("10", "web", ED1), live("11", "old", ED2)), List.of()),
            """
            ! UNMANAGED key.old
            """),
        Arguments.of(
            "only the fields the spec states are compared",
            desired(List.of(), List.of(withAlertDays(repo("web", Region.EU), 3))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu").withAlertDays(1).withQuota(true, 5000))),
            """
            ~ repo.web #aaaa1111 alertDays=1->3
            """),
        Arguments.of(
            "quota none matches a disabled quota whatever number is stored",
            desired(List.of(), List.of(withQuota(repo("web", Region.EU), Quota.none()))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu").withQuota(false, 777))),
            ""),
        Arguments.of(
            "quota in GB is compared in MB",
            desired(List.of(), List.of(withQuota(repo("web", Region.EU), Quota.ofMegabytes(500_000)))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu").withQuota(true, 400_000))),
            """
            ~ repo.web #aaaa1111 quota=400GB->500GB
            """),
        Arguments.of(
            "key lists compare as sets: order is not a change",
            desired(
                List.of(want("a", ED1), want("b", ED2)),
                List.of(repo("web", Region.EU, List.of("b", "a"), List.of()))),
            account(
                List.of(live("10", "a", ED1), live("11", "b", ED2)),
                List.of(liveRepo("aaaa1111", "web", "eu").withKeys(List.of("10", "11"), List.of(), List.of()))),
            ""),
        Arguments.of(
            "a pinned id adopts a repo under another name: a rename",
            desired(List.of(), List.of(pinned(repo("new-name", Region.EU), "aaaa1111"))),
            account(List.of(), List.of(liveRepo("aaaa1111", "old-name", "eu"))),
            """
            ~ repo.new-name #aaaa1111 name=old-name->new-name
            """),
        Arguments.of(
            "repos not in the spec are reported and kept",
            desired(List.of(), List.of()),
            account(List.of(), List.of(liveRepo("aaaa1111", "legacy", "eu"))),
            """
            ! UNMANAGED repo.legacy
            """),
        Arguments.of(
            "repos not in the spec are deleted only with pruneRepos",
            desired(List.of(), List.of(), new Policy(true, true, List.of(), List.of(), 30)),
            account(List.of(), List.of(liveRepo("aaaa1111", "legacy", "eu"))),
            """
            - repo.legacy #aaaa1111
            """),
        Arguments.of(
            "an interrupted replace (two live keys with one name) resumes: the stale one goes",
            desired(List.of(want("web", ED2)), List.of(repo("web", Region.EU))),
            account(
                List.of(live("10", "web", ED1), live("12", "web", ED2)),
                List.of(liveRepo("aaaa1111", "web", "eu").withKeys(List.of("10"), List.of(), List.of()))),
            """
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10]->[web:12]
            - key.web #10
            """),
        Arguments.of(
            "a renamed key (same blob, new name) is replaced and repos move to it",
            desired(List.of(want("web-new", ED1)), List.of()),
            account(
                List.of(live("10", "web-old", ED1)),
                List.of(liveRepo("aaaa1111", "web", "eu").withKeys(List.of("10"), List.of(), List.of()))),
            """
            +/- key.web-new #10
            ~ repo.web #aaaa1111 appendOnlyKeys=[web-old:10]->[web-new:new]
            ! UNMANAGED repo.web
            """),
        Arguments.of(
            "ignored repos and keys are neither changed nor reported as drift",
            desired(List.of(), List.of(), new Policy(true, true, List.of("keep-*"), List.of("manual-*"), 30)),
            account(
                List.of(live("10", "keep-me", ED1)),
                List.of(liveRepo("aaaa1111", "manual-1", "eu"))),
            """
            ! IGNORED key.keep-me
            ! IGNORED repo.manual-1
            """),
        Arguments.of(
            "compaction fields are compared one by one",
            desired(
                List.of(),
                List.of(withCompaction(repo("web", Region.EU), new Compaction(true, null, CompactionUnit.DAYS, null, null)))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu"))),
            """
            ~ repo.web #aaaa1111 compaction.enabled=false->true compaction.unit=weeks->days
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, DesiredState desired, LiveState live, String expected) {
    assertThat(PlanDump.of(planner.plan(desired, live))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shuffledInputsGiveTheSamePlan(String name, DesiredState desired, LiveState live, String expected) {
    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      DesiredState d =
          new DesiredState(shuffled(desired.keys(), random), shuffled(desired.repos(), random), desired.policy());
      LiveState l = new LiveState(shuffled(live.keys(), random), shuffled(live.repos(), random));
      assertThat(planner.plan(d, l)).isEqualTo(planner.plan(desired, live));
    }
  }

  @Test
  void aRegionChangeIsRefusedWithAnAlternative() {
    DesiredState d = desired(List.of(), List.of(repo("web", Region.US)));
    LiveState l = account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(1);
              Diagnostic diag = e.diagnostics().get(0);
              assertThat(diag.summary()).isEqualTo("repo \"web\" is in region eu; the spec asks for us");
              assertThat(diag.detail()).contains("deleting the repo and its backups").contains("\"web-us\"");
              assertThat(diag.pos()).isEqualTo(Fixtures.POS);
            });
  }

  @Test
  void twoLiveReposWithTheSpecsNameAskToPinOne() {
    DesiredState d = desired(List.of(), List.of(repo("web", Region.EU)));
    LiveState l =
        account(List.of(), List.of(liveRepo("bbbb2222", "web", "eu"), liveRepo("aaaa1111", "web", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.diagnostics()).hasSize(1);
              assertThat(e.diagnostics().get(0).summary())
                  .isEqualTo("the account has 2 repos named \"web\" (ids aaaa1111, bbbb2222)");
              assertThat(e.diagnostics().get(0).detail()).contains("id: <repo id>");
            });
  }

  @Test
  void aNewRepoNeedsARegion() {
    DesiredState d = desired(List.of(), List.of(repo("web", null)));
    assertThatThrownBy(() -> planner.plan(d, LiveState.empty()))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> assertThat(e.diagnostics().get(0).summary())
                .isEqualTo("repo \"web\" is not in the account and has no region"));
  }

  @Test
  void allProblemsAreReportedTogether() {
    DesiredState d = desired(List.of(), List.of(repo("a", null), repo("b", Region.US)));
    LiveState l = account(List.of(), List.of(liveRepo("aaaa1111", "b", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(DiagnosticsException.class, e -> assertThat(e.diagnostics()).hasSize(2));
  }

  @Test
  void thePlanCarriesTheDigestOfTheLiveStateItWasMadeAgainst() {
    LiveState l = account(List.of(live("10", "web", ED3)), List.of());
    Plan p = planner.plan(desired(List.of(), List.of()), l);
    assertThat(p.liveDigest()).isEqualTo(l.digest()).startsWith("sha256:");
  }

  private static <T> List<T> shuffled(List<T> in, Random r) {
    List<T> copy = new ArrayList<>(in);
    Collections.shuffle(copy, r);
    return copy;
  }

  private static DesiredRepo withAlertDays(DesiredRepo r, int days) {
    return new DesiredRepo(r.name(), r.id(), r.region(), r.quota(), days, r.appendOnlyKeys(), r.fullAccessKeys(),
        r.rsyncKeys(), r.appendOnly(), r.sftpEnabled(), r.borgVersion(), r.format(), r.compaction(), r.pos(), r.fieldPos());
  }

  private static DesiredRepo withQuota(DesiredRepo r, Quota q) {
    return new DesiredRepo(r.name(), r.id(), r.region(), q, r.alertDays(), r.appendOnlyKeys(), r.fullAccessKeys(),
        r.rsyncKeys(), r.appendOnly(), r.sftpEnabled(), r.borgVersion(), r.format(), r.compaction(), r.pos(), r.fieldPos());
  }

  private static DesiredRepo pinned(DesiredRepo r, String id) {
    return new DesiredRepo(r.name(), id, r.region(), r.quota(), r.alertDays(), r.appendOnlyKeys(), r.fullAccessKeys(),
        r.rsyncKeys(), r.appendOnly(), r.sftpEnabled(), r.borgVersion(), r.format(), r.compaction(), r.pos(), r.fieldPos());
  }

  private static DesiredRepo withCompaction(DesiredRepo r, Compaction c) {
    return new DesiredRepo(r.name(), r.id(), r.region(), r.quota(), r.alertDays(), r.appendOnlyKeys(), r.fullAccessKeys(),
        r.rsyncKeys(), r.appendOnly(), r.sftpEnabled(), r.borgVersion(), r.format(), c, r.pos(), r.fieldPos());
  }
}
