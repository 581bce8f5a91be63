package dev.borgform.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.UnsafePlanException;
import dev.borgform.live.AccountReader;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Plan;
import dev.borgform.plan.RepoDelete;
import dev.borgform.planner.Planner;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.Repos;
import dev.borgform.testing.TestKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rounds, stops and giving way, with scripted reads and answers (no HTTP). */
class ReconcilerTest {
  private static final String KEY = TestKeys.ed25519(1, "web@host");

  /** Reads hand out the scripted states in order (the last one again when they run out). */
  private static final class Reads implements AccountReader {
    final Deque<Object> script = new ArrayDeque<>();
    int count;

    Reads then(LiveState s) {
      script.add(s);
      return this;
    }

    Reads thenFail(RuntimeException e) {
      script.add(e);
      return this;
    }

    @Override
    public LiveState read() {
      count++;
      Object next = script.size() > 1 ? script.poll() : script.peek();
      if (next instanceof RuntimeException e) throw e;
      return (LiveState) next;
    }
  }

  /** Answers each mutation with the function; records what was sent. */
  private static final class Writes implements AccountWriter {
    final List<Mutation> sent = new ArrayList<>();
    Function<Mutation, MutationResult> answer;

    Writes(Function<Mutation, MutationResult> answer) {
      this.answer = answer;
    }

    @Override
    public List<MutationResult> submit(List<Mutation> batch) {
      List<MutationResult> out = new ArrayList<>();
      for (Mutation m : batch) {
        sent.add(m);
        out.add(answer.apply(m));
      }
      return out;
    }
  }

  private static final class Events implements ReconcileListener {
    final List<String> log = new ArrayList<>();

    @Override
    public void stepFinished(StepResult r) {
      log.add(r.address() + " " + r.status());
    }

    @Override
    public void replanning(int round, int maxRounds, List<StepResult> unknown) {
      log.add("replanning " + round + "/" + maxRounds + " after " + unknown.size());
    }

    @Override
    public void replanned(int round, Plan plan) {
      log.add("replanned " + round + ": " + plan.changes().size() + " changes");
    }

    @Override
    public void rechecking() {
      log.add("rechecking");
    }
  }

  private static Reconciler reconciler(
      Reads reads, Writes writes, boolean recheck, boolean allowDestroy) {
    return reconciler(reads, writes, recheck, allowDestroy, false);
  }

  private static Reconciler reconciler(
      Reads reads, Writes writes, boolean recheck, boolean allowDestroy, boolean force) {
    return new Reconciler(
        reads,
        writes,
        new Planner(),
        new Reconciler.Options(
            1,
            Reconciler.Options.DEFAULT_MAX_ROUNDS,
            recheck,
            new SafetyRules(allowDestroy, force)));
  }

  private static DesiredState spec(String... repos) {
    List<dev.borgform.model.DesiredRepo> rs = new ArrayList<>();
    for (String r : repos) rs.add(Fixtures.repo(r, Region.EU, List.of("web"), null));
    return Fixtures.desired(List.of(Fixtures.want("web", KEY)), rs);
  }

  private static LiveRepo repo(
      String id, String name, String createdAt, double usage, String lastModified) {
    return Repos.live(
        id,
        name,
        "eu",
        0,
        false,
        0,
        false,
        List.of("1000"),
        List.of(),
        List.of(),
        false,
        "LATEST",
        "borg1",
        false,
        6,
        "weeks",
        14,
        "UTC",
        null,
        usage,
        createdAt,
        lastModified);
  }

  private static final LiveKey WEB = Fixtures.live("1000", "web", KEY);

  private static MutationResult ok(Mutation m) {
    if (m instanceof Mutation.AddRepo a) return MutationResult.applied("id-" + a.settings().name());
    if (m instanceof Mutation.AddKey) return MutationResult.applied("1000");
    return MutationResult.applied(null);
  }

  // ---- rounds ------------------------------------------------------------------------------

  @Test
  void anUnknownOutcomeIsSettledByReadingAgainAndDoingOnlyWhatIsLeft() {
    // The account had the key; a and b are created; b's answer is lost after it was made.
    LiveState before = new LiveState(List.of(WEB), List.of());
    LiveState after =
        new LiveState(
            List.of(WEB),
            List.of(repo("id-a", "a", null, 0, null), repo("bbbb", "b", null, 0, null)));
    Reads reads = new Reads().then(after);
    Writes writes =
        new Writes(
            m ->
                m instanceof Mutation.AddRepo a && a.settings().name().equals("b")
                    ? MutationResult.unknown("lost")
                    : ok(m));
    DesiredState desired = spec("a", "b", "c");
    Plan plan = new Planner().plan(desired, before);
    Events events = new Events();

    ReconcileResult r = reconciler(reads, writes, false, false).apply(desired, plan, events);

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(r.rounds()).hasSize(2);
    assertThat(reads.count).isEqualTo(1);
    assertThat(writes.sent)
        .extracting(m -> ((Mutation.AddRepo) m).settings().name())
        .as("b is never sent again; c, which was not sent, is")
        .containsExactly("a", "b", "c");
    assertThat(events.log)
        .containsExactly(
            "repo.a APPLIED",
            "repo.b UNKNOWN",
            "replanning 2/3 after 1",
            "replanned 2: 1 changes",
            "repo.c APPLIED");
  }

  @Test
  void whenEverythingUnknownWasMadeTheSecondRoundIsEmpty() {
    LiveState after = new LiveState(List.of(WEB), List.of(repo("aaaa", "a", null, 0, null)));
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    DesiredState desired = spec("a");
    ReconcileResult r =
        reconciler(new Reads().then(after), writes, false, false)
            .apply(
                desired,
                new Planner().plan(desired, new LiveState(List.of(WEB), List.of())),
                ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(writes.sent).hasSize(1);
  }

  @Test
  void roundsAreBoundedAndAnOutcomeStillUnknownEndsTheApply() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    Reads reads = new Reads().then(empty);
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    DesiredState desired = spec("a");
    ReconcileResult r =
        reconciler(reads, writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.UNSETTLED);
    assertThat(r.message())
        .isEqualTo(
            "The outcome of 1 change is still unknown after 3 rounds; borgform stopped rather than keep trying.");
    assertThat(writes.sent).hasSize(3);
    assertThat(reads.count).isEqualTo(2);
  }

  @Test
  void aCertainFailureStopsAtOnceAndNamesTheChange() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    Reads reads = new Reads().then(empty);
    Writes writes = new Writes(m -> MutationResult.failed("Over quota or too many repos."));
    DesiredState desired = spec("a");
    ReconcileResult r =
        reconciler(reads, writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.FAILED);
    assertThat(r.message())
        .isEqualTo("Apply stopped: repo.a create failed: Over quota or too many repos.");
    assertThat(reads.count).as("a failure is not re-planned").isZero();
  }

  @Test
  void aLaterRoundMayNotDoWhatTheApprovedPlanDidNotCover() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    // Meanwhile someone deleted the key the approved plan left alone.
    LiveState changed = new LiveState(List.of(), List.of());
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    DesiredState desired = spec("a");
    ReconcileResult r =
        reconciler(new Reads().then(changed), writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.STOPPED);
    assertThat(r.message())
        .startsWith(
            "The account changed in a way the approved plan did not cover (key.web was not in the approved plan)");
    assertThat(writes.sent).hasSize(1);
  }

  @Test
  void theSafetyRailsHoldInEveryRound() {
    DesiredState desired =
        Fixtures.desired(
            List.of(Fixtures.want("web", KEY)),
            List.of(Fixtures.repo("a", Region.EU, List.of("web"), null)),
            new Policy(true, true, List.of(), List.of(), 100));
    LiveState empty = new LiveState(List.of(WEB), List.of());
    // A repo outside the spec appeared; with pruneRepos the new plan would delete it.
    LiveState later = new LiveState(List.of(WEB), List.of(repo("zzzz", "stranger", null, 5, null)));
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    ReconcileResult r =
        reconciler(new Reads().then(later), writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.STOPPED);
    assertThat(r.cause()).isInstanceOf(UnsafePlanException.class);
    assertThat(r.message()).contains("refusing without --allow-destroy");
    assertThat(writes.sent).noneMatch(m -> m instanceof Mutation.DeleteRepo);
  }

  @Test
  void aRepoDeletionTheApprovedPlanDidNotHoldIsRefusedEvenWithAllowDestroy() {
    DesiredState desired =
        Fixtures.desired(
            List.of(Fixtures.want("web", KEY)),
            List.of(Fixtures.repo("a", Region.EU, List.of("web"), null)),
            new Policy(true, true, List.of(), List.of(), 100));
    LiveState empty = new LiveState(List.of(WEB), List.of());
    LiveState later = new LiveState(List.of(WEB), List.of(repo("zzzz", "stranger", null, 5, null)));
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    // Both locks and --force: deleting the account's only repo would pass every rail, and the
    // scope of the approved plan still stops it.
    ReconcileResult r =
        reconciler(new Reads().then(later), writes, false, true, true)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.STOPPED);
    assertThat(r.message()).contains("repo.stranger was not in the approved plan");
  }

  @Test
  void aReadThatFailsWhileSettlingEndsTheApplyWithItsCause() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    FailureException down =
        new FailureException("Could not reach BorgBase", "Check the network.", null);
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    DesiredState desired = spec("a");
    ReconcileResult r =
        reconciler(new Reads().thenFail(down), writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.STOPPED);
    assertThat(r.cause()).isSameAs(down);
    assertThat(r.message())
        .isEqualTo("Could not settle the unknown outcomes: Could not reach BorgBase");
    assertThat(r.hint()).isEqualTo("Check the network.");
  }

  @Test
  void aSavedPlanIsNeverReplanned() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    Reads reads = new Reads().then(empty);
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    Plan plan = new Planner().plan(spec("a", "b"), empty);
    ReconcileResult r =
        reconciler(reads, writes, false, false).applyExactly(plan, ReconcileListener.NONE);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.UNSETTLED);
    assertThat(r.message())
        .isEqualTo(
            "The outcome of 1 change is unknown. A saved plan is applied exactly as reviewed, so borgform"
                + " did not re-plan on its own.");
    assertThat(r.hint()).startsWith("Make a new plan with `borgform plan -f SPEC --out PLAN.json`");
    assertThat(reads.count).isZero();
    assertThat(writes.sent).hasSize(1);
  }

  /**
   * Each reason for applying exactly gets its own advice after an unknown outcome, and no re-plan.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SAVED_PLAN | A saved plan is applied exactly as reviewed | Make a new plan with `borgform"
            + " plan -f SPEC --out PLAN.json` (it holds only what is still missing), review it, then"
            + " apply it.",
        "SAVED_PLAN_PARTIAL | A saved plan is applied exactly as reviewed | Make a new plan with"
            + " `borgform plan -f SPEC --out PLAN.json` (it holds only what is still missing),"
            + " review it, then apply it with --partial, or with a Full Access token to make the"
            + " skipped changes too.",
        "PARTIAL | A partial apply makes only the adds it listed | Run `borgform apply -f SPEC"
            + " --partial` again: it reads the account first, so it adds only what is still"
            + " missing. The skipped changes need a Full Access token."
      })
  void anUnknownOutcomeWhenAppliedExactlyGetsTheAdviceOfWhy(
      Reconciler.Exactly why, String message, String hint) {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    Reads reads = new Reads().then(empty);
    Writes writes = new Writes(m -> MutationResult.unknown("lost"));
    Plan plan = new Planner().plan(spec("a", "b"), empty);
    ReconcileResult r =
        reconciler(reads, writes, false, false).applyExactly(plan, ReconcileListener.NONE, why);
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.UNSETTLED);
    assertThat(r.message())
        .isEqualTo(
            "The outcome of 1 change is unknown. "
                + message
                + ", so borgform did not re-plan on its own.");
    assertThat(r.hint()).isEqualTo(hint);
    assertThat(reads.count).as("no re-read").isZero();
    assertThat(writes.sent).hasSize(1);
  }

  // ---- giving way to a concurrent apply ------------------------------------------------------

  private static Reconciler patient(Reads reads, Writes writes) {
    return new Reconciler(
        reads,
        writes,
        new Planner(),
        new Reconciler.Options(
            1,
            Reconciler.Options.DEFAULT_MAX_ROUNDS,
            true,
            new SafetyRules(false, false),
            List.of(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2)),
            d -> true));
  }

  /** Applies spec("a") to an account with the key, rechecking against the scripted reads. */
  private ReconcileResult recheck(Reads reads, Writes writes, Events events) {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    DesiredState desired = spec("a");
    return patient(reads, writes).apply(desired, new Planner().plan(desired, empty), events);
  }

  private ReconcileResult recheck(LiveState after, Writes writes, Events events) {
    return recheck(new Reads().then(after), writes, events);
  }

  /** What a run sent after its plan's own creations, readable. */
  private static List<String> afterCreates(Writes writes) {
    List<String> out = new ArrayList<>();
    for (Mutation m : writes.sent) {
      if (m instanceof Mutation.DeleteRepo d) out.add("repoDelete " + d.id());
      if (m instanceof Mutation.DeleteKey d) out.add("sshDelete " + d.id());
      if (m instanceof Mutation.EditRepo e) {
        out.add(
            "repoEdit "
                + e.id()
                + " appendOnly="
                + e.settings().keys(RepoField.APPEND_ONLY_KEYS).orElseThrow().stream()
                    .map(dev.borgform.plan.KeyRef::id)
                    .toList());
      }
    }
    return out;
  }

  private static LiveState repos(LiveRepo... rs) {
    return new LiveState(List.of(WEB), List.of(rs));
  }

  private static final String T5 = "2026-03-01T12:00:05Z";

  /**
   * This run created repo "a" as id-a at 12:00:05; the account shows a twin. Every case is also run
   * with the account listing the two the other way round: the verdict must not depend on it.
   */
  record TwinCase(
      String name,
      LiveRepo twin,
      List<LiveState> laterReads,
      ReconcileResult.Status status,
      List<String> sent,
      int reads) {}

  static List<TwinCase> repoTwinCases() {
    LiveRepo mine = repo("id-a", "a", T5, 0, null);
    LiveRepo older = repo("twin", "a", "2026-03-01T12:00:04Z", 0, null);
    LiveRepo newer = repo("twin", "a", "2026-03-01T12:00:06Z", 0, null);
    LiveRepo sameSecondLowerId = repo("aaaa", "a", T5, 0, null);
    LiveRepo sameSecondHigherId = repo("zzzz", "a", T5, 0, null);
    LiveRepo unknownTime = repo("zzzz", "a", null, 0, null);
    return List.of(
        new TwinCase(
            "older twin: give way, confirm it is there",
            older,
            List.of(repos(older)),
            ReconcileResult.Status.DONE,
            List.of("repoDelete id-a"),
            2),
        new TwinCase(
            "newer twin: keep, its maker gives way; no waiting",
            newer,
            List.of(),
            ReconcileResult.Status.DONE,
            List.of(),
            1),
        new TwinCase(
            "same second, twin's id lower: give way",
            sameSecondLowerId,
            List.of(repos(sameSecondLowerId)),
            ReconcileResult.Status.DONE,
            List.of("repoDelete id-a"),
            2),
        new TwinCase(
            "same second, own id lower: keep, wait until the twin is gone",
            sameSecondHigherId,
            List.of(repos(mine)),
            ReconcileResult.Status.DONE,
            List.of(),
            2),
        new TwinCase(
            "same second, own id lower, twin stays: give way after waiting, confirm",
            sameSecondHigherId,
            List.of(
                repos(mine, sameSecondHigherId),
                repos(mine, sameSecondHigherId),
                repos(sameSecondHigherId)),
            ReconcileResult.Status.DONE,
            List.of("repoDelete id-a"),
            4),
        new TwinCase(
            "unknown creation time counts as a tie",
            unknownTime,
            List.of(repos(mine)),
            ReconcileResult.Status.DONE,
            List.of(),
            2),
        new TwinCase(
            "gave way but the survivor is gone too: fail, never 'complete'",
            older,
            List.of(repos()),
            ReconcileResult.Status.FAILED,
            List.of("repoDelete id-a"),
            2));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("repoTwinCases")
  void repoTwinsLeaveExactlyOne(TwinCase c) {
    LiveRepo mine = repo("id-a", "a", T5, 0, null);
    for (boolean mineFirst : List.of(true, false)) {
      Reads reads = new Reads().then(mineFirst ? repos(mine, c.twin()) : repos(c.twin(), mine));
      for (LiveState s : c.laterReads()) reads.then(s);
      Writes writes = new Writes(ReconcilerTest::ok);
      ReconcileResult r = recheck(reads, writes, new Events());
      String as = c.name() + (mineFirst ? "" : " (listed the other way round)");
      assertThat(r.status()).as(as + ": " + r.message()).isEqualTo(c.status());
      assertThat(afterCreates(writes)).as(as).isEqualTo(c.sent());
      assertThat(reads.count).as(as + ": reads").isEqualTo(c.reads());
    }
  }

  @Test
  void bothRunsRankTheSameWaySoExactlyOneTwinSurvives() {
    // Two runs see the same two same-second twins, each its own; exactly one deletes.
    LiveRepo x = repo("kkkk", "a", T5, 0, null);
    LiveRepo y = repo("mmmm", "a", T5, 0, null);
    int deletions = 0;
    for (LiveRepo own : List.of(x, y)) {
      LiveRepo other = own.equals(x) ? y : x;
      LiveState empty = new LiveState(List.of(WEB), List.of());
      DesiredState desired = spec("a");
      Writes writes =
          new Writes(
              m ->
                  m instanceof Mutation.AddRepo
                      ? MutationResult.applied(own.id())
                      : MutationResult.applied(null));
      Reads reads = new Reads().then(repos(x, y)).then(repos(other));
      ReconcileResult r =
          patient(reads, writes)
              .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
      assertThat(r.status()).isEqualTo(ReconcileResult.Status.DONE);
      deletions += (int) writes.sent.stream().filter(m -> m instanceof Mutation.DeleteRepo).count();
      if (own.equals(y)) assertThat(writes.sent).contains(new Mutation.DeleteRepo("mmmm"));
    }
    assertThat(deletions).isEqualTo(1);
  }

  @Test
  void theStepSaysWhomItGaveWayTo() {
    LiveRepo older = repo("twin", "a", "2026-03-01T12:00:04Z", 0, null);
    Events events = new Events();
    ReconcileResult r =
        recheck(
            new Reads().then(repos(repo("id-a", "a", T5, 0, null), older)).then(repos(older)),
            new Writes(ReconcilerTest::ok),
            events);
    assertThat(events.log).containsExactly("repo.a APPLIED", "rechecking", "repo.a APPLIED");
    assertThat(r.steps().get(1).verb())
        .isEqualTo(
            "give way to id twin (made by another apply at the same time): delete id id-a, made by this run and empty");
    assertThat(r.steps().get(1).status()).isEqualTo(StepResult.Status.APPLIED);
  }

  /**
   * What apply prints while giving way (the render layer's lines for each step, the wait, the
   * closing report and the reason it failed), for a repo that loses, a tie that is waited out, a
   * key that hands its repos over, and a survivor that is gone: against a golden file.
   */
  @Test
  void whatApplyPrintsWhileGivingWay() {
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter out = new java.io.PrintWriter(text);
    dev.borgform.render.ApplyReportRenderer view =
        new dev.borgform.render.ApplyReportRenderer(dev.borgform.render.Style.plain());
    ReconcileListener listener =
        new ReconcileListener() {
          @Override
          public void stepFinished(StepResult r) {
            view.progress(r, out);
          }

          @Override
          public void rechecking() {
            view.rechecking(out);
          }

          @Override
          public void waitingForTwins(int repos) {
            view.waitingForTwins(repos, out);
          }
        };
    LiveRepo mine = repo("id-a", "a", T5, 0, null);
    LiveRepo older = repo("twin", "a", "2026-03-01T12:00:04Z", 0, null);
    LiveRepo tie = repo("zzzz", "a", T5, 0, null);
    LiveKey lower = Fixtures.live("999", "web", KEY);
    LiveKey ownKey = Fixtures.live("1000", "web", KEY);
    DesiredState desired = spec("a");
    List<Object[]> scenarios =
        List.<Object[]>of(
            new Object[] {
              "a repo that loses to an older twin",
              new LiveState(List.of(WEB), List.of()),
              new Reads().then(repos(mine, older)).then(repos(older))
            },
            new Object[] {
              "a tie won on the id, the twin stays",
              new LiveState(List.of(WEB), List.of()),
              new Reads()
                  .then(repos(mine, tie))
                  .then(repos(mine, tie))
                  .then(repos(mine, tie))
                  .then(repos(tie))
            },
            new Object[] {
              "a key that loses to a lower id",
              LiveState.empty(),
              new Reads()
                  .then(new LiveState(List.of(ownKey, lower), List.of(mine)))
                  .then(new LiveState(List.of(lower), List.of(mine)))
            },
            new Object[] {
              "the survivor is gone at the confirming read",
              new LiveState(List.of(WEB), List.of()),
              new Reads().then(repos(mine, older)).then(repos())
            });
    for (Object[] sc : scenarios) {
      out.println("## " + sc[0]);
      ReconcileResult r =
          patient((Reads) sc[2], new Writes(ReconcilerTest::ok))
              .apply(desired, new Planner().plan(desired, (LiveState) sc[1]), listener);
      view.summary(r.rounds(), r.succeeded(), out);
      if (!r.succeeded()) out.println("Error: " + r.message() + "\n  " + r.hint());
      out.println();
    }
    out.flush();
    dev.borgform.testing.Golden.check("apply/give-way.txt", text.toString());
  }

  // Keys: this run adds "web" (id 1000 from the fake) and repo a with it.

  private static final String OTHER_KEY = TestKeys.ed25519(2, "other@host");

  record KeyCase(
      String name,
      List<LiveKey> keysSeen,
      List<LiveKey> keysConfirmed,
      ReconcileResult.Status status,
      List<String> sent) {}

  static List<KeyCase> keyTwinCases() {
    LiveKey mine = Fixtures.live("1000", "web", KEY);
    LiveKey lower = Fixtures.live("999", "web", KEY);
    LiveKey higher = Fixtures.live("1001", "web", KEY);
    LiveKey otherMaterial = Fixtures.live("999", "web", OTHER_KEY);
    return List.of(
        new KeyCase(
            "twin with a lower id: move repos to it, then delete own",
            List.of(mine, lower),
            List.of(lower),
            ReconcileResult.Status.DONE,
            List.of("repoEdit id-a appendOnly=[999]", "sshDelete 1000")),
        new KeyCase(
            "twin with a higher id: keep (its maker gives way)",
            List.of(higher, mine),
            List.of(),
            ReconcileResult.Status.DONE,
            List.of()),
        new KeyCase(
            "same name, other material: not a twin",
            List.of(otherMaterial, mine),
            List.of(),
            ReconcileResult.Status.DONE,
            List.of()),
        new KeyCase(
            "gave way but the survivor is gone: fail",
            List.of(lower, mine),
            List.of(),
            ReconcileResult.Status.FAILED,
            List.of("repoEdit id-a appendOnly=[999]", "sshDelete 1000")));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("keyTwinCases")
  void keyTwinsLeaveExactlyOne(KeyCase c) {
    DesiredState desired = spec("a");
    LiveState empty = LiveState.empty();
    LiveRepo mineRepo = repo("id-a", "a", T5, 0, null);
    Reads reads =
        new Reads()
            .then(new LiveState(c.keysSeen(), List.of(mineRepo)))
            .then(new LiveState(c.keysConfirmed(), List.of(mineRepo)));
    Writes writes = new Writes(ReconcilerTest::ok);
    ReconcileResult r =
        patient(reads, writes)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).as(c.name() + ": " + r.message()).isEqualTo(c.status());
    assertThat(afterCreates(writes)).as(c.name()).isEqualTo(c.sent());
    if (c.status() == ReconcileResult.Status.FAILED) {
      assertThat(r.message()).contains("that key is gone");
    }
  }

  @Test
  void aRepoThatShowsWritesIsNeverDeleted() {
    for (LiveRepo used :
        List.of(
            repo("id-a", "a", "2026-03-01T12:00:05Z", 0.5, null),
            repo("id-a", "a", "2026-03-01T12:00:05Z", 0, "2026-03-01T12:00:06Z"))) {
      LiveState after =
          new LiveState(
              List.of(WEB), List.of(used, repo("twin", "a", "2026-03-01T12:00:04Z", 0, null)));
      Writes writes = new Writes(ReconcilerTest::ok);
      ReconcileResult r = recheck(after, writes, new Events());
      assertThat(r.status()).isEqualTo(ReconcileResult.Status.STOPPED);
      assertThat(r.message()).contains("already shows writes, so borgform kept both");
      assertThat(writes.sent).noneMatch(m -> m instanceof Mutation.DeleteRepo);
    }
  }

  @Test
  void aTokenThatMayNotDeleteEndsTheApplyWithWhatToDo() {
    LiveState after =
        new LiveState(
            List.of(WEB),
            List.of(
                repo("id-a", "a", "2026-03-01T12:00:05Z", 0, null),
                repo("twin", "a", "2026-03-01T12:00:04Z", 0, null)));
    Writes writes =
        new Writes(
            m ->
                m instanceof Mutation.DeleteRepo
                    ? MutationResult.failed(
                        "Permission denied: a Create Only token cannot run repoDelete.")
                    : ok(m));
    ReconcileResult r = recheck(after, writes, new Events());
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.FAILED);
    assertThat(r.message())
        .contains("could not delete its own, empty copy (id id-a)")
        .contains("Create Only token cannot run repoDelete");
    assertThat(r.hint()).startsWith("Both repos are empty.");
  }

  @Test
  void withoutRecheckOrWithoutCreatedReposThereIsNoExtraRead() {
    LiveState empty = new LiveState(List.of(WEB), List.of());
    DesiredState desired = spec("a");
    Reads reads = new Reads().then(empty);
    reconciler(reads, new Writes(ReconcilerTest::ok), false, false)
        .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(reads.count).isZero();

    LiveState has = new LiveState(List.of(WEB), List.of(repo("x", "a", null, 0, null)));
    DesiredState alertOnly =
        Fixtures.desired(
            List.of(Fixtures.want("web", KEY)),
            List.of(Fixtures.repo("a", Region.EU, List.of("web"), List.of())));
    Reads reads2 = new Reads().then(has);
    reconciler(reads2, new Writes(ReconcilerTest::ok), true, false)
        .apply(alertOnly, new Planner().plan(alertOnly, has), ReconcileListener.NONE);
    assertThat(reads2.count).as("nothing created, nothing to give way").isZero();
  }

  @Test
  void twinsFoundWhileSettlingAreResolvedBeforeReplanning() {
    // Round 1: a created (id-a), b unknown. The re-read shows a twin of a, older: a gives way, and
    // the planner then sees one "a" (the twin) instead of refusing two.
    LiveState empty = new LiveState(List.of(WEB), List.of());
    LiveState after =
        new LiveState(
            List.of(WEB),
            List.of(
                repo("id-a", "a", "2026-03-01T12:00:05Z", 0, null),
                repo("twin", "a", "2026-03-01T12:00:04Z", 0, null),
                repo("bbbb", "b", "2026-03-01T12:00:05Z", 0, null)));
    Writes writes =
        new Writes(
            m ->
                m instanceof Mutation.AddRepo a && a.settings().name().equals("b")
                    ? MutationResult.unknown("lost")
                    : ok(m));
    DesiredState desired = spec("a", "b");
    ReconcileResult r =
        reconciler(new Reads().then(after), writes, false, false)
            .apply(desired, new Planner().plan(desired, empty), ReconcileListener.NONE);
    assertThat(r.status()).as(r.message()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(writes.sent).contains(new Mutation.DeleteRepo("id-a"));
    assertThat(r.rounds()).hasSize(2);
  }

  private static final dev.borgform.plan.PlanPolicy PRUNE_REPOS =
      new dev.borgform.plan.PlanPolicy(true, true, 30, List.of(), List.of(), 0, 0);

  @Test
  void scopeAllowsTheSameAddressesAndDeletionsOnlyWhereApproved() {
    LiveRepo gone = repo("zzzz", "old", null, 0, null);
    Plan approved =
        new Plan(
            List.of(new RepoDelete(gone)),
            List.of(),
            "sha256:x",
            dev.borgform.plan.DeletionGuard.none(),
            PRUNE_REPOS,
            dev.borgform.plan.Target.UNBOUND);
    assertThat(Reconciler.outsideOf(approved, approved)).isNull();
    Plan other =
        new Plan(
            List.of(new RepoDelete(repo("yyyy", "new", null, 0, null))),
            List.of(),
            "sha256:y",
            dev.borgform.plan.DeletionGuard.none(),
            PRUNE_REPOS,
            dev.borgform.plan.Target.UNBOUND);
    assertThat(Reconciler.outsideOf(approved, other))
        .isEqualTo("repo.new was not in the approved plan");
  }
}
