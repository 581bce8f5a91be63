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
import dev.borgform.model.LiveRepo;
import dev.borgform.plan.Address;
import dev.borgform.plan.Change;
import dev.borgform.plan.Phase;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

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
 * same name, and the planner refuses two live repos with one name. So a run that created repos
 * looks for such twins whenever it reads the account again (and, with {@code recheck}, once more at
 * the end), and gives way: it deletes the repo it created itself, and only when that repo shows no
 * sign of a write. See {@link #giveWay}.
 */
public final class Reconciler {
  /**
   * @param batchSize mutations per request
   * @param maxRounds rounds at most, the first included; later rounds only settle unknowns
   * @param recheck read once more after a successful apply that created repos, to give way to a
   *     concurrent apply's twin (one more request)
   */
  public record Options(int batchSize, int maxRounds, boolean recheck, SafetyRules safety) {
    public static final int DEFAULT_MAX_ROUNDS = 3;

    public Options {
      if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
      if (maxRounds < 1) throw new IllegalArgumentException("maxRounds must be at least 1");
    }
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

    /** Repos this run created (id to name), from repoAdd answers that carried the new id. */
    final Map<String, String> created = new LinkedHashMap<>();

    final List<ApplyReport> rounds = new ArrayList<>();
    final AccountWriter recording;

    Run(ReconcileListener listener) {
      this.listener = listener;
      this.recording =
          batch -> {
            List<MutationResult> results = writer.submit(batch);
            for (int i = 0; i < batch.size() && i < results.size(); i++) {
              if (batch.get(i) instanceof Mutation.AddRepo a
                  && results.get(i).isApplied()
                  && results.get(i).createdId() != null) {
                created.put(results.get(i).createdId(), a.settings().name());
              }
            }
            return results;
          };
    }

    ReconcileResult end(
        ReconcileResult.Status status, String message, String hint, BorgformException cause) {
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
        Stop stop = giveWay(run, live, yielded, deleted);
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
   * Applies a saved plan exactly once: a saved plan is the reviewed artifact, and a plan made now
   * after an unknown outcome would be a different one, which nobody reviewed. So an unknown outcome
   * ends the apply, with the advice to make and review a new plan.
   */
  public ReconcileResult applyExactly(Plan plan, ReconcileListener listener) {
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
        "The outcome of "
            + count(n, "change")
            + " is unknown. A saved plan is applied exactly as"
            + " reviewed, so borgform did not re-plan on its own.",
        "Make a new plan with `borgform plan -f SPEC --out PLAN.json` (it holds only what is still"
            + " missing), review it, then apply it.",
        null);
  }

  /** A successful apply; with {@code recheck}, one more read to give way to a concurrent twin. */
  private ReconcileResult finish(Run run) {
    if (options.recheck() && !run.created.isEmpty()) {
      if (interrupted.getAsBoolean()) return interruptedEnd(run);
      run.listener.rechecking();
      List<StepResult> yielded = new ArrayList<>();
      Stop stop;
      try {
        LiveState live = reader.read();
        if (interrupted.getAsBoolean()) return interruptedEnd(run);
        stop = giveWay(run, live, yielded, new HashSet<>());
      } catch (BorgformException e) {
        // Everything was applied; only the check could not run. Say so, but it is no failure.
        return run.end(
            ReconcileResult.Status.DONE,
            "Applied, but the account could not be read again to look for repos another apply"
                + " made at the same time: "
                + e.getMessage(),
            "Run `borgform plan`: it shows any such repo.",
            null);
      }
      if (!yielded.isEmpty()) run.rounds.add(new ApplyReport(yielded));
      if (stop != null) return run.end(stop.status(), stop.message(), stop.hint(), null);
    }
    return run.end(ReconcileResult.Status.DONE, "", "", null);
  }

  /**
   * Gives way to concurrent applies. For every repo this run created that the account now holds
   * under the same name as a repo this run did not create (a twin, made by another apply that read
   * the account before either repo existed), this run deletes its own repo, unless the twin is
   * strictly newer (its maker will give way instead; with one server clock both sides agree). It
   * only ever deletes a repo it created itself, moments ago, and only when the account shows no
   * usage and no last-modified time for it: no backup can be lost. Should both applies give way,
   * the next apply creates the repo again. A token that may not delete (Create Only) or a repo
   * showing writes stops the apply with a clear message instead.
   *
   * @return null to go on, or why the apply ends
   */
  private Stop giveWay(Run run, LiveState live, List<StepResult> steps, Set<String> deleted) {
    Map<String, LiveRepo> byId = new LinkedHashMap<>();
    for (LiveRepo r : live.repos()) byId.put(r.id(), r);
    for (Map.Entry<String, String> e : List.copyOf(run.created.entrySet())) {
      LiveRepo mine = byId.get(e.getKey());
      if (mine == null || !mine.name().equals(e.getValue())) continue;
      List<LiveRepo> twins = new ArrayList<>();
      for (LiveRepo r : live.repos()) {
        if (r.name().equals(mine.name()) && !run.created.containsKey(r.id())) twins.add(r);
      }
      if (twins.isEmpty() || twins.stream().allMatch(t -> newer(t, mine))) continue;
      Address address = Address.repo(mine.name());
      String twinIds = String.join(", ", twins.stream().map(LiveRepo::id).sorted().toList());
      if (!mine.showsNoWrites()) {
        return new Stop(
            ReconcileResult.Status.STOPPED,
            "Another apply created a repo named \""
                + mine.name()
                + "\" (id "
                + twinIds
                + ") at"
                + " the same time as this one (id "
                + mine.id()
                + "), and this run's repo already"
                + " shows writes, so borgform kept both.",
            "Keep the repo your servers use: pin it with `id:` in the spec, or delete the other"
                + " in the BorgBase web UI once you have checked it holds nothing you need.");
      }
      MutationResult r = writer.submit(List.of(new Mutation.DeleteRepo(mine.id()))).get(0);
      StepResult.Status status =
          switch (r.outcome()) {
            case APPLIED -> StepResult.Status.APPLIED;
            case FAILED -> StepResult.Status.FAILED;
            case NOT_SENT -> StepResult.Status.NOT_ATTEMPTED;
            case UNKNOWN -> StepResult.Status.UNKNOWN;
          };
      StepResult step =
          new StepResult(
              address,
              "give way to id "
                  + twinIds
                  + " (made by another apply at the same time): delete"
                  + " id "
                  + mine.id()
                  + ", made by this run and empty",
              "repoDelete",
              Phase.DELETE_REPOS,
              status,
              r.isApplied() ? "" : r.message());
      steps.add(step);
      run.listener.stepFinished(step);
      run.created.remove(mine.id());
      if (status == StepResult.Status.APPLIED) deleted.add(mine.id());
      if (status != StepResult.Status.APPLIED) {
        return new Stop(
            status == StepResult.Status.FAILED
                ? ReconcileResult.Status.FAILED
                : ReconcileResult.Status.UNSETTLED,
            "Another apply created a repo named \""
                + mine.name()
                + "\" (id "
                + twinIds
                + ") at the"
                + " same time as this one, and this run could not delete its own, empty copy (id "
                + mine.id()
                + "): "
                + r.message(),
            "Both repos are empty. Delete one of them in the BorgBase web UI (or apply again with"
                + " a Full Access token), or pin the one to keep with `id:` in the spec.");
      }
    }
    return null;
  }

  /** Why an apply ends early: how, what happened, what to do. */
  private record Stop(ReconcileResult.Status status, String message, String hint) {}

  /** True when {@code a} was created strictly after {@code b}, by the server's clock. */
  private static boolean newer(LiveRepo a, LiveRepo b) {
    try {
      return a.createdAt() != null
          && b.createdAt() != null
          && Instant.parse(a.createdAt()).isAfter(Instant.parse(b.createdAt()));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static LiveState without(LiveState live, Set<String> deletedRepoIds) {
    if (deletedRepoIds.isEmpty()) return live;
    return new LiveState(
        live.keys(), live.repos().stream().filter(r -> !deletedRepoIds.contains(r.id())).toList());
  }

  /**
   * The first change of {@code next} that the approved plan did not cover, or null: each change
   * must be at an address the approved plan changed, and a repo deletion where it deleted one.
   */
  static String outsideOf(Plan approved, Plan next) {
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
