package dev.borgform.reconcile;

import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.BorgformException;
import dev.borgform.live.AccountReader;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Address;
import dev.borgform.plan.Change;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.Phase;
import dev.borgform.plan.Plan;
import dev.borgform.plan.RepoSettings;
import dev.borgform.planner.Planner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Applies an approved plan and settles every unknown outcome by reading the account again.
 *
 * <p>Round 1 runs the approved plan. When a change's outcome is unknown (a timeout, a lost or
 * garbled answer, a 5xx), nothing is sent again blindly: the account is read, a new plan is made
 * from the same spec, and that plan (what is really left) runs as the next round. A repo whose
 * creation was committed is then found by name and not created again; a change that did not happen
 * is planned again. The safety rails hold in every round, and a later round may only do what the
 * approved plan already covered (the same addresses; repo deletion only where it was approved), so
 * re-planning never applies something nobody saw.
 *
 * <p>Concurrent applies: two applies of one spec started together can both create a repo with the
 * same name (which the planner refuses: it never guesses between two) and a key with the same name
 * and material. So a run that created repos or keys looks for such twins whenever it reads the
 * account again (and, with {@code recheck}, once more at the end). Every run ranks twins the same
 * way ({@link Twins}), so exactly one survives: a run whose own repo or key is not the survivor
 * deletes it (a repo only while it shows no sign of a write; a key after moving its repos to the
 * survivor), and then reads once more to confirm the survivor is there. If it is not, the apply
 * says so and fails rather than report a spec it did not meet. See {@link #settleTwins}.
 */
public final class Reconciler {
  /**
   * How a run may proceed.
   *
   * @param batchSize mutations per request
   * @param maxRounds rounds at most, the first included; later rounds only settle unknowns
   * @param recheck read once more after a successful apply that created repos, to give way to a
   *     concurrent apply's twin (one more request)
   */
  public record Options(
      int batchSize,
      int maxRounds,
      boolean recheck,
      SafetyRules safety,
      List<Duration> tieWaits,
      Sleeper sleeper) {
    public static final int DEFAULT_MAX_ROUNDS = 3;

    /**
     * How long a run whose repo won a same-second tie waits (read after each pause) for the other
     * run to delete its twin: a few round trips of a slow connection, about 4 s in all.
     */
    public static final List<Duration> DEFAULT_TIE_WAITS =
        List.of(
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    public Options {
      if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
      if (maxRounds < 1) throw new IllegalArgumentException("maxRounds must be at least 1");
      tieWaits = List.copyOf(tieWaits);
      java.util.Objects.requireNonNull(sleeper, "sleeper");
    }

    public Options(int batchSize, int maxRounds, boolean recheck, SafetyRules safety) {
      this(batchSize, maxRounds, recheck, safety, DEFAULT_TIE_WAITS, Sleeper.SYSTEM);
    }
  }

  /** Pauses between the reads that wait for a twin to go; tests pass one that does not sleep. */
  public interface Sleeper {
    Sleeper SYSTEM =
        d -> {
          try {
            Thread.sleep(d.toMillis());
            return true;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        };

    /** Sleeps {@code d}; false when interrupted. */
    boolean sleep(Duration d);
  }

  private final AccountReader reader;
  private final AccountWriter writer;
  private final Planner planner;
  private final Options options;
  private final BooleanSupplier interrupted;

  public Reconciler(AccountReader reader, AccountWriter writer, Planner planner, Options options) {
    this(reader, writer, planner, options, () -> false);
  }

  /**
   * @param interrupted true once the user asked to stop (Ctrl-C): the request in flight finishes,
   *     then nothing more is sent (no further batch, no re-read, no give-way deletion) and the
   *     apply ends as {@link ReconcileResult.Status#INTERRUPTED}
   */
  public Reconciler(
      AccountReader reader,
      AccountWriter writer,
      Planner planner,
      Options options,
      BooleanSupplier interrupted) {
    this.reader = reader;
    this.writer = writer;
    this.planner = planner;
    this.options = options;
    this.interrupted = interrupted;
  }

  /** The end of an interrupted apply: what was done stays, what is left is for the next apply. */
  private static ReconcileResult interruptedEnd(Run run) {
    long unknown =
        run.rounds.isEmpty()
            ? 0
            : run.rounds.get(run.rounds.size() - 1).count(StepResult.Status.UNKNOWN);
    return run.end(
        ReconcileResult.Status.INTERRUPTED,
        "Apply interrupted (Ctrl-C): the request in flight was finished and nothing more was"
            + " sent.",
        "Everything shown as done is in the account."
            + (unknown == 0
                ? ""
                : " The outcome of "
                    + count((int) unknown, "change")
                    + " is unknown; the next plan shows whether "
                    + (unknown == 1 ? "it was" : "they were")
                    + " made.")
            + " Run `borgform plan` to see what is left, then apply again.",
        null);
  }

  /** One apply: its own record of the repos it created, so it only ever deletes its own. */
  private final class Run {
    final ReconcileListener listener;

    /** Repos this run created (id to name), from repo additions whose answer carried the new id. */
    final Map<String, String> created = new LinkedHashMap<>();

    /** Keys this run created (id to name), from key additions whose answer carried the new id. */
    final Map<String, String> createdKeys = new LinkedHashMap<>();

    final List<ApplyReport> rounds = new ArrayList<>();
    final AccountWriter recording;

    Run(ReconcileListener listener) {
      this.listener = listener;
      this.recording =
          batch -> {
            List<MutationResult> results = writer.submit(batch);
            for (int i = 0; i < batch.size() && i < results.size(); i++) {
              MutationResult r = results.get(i);
              if (!r.isApplied() || r.createdId() == null) continue;
              Mutation m = batch.get(i);
              switch (m.kind()) {
                case ADD_REPO ->
                    created.put(r.createdId(), ((Mutation.AddRepo) m).settings().name());
                case ADD_KEY -> createdKeys.put(r.createdId(), ((Mutation.AddKey) m).name());
                case EDIT_REPO, DELETE_KEY, DELETE_REPO -> {
                  // nothing created
                }
              }
            }
            return results;
          };
    }

    ReconcileResult end(
        ReconcileResult.Status status,
        String message,
        String hint,
        @Nullable BorgformException cause) {
      return new ReconcileResult(rounds, status, message, hint, cause);
    }
  }

  /**
   * Applies {@code approved}, made from {@code desired} and already checked and confirmed, and
   * re-plans from {@code desired} whenever an outcome is unknown.
   */
  public ReconcileResult apply(DesiredState desired, Plan approved, ReconcileListener listener) {
    Run run = new Run(listener);
    Plan plan = approved;
    for (int round = 1; ; round++) {
      ApplyReport report =
          new Executor(run.recording, options.batchSize(), interrupted).apply(plan, listener);
      run.rounds.add(report);
      if (interrupted.getAsBoolean()) return interruptedEnd(run);
      if (report.succeeded()) return finish(run);
      if (hasStatus(report, StepResult.Status.FAILED)) {
        return run.end(ReconcileResult.Status.FAILED, failureMessage(report), "", null);
      }
      List<StepResult> unknown = withStatus(report, StepResult.Status.UNKNOWN);
      if (round == options.maxRounds()) {
        return run.end(
            ReconcileResult.Status.UNSETTLED,
            "The outcome of "
                + count(unknown.size(), "change")
                + " is still unknown after "
                + round
                + " rounds; borgform stopped rather than keep trying.",
            "Run `borgform plan` to see the account as it is now, then apply again: the new plan"
                + " holds only what is still missing.",
            null);
      }
      listener.replanning(round + 1, options.maxRounds(), unknown);
      LiveState live;
      try {
        live = reader.read();
        if (interrupted.getAsBoolean()) return interruptedEnd(run);
        List<StepResult> yielded = new ArrayList<>();
        Set<String> deleted = new HashSet<>();
        Stop stop = giveWay(run, live, yielded, deleted, new LinkedHashMap<>(), null);
        if (!yielded.isEmpty()) run.rounds.add(new ApplyReport(yielded));
        if (stop != null) return run.end(stop.status(), stop.message(), stop.hint(), null);
        live = without(live, deleted);
        plan = planner.plan(desired, live);
        options.safety().check(plan, "run apply again");
      } catch (BorgformException e) {
        return run.end(
            ReconcileResult.Status.STOPPED,
            "Could not settle the unknown outcomes: " + e.getMessage(),
            e.hint(),
            e);
      }
      String outside = outsideOf(approved, plan);
      if (outside != null) {
        return run.end(
            ReconcileResult.Status.STOPPED,
            "The account changed in a way the approved plan did not cover ("
                + outside
                + "), so"
                + " borgform stopped instead of applying something nobody reviewed.",
            "Run `borgform plan` to see what changed, then apply again.",
            null);
      }
      listener.replanned(round + 1, plan);
      if (plan.isEmpty()) return finish(run);
    }
  }

  /**
   * Why a plan is applied exactly as given, without re-planning after an unknown outcome; each
   * reason has its own advice for what to do then.
   */
  public enum Exactly {
    /**
     * {@code apply PLAN.json}: the saved plan is the reviewed artifact, and a plan made now would
     * be a different one, which nobody reviewed.
     */
    SAVED_PLAN(
        "A saved plan is applied exactly as reviewed, so borgform did not re-plan on its own.",
        "Make a new plan with `borgform plan -f SPEC --out PLAN.json` (it holds only what is still"
            + " missing), review it, then apply it."),
    /**
     * {@code apply PLAN.json --partial}: as a saved plan, and the new plan needs {@code --partial}
     * again for the token that skipped part of it.
     */
    SAVED_PLAN_PARTIAL(
        "A saved plan is applied exactly as reviewed, so borgform did not re-plan on its own.",
        "Make a new plan with `borgform plan -f SPEC --out PLAN.json` (it holds only what is still"
            + " missing), review it, then apply it with --partial, or with a Full Access token to"
            + " make the skipped changes too."),
    /**
     * {@code apply -f SPEC --partial}: only the adds listed as approved are applied, since a plan
     * made from the spec again would hold the changes the token cannot make. Running the same
     * partial apply again is safe: it reads the account first, so what was made is not added twice.
     */
    PARTIAL(
        "A partial apply makes only the adds it listed, so borgform did not re-plan on its own.",
        "Run `borgform apply -f SPEC --partial` again: it reads the account first, so it adds only"
            + " what is still missing. The skipped changes need a Full Access token.");

    private final String why;
    private final String advice;

    Exactly(String why, String advice) {
      this.why = why;
      this.advice = advice;
    }
  }

  /** {@link #applyExactly(Plan, ReconcileListener, Exactly)} for a saved plan. */
  public ReconcileResult applyExactly(Plan plan, ReconcileListener listener) {
    return applyExactly(plan, listener, Exactly.SAVED_PLAN);
  }

  /**
   * Applies a plan exactly once, in one round: an unknown outcome ends the apply, with the advice
   * that fits {@code why} (a new plan would not be the one approved).
   */
  public ReconcileResult applyExactly(Plan plan, ReconcileListener listener, Exactly why) {
    Run run = new Run(listener);
    ApplyReport report =
        new Executor(run.recording, options.batchSize(), interrupted).apply(plan, listener);
    run.rounds.add(report);
    if (interrupted.getAsBoolean()) return interruptedEnd(run);
    if (report.succeeded()) return finish(run);
    if (hasStatus(report, StepResult.Status.FAILED)) {
      return run.end(ReconcileResult.Status.FAILED, failureMessage(report), "", null);
    }
    int n = withStatus(report, StepResult.Status.UNKNOWN).size();
    return run.end(
        ReconcileResult.Status.UNSETTLED,
        "The outcome of " + count(n, "change") + " is unknown. " + why.why,
        why.advice,
        null);
  }

  /**
   * A successful apply; with {@code recheck}, one more read to give way to a concurrent apply's
   * twins (and, if this run gave way, one more to confirm the survivor).
   */
  private ReconcileResult finish(Run run) {
    if (!options.recheck() || (run.created.isEmpty() && run.createdKeys.isEmpty())) {
      return run.end(ReconcileResult.Status.DONE, "", "", null);
    }
    if (interrupted.getAsBoolean()) return interruptedEnd(run);
    run.listener.rechecking();
    List<StepResult> steps = new ArrayList<>();
    Stop stop;
    try {
      stop = settleTwins(run, steps);
    } catch (BorgformException e) {
      if (!steps.isEmpty()) run.rounds.add(new ApplyReport(steps));
      if (steps.isEmpty()) {
        // Everything was applied; only the check could not run. Say so, but it is no failure.
        return run.end(
            ReconcileResult.Status.DONE,
            "Applied, but the account could not be read again to look for repos or keys another"
                + " apply made at the same time: "
                + e.getMessage(),
            "Run `borgform plan`: it shows any such repo.",
            null);
      }
      // This run deleted its own copy; without the confirming read nobody knows the other is there.
      return run.end(
          ReconcileResult.Status.UNSETTLED,
          "This run gave way to another apply's twin, but could not read the account again to"
              + " confirm the twin is there: "
              + e.getMessage(),
          "Run `borgform plan`: if it shows anything to add, apply again.",
          e);
    }
    if (!steps.isEmpty()) run.rounds.add(new ApplyReport(steps));
    if (stop != null) return run.end(stop.status(), stop.message(), stop.hint(), null);
    return run.end(ReconcileResult.Status.DONE, "", "", null);
  }

  /**
   * The confirming read's work: gives way where this run's repo or key lost to a twin, waits where
   * it won a tie it cannot be sure the other run saw, and confirms by one more read that every
   * survivor it gave way to is there.
   *
   * @return null when the account holds one of each, or why the apply ends
   */
  private @Nullable Stop settleTwins(Run run, List<StepResult> steps) {
    LiveState live = reader.read();
    Set<String> deleted = new HashSet<>();
    Map<String, String> yielded = new LinkedHashMap<>();
    Set<String> ties = new java.util.LinkedHashSet<>();
    Stop stop = giveWay(run, live, steps, deleted, yielded, ties);
    if (stop != null) return stop;
    // This run's repo won on the id alone. The other run may have read the account within that
    // second, before this repo existed, and kept its twin: wait for it to give way, and if it
    // does not, give way to it instead, so one of the two remains either way.
    if (!ties.isEmpty()) run.listener.waitingForTwins(ties.size());
    for (Duration pause : options.tieWaits()) {
      if (ties.isEmpty()) break;
      if (!options.sleeper().sleep(pause)) {
        return new Stop(
            ReconcileResult.Status.STOPPED,
            "Interrupted while waiting for another apply to delete its twin repos.",
            "Run `borgform plan`: two repos with one name must be settled by pinning one with"
                + " `id:`.");
      }
      LiveState now = reader.read();
      live = now;
      ties.removeIf(id -> tiedTwin(now, id) == null);
    }
    for (String id : ties) {
      LiveRepo mine = repoById(live, id);
      LiveRepo twin = tiedTwin(live, id);
      if (mine == null || twin == null) continue;
      stop = deleteOwnRepo(run, mine, twin, true, steps, deleted);
      if (stop != null) return stop;
      yielded.put(mine.name(), twin.id());
    }
    Map<String, LiveKey> yieldedKeys = new LinkedHashMap<>();
    stop = giveWayKeys(run, without(live, deleted), deleted, steps, yieldedKeys);
    if (stop != null) return stop;
    if (yielded.isEmpty() && yieldedKeys.isEmpty()) return null;
    return confirm(reader.read(), yielded, yieldedKeys);
  }

  /**
   * Gives way to concurrent applies' repos. For every repo this run created that the account now
   * holds under the same name as another repo (a twin, made by another apply that read the account
   * before either existed), the survivor is the first by {@link Twins#REPO_ORDER}; this run deletes
   * its own repo when it is not the survivor. It only ever deletes a repo it created itself,
   * moments ago, and only when the account shows no usage and no last-modified time for it: no
   * backup can be lost. A token that may not delete (Create Only) or a repo showing writes stops
   * the apply with a clear message instead.
   *
   * @param yielded filled with name to survivor id for every repo this run gave way with
   * @param ties when not null, filled with the ids of this run's repos that survived only on the id
   *     (see {@link Twins#tied})
   * @return null to go on, or why the apply ends
   */
  private @Nullable Stop giveWay(
      Run run,
      LiveState live,
      List<StepResult> steps,
      Set<String> deleted,
      Map<String, String> yielded,
      @Nullable Set<String> ties) {
    // Looked up by id and by name through maps made once: a search of the account for each repo
    // this run created took three quarters of an apply of 10,000 + 10,000 (quadratic).
    Map<String, LiveRepo> byId = new HashMap<>();
    Map<String, List<LiveRepo>> byName = new HashMap<>();
    for (LiveRepo r : live.repos()) {
      byId.putIfAbsent(r.id(), r); // the first with the id, as repoById finds it
      byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r); // in the account's order
    }
    for (Map.Entry<String, String> e : List.copyOf(run.created.entrySet())) {
      LiveRepo mine = byId.get(e.getKey());
      if (mine == null || !mine.name().equals(e.getValue()) || deleted.contains(mine.id())) {
        continue;
      }
      List<LiveRepo> group =
          byName.getOrDefault(mine.name(), List.of()).stream()
              .filter(r -> !deleted.contains(r.id()))
              .toList();
      if (group.size() < 2) continue;
      LiveRepo survivor = Twins.survivor(group);
      if (survivor.id().equals(mine.id())) {
        if (ties != null && tiedTwin(live, mine.id()) != null) ties.add(mine.id());
        continue;
      }
      Stop stop = deleteOwnRepo(run, mine, survivor, false, steps, deleted);
      if (stop != null) return stop;
      yielded.put(mine.name(), survivor.id());
    }
    return null;
  }

  /** The first other repo of {@code id}'s name that ties with it, or null (or none is left). */
  private static @Nullable LiveRepo tiedTwin(LiveState live, String id) {
    LiveRepo mine = repoById(live, id);
    if (mine == null) return null;
    return live.repos().stream()
        .filter(r -> !r.equals(mine) && r.name().equals(mine.name()) && Twins.tied(r, mine))
        .min(Twins.REPO_ORDER)
        .orElse(null);
  }

  private static @Nullable LiveRepo repoById(LiveState live, String id) {
    for (LiveRepo r : live.repos()) if (r.id().equals(id)) return r;
    return null;
  }

  /** Deletes this run's own, empty {@code mine} in favour of {@code survivor}. */
  private @Nullable Stop deleteOwnRepo(
      Run run,
      LiveRepo mine,
      LiveRepo survivor,
      boolean afterWaiting,
      List<StepResult> steps,
      Set<String> deleted) {
    if (!mine.showsNoWrites()) {
      return new Stop(
          ReconcileResult.Status.STOPPED,
          "Another apply created a repo named \""
              + mine.name()
              + "\" (id "
              + survivor.id()
              + ") at"
              + " the same time as this one (id "
              + mine.id()
              + "), and this run's repo already"
              + " shows writes, so borgform kept both.",
          "Keep the repo your servers use: pin it with `id:` in the spec, or delete the other"
              + " in the BorgBase web UI once you have checked it holds nothing you need.");
    }
    MutationResult r = writer.submit(List.of(new Mutation.DeleteRepo(mine.id()))).get(0);
    StepResult.Status status = status(r);
    StepResult step =
        new StepResult(
            Address.repo(mine.name()),
            "give way to id "
                + survivor.id()
                + (afterWaiting
                    ? " (made by another apply in the same second, which kept it)"
                    : " (made by another apply at the same time)")
                + ": delete id "
                + mine.id()
                + ", made by this run and empty",
            Mutation.Kind.DELETE_REPO,
            Phase.DELETE_REPOS,
            status,
            r.isApplied() ? "" : r.message(),
            r.failure());
    steps.add(step);
    run.listener.stepFinished(step);
    run.created.remove(mine.id());
    if (status == StepResult.Status.APPLIED) {
      deleted.add(mine.id());
      return null;
    }
    return new Stop(
        status == StepResult.Status.FAILED
            ? ReconcileResult.Status.FAILED
            : ReconcileResult.Status.UNSETTLED,
        "Another apply created a repo named \""
            + mine.name()
            + "\" (id "
            + survivor.id()
            + ") at the"
            + " same time as this one, and this run could not delete its own, empty copy (id "
            + mine.id()
            + "): "
            + r.message(),
        "Both repos are empty. Delete one of them in the BorgBase web UI (or apply again with"
            + " a Full Access token), or pin the one to keep with `id:` in the spec.");
  }

  /**
   * Gives way to concurrent applies' keys: a key this run created that has twins (same name, same
   * material) and is not the first by {@link Twins#KEY_ORDER} hands its repos to the survivor (each
   * key list that names it names the survivor instead) and is then deleted. Keys are numbered in
   * creation order, so the loser's maker always made it after the survivor existed and sees the
   * survivor when it reads: no waiting is needed.
   *
   * <p>The other run may be editing the same repos (both plans set a shared repo's key lists), so
   * an edited list maps every twin to its survivor, not only this run's: whichever run's edit lands
   * last, the list names only keys that stay. An edit refused because a key it names went away
   * meanwhile is tried again from a fresh read.
   */
  private @Nullable Stop giveWayKeys(
      Run run,
      LiveState seen,
      Set<String> deletedRepos,
      List<StepResult> steps,
      Map<String, LiveKey> yielded) {
    LiveState live = seen;
    for (int attempt = 1; ; attempt++) {
      Map<String, LiveKey> survivorOf = keySurvivors(live);
      List<LiveKey> losers = new ArrayList<>();
      for (LiveKey k : live.keys()) {
        LiveKey survivor = survivorOf.get(k.id());
        if (survivor != null
            && !survivor.id().equals(k.id())
            && k.name().equals(run.createdKeys.get(k.id()))) {
          losers.add(k);
        }
      }
      if (losers.isEmpty()) return null;
      Set<String> loserIds = new HashSet<>();
      for (LiveKey k : losers) loserIds.add(k.id());
      List<Mutation> moves = new ArrayList<>();
      List<LiveRepo> moved = new ArrayList<>();
      for (LiveRepo r : live.repos()) {
        if (deletedRepos.contains(r.id())) continue;
        RepoSettings settings = moveKeys(r, loserIds, survivorOf);
        if (settings != null) {
          moves.add(new Mutation.EditRepo(r.id(), settings));
          moved.add(r);
        }
      }
      List<MutationResult> results = moves.isEmpty() ? List.of() : writer.submit(moves);
      MutationResult refused = null;
      StepResult.Status refusedStatus = null;
      for (int i = 0; i < moves.size(); i++) {
        MutationResult r = i < results.size() ? results.get(i) : MutationResult.unknown("");
        if (!r.isApplied()
            && attempt < KEY_MOVE_ATTEMPTS
            && status(r) == StepResult.Status.FAILED) {
          refused = r;
          continue; // tried again below, from a fresh read; not a step of its own
        }
        StepResult step =
            new StepResult(
                Address.repo(moved.get(i).name()),
                "move keys made twice by concurrent applies to the ids kept ("
                    + describeMoves(moved.get(i), loserIds, survivorOf)
                    + ")",
                Mutation.Kind.EDIT_REPO,
                Phase.REPOS,
                status(r),
                r.isApplied() ? "" : r.message(),
                r.failure());
        steps.add(step);
        run.listener.stepFinished(step);
        if (!r.isApplied()) {
          refused = r;
          refusedStatus = step.status();
        }
      }
      if (refusedStatus != null) {
        LiveKey mine = losers.get(0);
        return keyStop(
            mine,
            Objects.requireNonNull(survivorOf.get(mine.id()), "survivor"),
            Objects.requireNonNull(refused, "refused"),
            refusedStatus);
      }
      if (refused != null) {
        live = without(reader.read(), deletedRepos);
        continue;
      }
      for (LiveKey mine : losers) {
        // Every loser was given a survivor when the twins were ranked.
        LiveKey survivor = Objects.requireNonNull(survivorOf.get(mine.id()), "survivor");
        MutationResult r = writer.submit(List.of(new Mutation.DeleteKey(mine.id()))).get(0);
        StepResult step =
            new StepResult(
                Address.key(mine.name()),
                "give way to id "
                    + survivor.id()
                    + " (made by another apply at the same time): delete id "
                    + mine.id()
                    + ", made by this run",
                Mutation.Kind.DELETE_KEY,
                Phase.DELETE_KEYS,
                status(r),
                r.isApplied() ? "" : r.message(),
                r.failure());
        steps.add(step);
        run.listener.stepFinished(step);
        run.createdKeys.remove(mine.id());
        if (!r.isApplied()) return keyStop(mine, survivor, r, step.status());
        yielded.put(mine.id(), survivor);
      }
      return null;
    }
  }

  /** Edits that lose to a concurrent change are tried this often in all. */
  private static final int KEY_MOVE_ATTEMPTS = 3;

  /** For every key that has twins (same name and material), the twin that survives. */
  private static Map<String, LiveKey> keySurvivors(LiveState live) {
    Map<String, List<LiveKey>> groups = new LinkedHashMap<>();
    for (LiveKey k : live.keys()) {
      groups.computeIfAbsent(k.name() + "\0" + k.identity(), g -> new ArrayList<>()).add(k);
    }
    Map<String, LiveKey> out = new HashMap<>();
    for (List<LiveKey> g : groups.values()) {
      if (g.size() < 2) continue;
      LiveKey survivor = Twins.survivorKey(g);
      for (LiveKey k : g) out.put(k.id(), survivor);
    }
    return out;
  }

  /**
   * The key lists of {@code r} that name one of {@code losers}, with every twin mapped to its
   * survivor; null if no list names a loser.
   */
  private static @Nullable RepoSettings moveKeys(
      LiveRepo r, Set<String> losers, Map<String, LiveKey> survivorOf) {
    Map<RepoField<?, ?>, Object> lists = new LinkedHashMap<>();
    for (RepoField<?, ?> f : RepoField.TABLE.keyLists()) {
      List<KeyRef> moved = moved(r.get(f.asKeyList()), losers, survivorOf);
      if (moved != null) lists.put(f, moved);
    }
    if (lists.isEmpty()) return null;
    return new RepoSettings(null, null, lists);
  }

  private static @Nullable List<KeyRef> moved(
      List<String> ids, Set<String> losers, Map<String, LiveKey> survivorOf) {
    if (ids.stream().noneMatch(losers::contains)) return null;
    Map<String, String> next = new LinkedHashMap<>();
    for (String id : ids) {
      LiveKey survivor = survivorOf.get(id);
      if (survivor == null) next.putIfAbsent(id, id);
      else next.putIfAbsent(survivor.id(), survivor.name());
    }
    List<KeyRef> out = new ArrayList<>();
    next.forEach((id, name) -> out.add(new KeyRef(name, id)));
    return out;
  }

  private static String describeMoves(
      LiveRepo r, Set<String> losers, Map<String, LiveKey> survivorOf) {
    Set<String> parts = new java.util.LinkedHashSet<>();
    for (String id : r.keyIds()) {
      if (losers.contains(id)) {
        LiveKey s = Objects.requireNonNull(survivorOf.get(id), "survivor");
        parts.add(s.name() + ": id " + id + " to id " + s.id());
      }
    }
    return String.join(", ", parts);
  }

  private static Stop keyStop(
      LiveKey mine, LiveKey survivor, MutationResult r, StepResult.Status status) {
    return new Stop(
        status == StepResult.Status.FAILED
            ? ReconcileResult.Status.FAILED
            : ReconcileResult.Status.UNSETTLED,
        "Another apply added the key \""
            + mine.name()
            + "\" (id "
            + survivor.id()
            + ") at the same time as this one, and this run could not hand its own copy (id "
            + mine.id()
            + ") over to it: "
            + r.message(),
        "Run `borgform apply` again with a Full Access token: the plan deletes the extra copy"
            + " after moving its repos.");
  }

  /**
   * The confirming read after giving way: every survivor must be there. Should the other run have
   * given way too (or deleted its copy since), the spec is not met, and the apply must not say it
   * is.
   */
  private static @Nullable Stop confirm(
      LiveState after, Map<String, String> yielded, Map<String, LiveKey> yieldedKeys) {
    for (Map.Entry<String, String> e : yielded.entrySet()) {
      String name = e.getKey();
      long left = after.repos().stream().filter(r -> r.name().equals(name)).count();
      if (left == 1) continue;
      if (left == 0) {
        return new Stop(
            ReconcileResult.Status.FAILED,
            "This run gave way to repo id "
                + e.getValue()
                + " (\""
                + name
                + "\"), made by another apply at the same time, but that repo is gone: the"
                + " account has no repo named \""
                + name
                + "\".",
            "Apply again: the plan creates it. (The other apply gave way as well.)");
      }
      return new Stop(
          ReconcileResult.Status.STOPPED,
          "The account still has "
              + left
              + " repos named \""
              + name
              + "\" after this run gave way to"
              + " id "
              + e.getValue()
              + ": yet another apply is creating them.",
          "Run `borgform plan` once the other applies have finished; pin the repo to keep with"
              + " `id:` if it still shows more than one.");
    }
    for (LiveKey survivor : yieldedKeys.values()) {
      boolean there =
          after.keys().stream()
              .anyMatch(
                  k ->
                      k.name().equals(survivor.name()) && k.identity().equals(survivor.identity()));
      if (!there) {
        return new Stop(
            ReconcileResult.Status.FAILED,
            "This run gave way to key id "
                + survivor.id()
                + " (\""
                + survivor.name()
                + "\"), added by another apply at the same time, but that key is gone: the"
                + " account has no key named \""
                + survivor.name()
                + "\" with the spec's public key.",
            "Apply again: the plan adds it and puts it back on the repos.");
      }
    }
    return null;
  }

  private static StepResult.Status status(MutationResult r) {
    return switch (r.outcome()) {
      case APPLIED -> StepResult.Status.APPLIED;
      case FAILED -> StepResult.Status.FAILED;
      case NOT_SENT -> StepResult.Status.NOT_ATTEMPTED;
      case UNKNOWN -> StepResult.Status.UNKNOWN;
    };
  }

  /** Why an apply ends early: how, what happened, what to do. */
  private record Stop(ReconcileResult.Status status, String message, String hint) {}

  private static LiveState without(LiveState live, Set<String> deletedRepoIds) {
    if (deletedRepoIds.isEmpty()) return live;
    return new LiveState(
        live.keys(), live.repos().stream().filter(r -> !deletedRepoIds.contains(r.id())).toList());
  }

  /**
   * The first change of {@code next} that the approved plan did not cover, or null: each change
   * must be at an address the approved plan changed, and a repo deletion where it deleted one.
   */
  static @Nullable String outsideOf(Plan approved, Plan next) {
    Map<Address, List<Change>> byAddress = new LinkedHashMap<>();
    for (Change c : approved.changes())
      byAddress.computeIfAbsent(c.address(), a -> new ArrayList<>()).add(c);
    for (Change c : next.changes()) {
      List<Change> before = byAddress.get(c.address());
      if (before == null) return c.address() + " was not in the approved plan";
      if (c.destroysBackups() && before.stream().noneMatch(Change::destroysBackups)) {
        return c.address() + " would now be deleted";
      }
    }
    return null;
  }

  private static boolean hasStatus(ApplyReport report, StepResult.Status status) {
    return report.steps().stream().anyMatch(s -> s.status() == status);
  }

  private static List<StepResult> withStatus(ApplyReport report, StepResult.Status status) {
    return report.steps().stream().filter(s -> s.status() == status).toList();
  }

  private static String failureMessage(ApplyReport report) {
    StepResult first = withStatus(report, StepResult.Status.FAILED).get(0);
    return "Apply stopped: " + first.address() + " " + first.verb() + " failed: " + first.detail();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
