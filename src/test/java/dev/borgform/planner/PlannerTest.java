package dev.borgform.planner;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.renamedFrom;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static dev.borgform.testing.TestKeys.ED1;
import static dev.borgform.testing.TestKeys.ED2;
import static dev.borgform.testing.TestKeys.ED3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.api.Endpoint;
import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.live.LiveState;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.model.RepoFormat;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.KeyReplace;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanIntegrity;
import dev.borgform.plan.PlanNote;
import dev.borgform.plan.Reason;
import dev.borgform.plan.Target;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.PlanDump;
import dev.borgform.testing.Repos;
import dev.borgform.testing.Repos.Compaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
            desired(
                List.of(want("web", ED1)), List.of(repo("web", Region.EU, List.of("web"), null))),
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
            desired(
                List.of(want("web", ED2)), List.of(repo("web", Region.EU, List.of("web"), null))),
            account(
                List.of(live("10", "web", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            +/- key.web #10
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10]->[web:new]
            """),
        Arguments.of(
            "a replaced key also moves in lists the spec does not state",
            desired(List.of(want("web", ED2)), List.of(repo("web", Region.EU))),
            account(
                List.of(live("10", "web", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("10")))),
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
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10", "11")),
                    liveRepo("bbbb2222", "legacy", "us")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("11")))),
            """
            ~ repo.legacy #bbbb2222 fullAccessKeys=[old:11]->[]
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10,old:11]->[web:10]
            - key.old #11
            ! UNMANAGED repo.legacy
            """),
        Arguments.of(
            "pruneKeys false keeps keys the spec does not list",
            desired(
                List.of(want("web", ED1)),
                List.of(),
                new Policy(false, false, List.of(), List.of(), 30)),
            account(List.of(live("10", "web", ED1), live("11", "old", ED2)), List.of()),
            """
            ! UNMANAGED key.old
            """),
        Arguments.of(
            "only the fields the spec states are compared",
            desired(List.of(), List.of(withAlertDays(repo("web", Region.EU), 3))),
            account(
                List.of(),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.ALERT_DAYS, 1)
                        .with(RepoField.QUOTA, new LiveQuota(5000, true)))),
            """
            ~ repo.web #aaaa1111 alertDays=1->3
            """),
        Arguments.of(
            "quota none matches a disabled quota whatever number is stored",
            desired(List.of(), List.of(withQuota(repo("web", Region.EU), Quota.none()))),
            account(
                List.of(),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.QUOTA, new LiveQuota(777, false)))),
            ""),
        Arguments.of(
            "quota in GB is compared in MB",
            desired(
                List.of(), List.of(withQuota(repo("web", Region.EU), Quota.ofMegabytes(500_000)))),
            account(
                List.of(),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.QUOTA, new LiveQuota(400_000, true)))),
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
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10", "11")))),
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
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10]->[web:12]
            - key.web #10
            """),
        Arguments.of(
            "twin keys (one name, one material) keep the lowest id, however the account lists them",
            desired(List.of(want("web", ED1)), List.of(repo("web", Region.EU))),
            account(
                List.of(live("1001", "web", ED1), live("999", "web", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("1001")))),
            """
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:1001]->[web:999]
            - key.web #1001
            """),
        Arguments.of(
            "a renamed key (same blob, new name) is replaced and repos move to it",
            desired(List.of(want("web-new", ED1)), List.of()),
            account(
                List.of(live("10", "web-old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            +/- key.web-new #10
            ~ repo.web #aaaa1111 appendOnlyKeys=[web-old:10]->[web-new:new]
            ! UNMANAGED repo.web
            """),
        Arguments.of(
            "ignored repos and keys are neither changed nor reported as drift",
            desired(
                List.of(),
                List.of(),
                new Policy(true, true, List.of("keep-*"), List.of("manual-*"), 30)),
            account(
                List.of(live("10", "keep-me", ED1)),
                List.of(liveRepo("aaaa1111", "manual-1", "eu"))),
            """
            ! IGNORED key.keep-me
            ! IGNORED repo.manual-1
            """),
        Arguments.of(
            "rotation next to an ignored repo: the new key is added and managed repos move, but"
                + " the old key stays (with a warning) because an ignored repo uses it",
            desired(
                List.of(want("web", ED2)),
                List.of(repo("web", Region.EU, List.of("web"), null)),
                new Policy(true, false, List.of(), List.of("manual-*"), 30)),
            account(
                List.of(live("10", "web", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")),
                    liveRepo("bbbb2222", "manual-1", "eu")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("10")))),
            """
            + key.web
            ~ repo.web #aaaa1111 appendOnlyKeys=[web:10]->[web:new]
            ! IGNORED repo.manual-1
            ! WARNING key.web
            """),
        Arguments.of(
            "that state converges: the kept old key is neither deleted nor reported as a change",
            desired(
                List.of(want("web", ED2)),
                List.of(repo("web", Region.EU, List.of("web"), null)),
                new Policy(true, false, List.of(), List.of("manual-*"), 30)),
            account(
                List.of(live("10", "web", ED1), live("12", "web", ED2)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("12")),
                    liveRepo("bbbb2222", "manual-1", "eu")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("10")))),
            """
            ! IGNORED repo.manual-1
            ! WARNING key.web
            """),
        Arguments.of(
            "a key the spec drops but an ignored repo uses is kept, and not detached from any repo",
            desired(
                List.of(), List.of(), new Policy(true, false, List.of(), List.of("manual-*"), 30)),
            account(
                List.of(live("11", "old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "legacy", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("11")),
                    liveRepo("bbbb2222", "manual-1", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("11")))),
            """
            ! UNMANAGED repo.legacy
            ! IGNORED repo.manual-1
            ! WARNING key.old
            """),
        Arguments.of(
            "a key renamed next to an ignored repo: the new name is added, repos move, the old stays",
            desired(
                List.of(want("web-new", ED1)),
                List.of(),
                new Policy(true, false, List.of(), List.of("manual-*"), 30)),
            account(
                List.of(live("10", "web-old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")),
                    liveRepo("bbbb2222", "manual-1", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            + key.web-new
            ~ repo.web #aaaa1111 appendOnlyKeys=[web-old:10]->[web-new:new]
            ! UNMANAGED repo.web
            ! IGNORED repo.manual-1
            ! WARNING key.web-old
            """),
        Arguments.of(
            "an interrupted rename (old and new name both live, same blob) resumes: repos move to"
                + " the new key, the old one goes",
            desired(List.of(want("b", ED1)), List.of()),
            account(
                List.of(live("10", "a", ED1), live("20", "b", ED1)),
                List.of(
                    liveRepo("aaaa1111", "r", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            ~ repo.r #aaaa1111 appendOnlyKeys=[a:10]->[b:20]
            - key.a #10
            ! UNMANAGED repo.r
            """),
        Arguments.of(
            "an interrupted replace with neither live key matching: both are replaced",
            desired(List.of(want("web", ED3)), List.of()),
            account(
                List.of(live("10", "web", ED1), live("12", "web", ED2)),
                List.of(
                    liveRepo("aaaa1111", "r", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10", "12")))),
            """
            +/- key.web #10
            ~ repo.r #aaaa1111 appendOnlyKeys=[web:10,web:12]->[web:new]
            ! UNMANAGED repo.r
            """),
        Arguments.of(
            "a repo deleted with pruneRepos first lets go of the keys this plan deletes",
            desired(List.of(), List.of(), new Policy(true, true, List.of(), List.of(), 30)),
            account(
                List.of(live("11", "old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "legacy", "eu")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("11")))),
            """
            - key.old #11
            - repo.legacy #aaaa1111 detach: all
            """),
        Arguments.of(
            "two live repos with the spec's name are fine once the spec pins one; the other is unmanaged",
            desired(List.of(), List.of(pinned(repo("web", Region.EU), "bbbb2222"))),
            account(
                List.of(),
                List.of(liveRepo("aaaa1111", "web", "eu"), liveRepo("bbbb2222", "web", "eu"))),
            """
            ! UNMANAGED repo.web
            """),
        Arguments.of(
            "a pinned id renames the repo and its key lists follow the spec in the same edit",
            desired(
                List.of(want("k", ED1)),
                List.of(pinned(repo("new", Region.EU, List.of("k"), null), "aaaa1111"))),
            account(List.of(live("10", "k", ED1)), List.of(liveRepo("aaaa1111", "old", "eu"))),
            """
            ~ repo.new #aaaa1111 name=old->new appendOnlyKeys=[]->[k:10]
            """),
        Arguments.of(
            "compaction fields are compared one by one",
            desired(
                List.of(),
                List.of(
                    withCompaction(
                        repo("web", Region.EU),
                        new Compaction(true, null, CompactionUnit.DAYS, null, null)))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu"))),
            """
            ~ repo.web #aaaa1111 compaction.enabled=false->true compaction.unit=weeks->days
            """),
        Arguments.of(
            "renamedFrom renames the live repo in place, through its id",
            desired(List.of(), List.of(renamedFrom(repo("web-new", Region.EU), "web-old"))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web-old", "eu"))),
            """
            ~ repo.web-new #aaaa1111 name=web-old->web-new
            """),
        Arguments.of(
            "renamedFrom: any of the former names, and the spec's other fields in the same edit",
            desired(
                List.of(want("k", ED1)),
                List.of(
                    renamedFrom(repo("web-3", Region.EU, List.of("k"), null), "web-1", "web-2"))),
            account(List.of(live("10", "k", ED1)), List.of(liveRepo("aaaa1111", "web-2", "eu"))),
            """
            ~ repo.web-3 #aaaa1111 name=web-2->web-3 appendOnlyKeys=[]->[k:10]
            """),
        Arguments.of(
            "renamedFrom once renamed: the new name is live, nothing to do",
            desired(List.of(), List.of(renamedFrom(repo("web-new", Region.EU), "web-old"))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web-new", "eu"))),
            ""),
        Arguments.of(
            "renamedFrom with both names live: the new name wins, the old repo is left alone",
            desired(List.of(), List.of(renamedFrom(repo("web-new", Region.EU), "web-old"))),
            account(
                List.of(),
                List.of(
                    liveRepo("aaaa1111", "web-old", "eu"), liveRepo("bbbb2222", "web-new", "eu"))),
            """
            ! UNMANAGED repo.web-old
            """),
        Arguments.of(
            "renamedFrom whose former name is not live: the repo is created",
            desired(List.of(), List.of(renamedFrom(repo("web-new", Region.EU), "web-old"))),
            account(List.of(), List.of()),
            """
            + repo.web-new
            """),
        Arguments.of(
            "renamedFrom never takes a repo another entry pins by id",
            desired(
                List.of(),
                List.of(
                    pinned(repo("keep", Region.EU), "aaaa1111"),
                    renamedFrom(repo("web-new", Region.EU), "web-old"))),
            account(List.of(), List.of(liveRepo("aaaa1111", "web-old", "eu"))),
            """
            ~ repo.keep #aaaa1111 name=web-old->keep
            + repo.web-new
            """),
        Arguments.of(
            "renamedFrom on a key: the old key is replaced by the new name and repos move to it,"
                + " even without pruneKeys",
            desired(List.of(renamedFrom(want("web-new", ED1), "web-old")), List.of()),
            account(
                List.of(live("10", "web-old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))),
            """
            +/- key.web-new #10
            ~ repo.web #aaaa1111 appendOnlyKeys=[web-old:10]->[web-new:new]
            ! UNMANAGED repo.web
            """),
        Arguments.of(
            "renamedFrom on a key whose new name is live: nothing to do",
            desired(List.of(renamedFrom(want("web-new", ED1), "web-old")), List.of()),
            account(List.of(live("11", "web-new", ED1)), List.of()),
            ""));
  }

  /** A live repo that is just what the spec asks, under another name: the naive rename. */
  static Stream<Arguments> renameHints() {
    DesiredRepo wanted = repo("web-new", Region.EU, List.of("k"), null);
    LiveRepo same =
        liveRepo("aaaa1111", "web-old", "eu").with(RepoField.APPEND_ONLY_KEYS, List.of("10"));
    return Stream.of(
        Arguments.of(
            "same region, key lists and stated settings: the hint",
            wanted,
            same,
            List.of(
                "did you mean to rename repo.web-old (id aaaa1111)? add renamedFrom: [web-old] to"
                    + " repo.web-new")),
        Arguments.of(
            "another region: no hint", wanted, liveRepo("aaaa1111", "web-old", "us"), List.of()),
        Arguments.of(
            "other keys: no hint", wanted, liveRepo("aaaa1111", "web-old", "eu"), List.of()),
        Arguments.of("another stated setting: no hint", withAlertDays(wanted, 3), same, List.of()),
        Arguments.of(
            "a name with a line break is shown neutralised",
            wanted,
            liveRepo("aaaa1111", "web\nold", "eu").with(RepoField.APPEND_ONLY_KEYS, List.of("10")),
            List.of(
                "did you mean to rename repo.web\\nold (id aaaa1111)? add renamedFrom:"
                    + " [web\\nold] to repo.web-new")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renameHints")
  void aCreateNextToAnUnmanagedTwinHintsAtRenamedFrom(
      String name, DesiredRepo wanted, LiveRepo other, List<String> expected) {
    Plan p =
        planner.plan(
            desired(List.of(want("k", ED1)), List.of(wanted)),
            account(List.of(live("10", "k", ED1)), List.of(other)));
    assertThat(
            p.notes().stream()
                .filter(n -> n.kind() == PlanNote.Kind.WARNING)
                .map(PlanNote::message)
                .toList())
        .isEqualTo(expected);
    if (!expected.isEmpty()) {
      assertThat(p.notes())
          .filteredOn(n -> n.kind() == PlanNote.Kind.WARNING)
          .allMatch(n -> n.address().toString().equals("repo.web-new"));
    }
  }

  @Test
  void renamedFromWithTwoLiveCandidatesAsksToPinOne() {
    DesiredState d =
        desired(List.of(), List.of(renamedFrom(repo("web", Region.EU), "web-a", "web-b")));
    LiveState l =
        account(
            List.of(),
            List.of(liveRepo("bbbb2222", "web-b", "eu"), liveRepo("aaaa1111", "web-a", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.diagnostics()).hasSize(1);
              assertThat(e.diagnostics().get(0).summary())
                  .isEqualTo(
                      "repo \"web\" is renamed from one of 2 live repos (\"web-a\" id aaaa1111,"
                          + " \"web-b\" id bbbb2222)");
              assertThat(e.diagnostics().get(0).detail()).contains("id: <repo id>");
            });
  }

  @Test
  void renamedFromWithTwoLiveReposOfTheOldNameAsksToPinOne() {
    DesiredState d = desired(List.of(), List.of(renamedFrom(repo("web", Region.EU), "old")));
    LiveState l =
        account(
            List.of(),
            List.of(liveRepo("bbbb2222", "old", "eu"), liveRepo("aaaa1111", "old", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e ->
                assertThat(e.diagnostics().get(0).summary())
                    .startsWith("repo \"web\" is renamed from one of 2 live repos"));
  }

  @Test
  void renamedFromAnIgnoredRepoIsRefused() {
    DesiredState d =
        desired(
            List.of(),
            List.of(renamedFrom(repo("web", Region.EU), "legacy-web")),
            new Policy(false, false, List.of(), List.of("legacy-*"), 30));
    LiveState l = account(List.of(), List.of(liveRepo("aaaa1111", "legacy-web", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.diagnostics().get(0).summary())
                  .isEqualTo(
                      "repo \"web\" is renamed from \"legacy-web\" (id aaaa1111), which"
                          + " policy.ignore.repos hides");
              assertThat(e.diagnostics().get(0).detail()).contains("narrow the ignore pattern");
            });
  }

  @Test
  void renamedFromAnIgnoredKeyIsRefused() {
    DesiredState d =
        desired(
            List.of(renamedFrom(want("web", ED1), "legacy-web")),
            List.of(),
            new Policy(false, false, List.of("legacy-*"), List.of(), 30));
    LiveState l = account(List.of(live("10", "legacy-web", ED1)), List.of());
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e ->
                assertThat(e.diagnostics().get(0).summary())
                    .isEqualTo(
                        "key \"web\" lists \"legacy-web\" in renamedFrom, but"
                            + " policy.ignore.keys hides that key (id 10)"));
  }

  @Test
  void aKeyRenamedFromKeepsTheServersAccessThroughTheReplace() {
    Plan p =
        planner.plan(
            desired(
                List.of(renamedFrom(want("web-new", ED1), "web-old")),
                List.of(repo("web", Region.EU, List.of("web-new"), null))),
            account(
                List.of(live("10", "web-old", ED1)),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))));
    assertThat(p.changes())
        .filteredOn(c -> c instanceof KeyReplace)
        .singleElement()
        .satisfies(
            c -> {
              KeyReplace r = (KeyReplace) c;
              assertThat(r.previous()).extracting(LiveKey::id).containsExactly("10");
              assertThat(r.reason()).isEqualTo(new Reason.KeyRenamed(List.of("web-old"), false));
              assertThat(ReasonText.of(r.reason())).isEqualTo("renamed from \"web-old\"");
            });
    assertThat(p.changes()).noneMatch(c -> c instanceof KeyDelete);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, DesiredState desired, LiveState live, String expected) {
    assertThat(PlanDump.of(planner.plan(desired, live))).isEqualTo(expected);
  }

  /**
   * Every plan of the table passes the checks apply makes on a saved plan, and reads back from its
   * file as the same plan: the checks refuse only what the planner never makes.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyPlanPassesTheSavedPlanChecksAndReadsBackFromItsFile(
      String name, DesiredState desired, LiveState live, String expected) {
    Plan plan = planner.plan(desired, live).withTarget(Target.endpoint(Endpoint.DEFAULT));
    assertThat(PlanIntegrity.againstLive(plan, live.keys(), live.repos())).isEmpty();
    PlanCodec codec = new PlanCodec(ReasonText.WORDS);
    assertThat(codec.read(codec.write(plan)))
        .isEqualTo(plan.withDeletionGuard(DeletionGuard.none()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shuffledInputsGiveTheSamePlan(
      String name, DesiredState desired, LiveState live, String expected) {
    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      DesiredState d =
          new DesiredState(
              shuffled(desired.keys(), random),
              shuffled(desired.repos(), random),
              desired.policy());
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
              assertThat(diag.summary())
                  .isEqualTo("repo \"web\" is in region eu; the spec asks for us");
              assertThat(diag.detail())
                  .contains("deleting the repo and its backups")
                  .contains("\"web-us\"");
              assertThat(diag.pos()).isEqualTo(Fixtures.POS);
            });
  }

  @Test
  void aFormatChangeIsRefusedWithAnAlternative() {
    DesiredRepo d =
        Repos.desired(
            "web",
            null,
            Region.EU,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            RepoFormat.RESTIC,
            null,
            Fixtures.POS,
            null);
    LiveState l = account(List.of(), List.of(liveRepo("aaaa1111", "web", "eu")));
    assertThatThrownBy(() -> planner.plan(desired(List.of(), List.of(d)), l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.diagnostics()).hasSize(1);
              assertThat(e.diagnostics().get(0).summary())
                  .isEqualTo("repo \"web\" has format borg1; the spec asks for restic");
              assertThat(e.diagnostics().get(0).detail()).contains("\"web-restic\"");
            });
  }

  @Test
  void aPinnedIdThatIsNotInTheAccountIsAnError() {
    DesiredState d = desired(List.of(), List.of(pinned(repo("web", Region.EU), "zzzz9999")));
    assertThatThrownBy(() -> planner.plan(d, LiveState.empty()))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e ->
                assertThat(e.diagnostics().get(0).summary())
                    .isEqualTo("repo \"web\" pins id zzzz9999, which is not in the account"));
  }

  @Test
  void theWarningForAKeptKeyNamesTheIgnoredRepoAndTheWayOut() {
    Plan p =
        planner.plan(
            desired(
                List.of(), List.of(), new Policy(true, false, List.of(), List.of("manual-*"), 30)),
            account(
                List.of(live("11", "old", ED1)),
                List.of(
                    liveRepo("bbbb2222", "manual-1", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("11")))));
    assertThat(p.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .isEqualTo(
                        "key id 11 is kept although the spec does not list it: ignored repo \"manual-1\" uses it, and"
                            + " borgform never cuts off an ignored repo. Remove the key from that repo (or stop ignoring"
                            + " them) and the next plan deletes it."));
  }

  // ---- ignore patterns that match nothing --------------------------------------------------

  static Stream<Arguments> unusedIgnores() {
    return Stream.of(
        Arguments.of("a glob that matches is silent", List.of(), List.of("legacy-*"), null),
        Arguments.of(
            "a regular expression written for a glob",
            List.of(),
            List.of("legacy-.*"),
            "policy.ignore.repos pattern \"legacy-.*\" matches no repo in the account; patterns are"
                + " globs, not regular expressions: * is any run of characters, ? one character,"
                + " and every other character stands for itself (e.g. legacy-*)."),
        Arguments.of(
            "a character class",
            List.of(),
            List.of("legacy-[12]"),
            "policy.ignore.repos pattern \"legacy-[12]\" matches no repo in the account; patterns"
                + " are globs, not regular expressions: * is any run of characters, ? one character,"
                + " and every other character stands for itself (e.g. legacy-*)."),
        Arguments.of(
            "other capitals",
            List.of(),
            List.of("LEGACY-*"),
            "policy.ignore.repos pattern \"LEGACY-*\" matches no repo in the account; names match"
                + " with their exact capitals, and it would match \"Legacy-2\", \"legacy-1\""
                + " ignoring case."),
        Arguments.of(
            "nothing like it",
            List.of(),
            List.of("archive-*"),
            "policy.ignore.repos pattern \"archive-*\" matches no repo in the account."),
        Arguments.of(
            "a key pattern is checked against keys, not repos",
            List.of("legacy-*"),
            List.of(),
            "policy.ignore.keys pattern \"legacy-*\" matches no key in the account."));
  }

  /**
   * An ignore pattern that matches nothing protects nothing, and the objects it was meant to hide
   * are planned like any other: a warning names it, with the likely reason when one can be told.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unusedIgnores")
  void anIgnorePatternThatMatchesNothingIsWarnedAbout(
      String what, List<String> ignoreKeys, List<String> ignoreRepos, String warning) {
    Plan p =
        planner.plan(
            desired(List.of(), List.of(), new Policy(true, true, ignoreKeys, ignoreRepos, 100)),
            account(
                List.of(live("10", "web", ED1)),
                List.of(
                    liveRepo("aaaa1111", "legacy-1", "eu"),
                    liveRepo("bbbb2222", "Legacy-2", "eu"))));
    if (warning == null) {
      assertThat(p.warnings()).isEmpty();
    } else {
      assertThat(p.warnings())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.address()).isNull();
                assertThat(w.message()).isEqualTo(warning);
              });
    }
  }

  // ---- the mass-deletion rail -------------------------------------------------------------

  /** 12 keys and 8 repos live; the spec keeps {@code keep} of the keys and states no repos. */
  private static Plan massDeletion(int keep, List<String> ignoreKeys) {
    List<dev.borgform.model.LiveKey> keys = new ArrayList<>();
    List<dev.borgform.model.DesiredKey> wanted = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String line = dev.borgform.testing.TestKeys.ed25519(i, "k" + i);
      keys.add(live(String.valueOf(100 + i), "k" + i, line));
      if (i < keep) wanted.add(want("k" + i, line));
    }
    List<dev.borgform.model.LiveRepo> repos = new ArrayList<>();
    for (int i = 0; i < 8; i++) repos.add(liveRepo("repo000" + i, "r" + i, "eu"));
    return new Planner()
        .plan(
            desired(wanted, List.of(), new Policy(true, false, ignoreKeys, List.of(), 30)),
            account(keys, repos));
  }

  @Test
  void deletingMoreThanMaxDeletePercentOfTheAccountTripsTheGuardWithTheNumbers() {
    Plan p = massDeletion(5, List.of());
    assertThat(p.deletionGuard().exceeded()).isTrue();
    assertThat(p.deletionGuard().message())
        .isEqualTo("Too many deletions: 35.0% is over 30% (7 of 20 live keys and repos)");
  }

  @Test
  void exactlyMaxDeletePercentIsStillAllowed() {
    Plan p = massDeletion(6, List.of()); // 6 of 20 = 30 %
    assertThat(p.deletionGuard().deletions()).isEqualTo(6);
    assertThat(p.deletionGuard().exceeded()).isFalse();
  }

  @Test
  void ignoredObjectsAreNeitherDeletedNorCounted() {
    Plan p = massDeletion(5, List.of("k1?")); // k10, k11 ignored: k5..k9 deleted, 5 of 18
    assertThat(p.deletionGuard().deletions()).isEqualTo(5);
    assertThat(p.deletionGuard().liveObjects()).isEqualTo(18);
    assertThat(p.changes()).noneMatch(c -> c.address().name().startsWith("k1"));
    assertThat(p.deletionGuard().exceeded()).isFalse();
  }

  @Test
  void smallAccountsAreExemptFromTheShareButNotFromLosingEveryKey() {
    LiveState three =
        account(List.of(live("1", "a", ED1), live("2", "b", ED2), live("3", "c", ED3)), List.of());
    // Two of three keys go (67 %): under 10 live objects the share rule does not apply.
    Plan some = planner.plan(desired(List.of(want("a", ED1)), List.of()), three);
    assertThat(some.deletionGuard().deletions()).isEqualTo(2);
    assertThat(some.deletionGuard().exceeded()).isFalse();
    // Every key goes, from a spec that declares nothing: that needs --force at any size.
    Plan all = planner.plan(desired(List.of(), List.of()), three);
    assertThat(all.deletionGuard().deletions()).isEqualTo(3);
    assertThat(all.deletionGuard().exceeded()).isTrue();
    assertThat(all.deletionGuard().message())
        .isEqualTo(
            "Too many deletions: every live key goes (all 3); the spec declares no keys and no"
                + " repos");
  }

  @Test
  void renamesAndRotationsCountOnlyWhenKeyMaterialLeaves() {
    List<dev.borgform.model.LiveKey> keys = new ArrayList<>();
    List<dev.borgform.model.DesiredKey> wanted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String line = dev.borgform.testing.TestKeys.ed25519(i, "k" + i);
      keys.add(live(String.valueOf(100 + i), "k" + i, line));
      // Every key renamed (same material): nobody loses access, nothing counts.
      wanted.add(want("renamed-" + i, line));
    }
    Plan renamed = planner.plan(desired(wanted, List.of()), account(keys, List.of()));
    assertThat(renamed.summary().delete()).isEqualTo(10);
    assertThat(renamed.deletionGuard().deletions()).isZero();

    List<dev.borgform.model.DesiredKey> rotated = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rotated.add(want("k" + i, dev.borgform.testing.TestKeys.ed25519(1000 + i, "new")));
    }
    Plan p = planner.plan(desired(rotated, List.of()), account(keys, List.of()));
    assertThat(p.deletionGuard().deletions()).isEqualTo(10);
    assertThat(p.deletionGuard().exceeded()).isTrue();
  }

  @Test
  void twoLiveReposWithTheSpecsNameAskToPinOne() {
    DesiredState d = desired(List.of(), List.of(repo("web", Region.EU)));
    LiveState l =
        account(
            List.of(),
            List.of(liveRepo("bbbb2222", "web", "eu"), liveRepo("aaaa1111", "web", "eu")));
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
            e ->
                assertThat(e.diagnostics().get(0).summary())
                    .isEqualTo("repo \"web\" is not in the account and has no region"));
  }

  @Test
  void allProblemsAreReportedTogether() {
    DesiredState d = desired(List.of(), List.of(repo("a", null), repo("b", Region.US)));
    LiveState l = account(List.of(), List.of(liveRepo("aaaa1111", "b", "eu")));
    assertThatThrownBy(() -> planner.plan(d, l))
        .isInstanceOfSatisfying(
            DiagnosticsException.class, e -> assertThat(e.diagnostics()).hasSize(2));
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
    return r.with(RepoField.ALERT_DAYS, days);
  }

  private static DesiredRepo withQuota(DesiredRepo r, Quota q) {
    return r.with(RepoField.QUOTA, q);
  }

  private static DesiredRepo pinned(DesiredRepo r, String id) {
    return new DesiredRepo(
        r.name(), id, r.region(), r.values(), r.pos(), r.fieldPos(), r.renamedFrom());
  }

  private static DesiredRepo withCompaction(DesiredRepo r, Compaction c) {
    DesiredRepo out = r;
    if (c.enabled() != null) out = out.with(RepoField.COMPACTION_ENABLED, c.enabled());
    if (c.interval() != null) out = out.with(RepoField.COMPACTION_INTERVAL, c.interval());
    if (c.unit() != null) out = out.with(RepoField.COMPACTION_UNIT, c.unit());
    if (c.hour() != null) out = out.with(RepoField.COMPACTION_HOUR, c.hour());
    if (c.timezone() != null) out = out.with(RepoField.COMPACTION_TIMEZONE, c.timezone());
    return out;
  }
}
