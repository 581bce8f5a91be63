package dev.borgform.cli;

import dev.borgform.api.ErrorClassifier;
import dev.borgform.apply.FailureKind;
import dev.borgform.apply.KnownLevel;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.BorgformException;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.InterruptedByUserException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UnsafePlanException;
import dev.borgform.diag.UsageException;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Names;
import dev.borgform.model.OutputValues;
import dev.borgform.plan.Action;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.PartialPlan;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanIntegrity;
import dev.borgform.plan.Target;
import dev.borgform.planfile.ApplyDocument;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planner.Planner;
import dev.borgform.reconcile.ReconcileResult;
import dev.borgform.reconcile.Reconciler;
import dev.borgform.reconcile.SafetyRules;
import dev.borgform.render.ApplyReportRenderer;
import dev.borgform.render.ReasonText;
import dev.borgform.render.Style;
import dev.borgform.render.TextPlanRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Make the account match the spec: plan, confirm, then apply in dependency order.",
      "With PLAN.json (from `plan --out`), apply exactly that reviewed plan, without asking,"
          + " after checking that the account has not changed since it was made.",
      "",
      "When a change's outcome is unknown (a timeout, a lost answer), it is never sent again"
          + " blindly: apply reads the account again and applies what is really left (at most "
          + Reconciler.Options.DEFAULT_MAX_ROUNDS
          + " rounds). A saved plan stops there instead:"
          + " make and review a new plan.",
      "",
      "Ctrl-C while changes are sent: the request in flight is finished, nothing more is sent,"
          + " the report says what was done, and apply exits with 130. Ctrl-C again stops at"
          + " once."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform apply --sandbox -f examples/borgbase.yaml",
      "  BORGBASE_TOKEN=... borgform apply -f borgbase.yaml --auto-approve",
      "  BORGBASE_TOKEN=... borgform apply plan.json",
      "  BORGBASE_TOKEN=... borgform apply -f borgbase.yaml --auto-approve --no-recheck"
    })
final class ApplyCommand implements Callable<Integer> {
  /** Mutations per GraphQL request; one phase of a 50-repo account is one round trip. */
  static final int DEFAULT_BATCH_SIZE = 50;

  /** Problems of a refused saved plan listed one by one; the rest are counted. */
  static final int MAX_PROBLEMS_SHOWN = 10;

  private final Environment env;

  @Mixin GlobalOptions global;
  @Mixin SpecOption spec;

  @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
  boolean autoApprove;

  /** Terraform's spelling; hidden so help and completion show one name per option. */
  @Option(names = "-auto-approve", hidden = true)
  void terraformAutoApprove(boolean on) {
    autoApprove = on;
  }

  @Option(
      names = "--allow-destroy",
      description =
          "Allow deleting repos (and their backups) that policy.pruneRepos marks for deletion.")
  boolean allowDestroy;

  @Option(
      names = "--force",
      description =
          "Apply even when the plan deletes more than policy.maxDeletePercent of the live keys"
              + " and repos.")
  boolean force;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLAN.json",
      description = "A plan saved by `borgform plan --out`; apply runs exactly it.")
  String planFile;

  @Option(
      names = "--plan-hash",
      paramLabel = "HASH",
      description =
          "With PLAN.json: apply only if the plan's hash is HASH, the one shown with the reviewed"
              + " plan (its 16 digits, or the full sha256:...).")
  String expectedHash;

  @Spec CommandSpec commandSpec;

  // On by default: "never a duplicate" is worth one read, and it is spent only when repos were
  // created. --no-recheck keeps apply at exactly one read plus one request per batch.
  @Option(
      names = "--recheck",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "After creating repos, read the account once more (one request) and give way to any"
              + " repo another apply created with the same name at the same time (only this run's"
              + " own, empty repo is deleted). On by default; --no-recheck skips the read.")
  boolean recheck;

  @Option(
      names = "--partial",
      description =
          "With a token known to be Create Only: apply only the keys and repos the plan adds,"
              + " listing the changes skipped, and exit 1. Without it, such a plan is refused"
              + " before anything is sent.")
  boolean partial;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Mutations sent per request (default: ${DEFAULT-VALUE}).")
  int batchSize = DEFAULT_BATCH_SIZE;

  /** What standard output gets. */
  enum Output {
    /** The plan, progress and report (the default). */
    text,
    /** One JSON document after apply (docs/plan-format.md); the human lines go to stderr. */
    json
  }

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "text: the plan, progress and report on stdout (default); json: one JSON document on"
              + " stdout after apply, with each change's outcome and the spec's repos and keys as"
              + " `borgform output` shows them (one more read); the human lines go to stderr.")
  Output output = Output.text;

  ApplyCommand(Environment env) {
    this.env = env;
  }

  /** Where the plan, progress and report go: stderr when stdout carries the JSON document. */
  private PrintWriter humanOut() {
    return output == Output.json ? env.err() : env.out();
  }

  @Override
  public Integer call() {
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be 1 or more", "Leave it out for the default.");
    }
    if (planFile != null) return applySaved();
    if (expectedHash != null) {
      throw new UsageException(
          "--plan-hash checks a saved plan; it needs PLAN.json",
          "Run `borgform apply PLAN.json --plan-hash HASH`, or leave --plan-hash out.");
    }
    Specs.Prepared prepared = Specs.prepare(spec, global, env);
    try (EarlyRead<LiveState> early =
        EarlyRead.start(global, env, env.resolve(spec.file), s -> s.reader().read())) {
      DesiredState desired = prepared.load();
      return applySpec(desired, early.await());
    }
  }

  /** Apply of a spec: its plan against the account as read, shown, approved and run. */
  private int applySpec(DesiredState desired, EarlyRead.Opened<LiveState> opened) {
    Style style = global.colors.style(env);
    PrintWriter out = humanOut();
    try (Session session = opened.session()) {
      LiveState live = opened.value();
      Plan plan = new Planner().plan(desired, live).withTarget(session.target());
      new TextPlanRenderer(style).render(plan, out);
      if (plan.isEmpty()) {
        out.flush();
        document(session, desired, "no-changes", null, List.of(), KnownLevel.UNKNOWN);
        return ExitCodes.OK;
      }
      safety().check(plan, "run apply again");
      Levelled run = forLevel(session, plan, style, out);
      if (!approved(out)) {
        out.println("Apply cancelled; nothing was changed.");
        out.flush();
        return ExitCodes.FAILURE;
      }
      session.afterPause();
      out.println();
      // A partial run is applied as approved, without re-planning: a new plan from the spec
      // would hold the changes this token cannot make.
      return run.partial(
          execute(
              session,
              run.skipped().isEmpty() ? desired : null,
              desired,
              run,
              Reconciler.Exactly.PARTIAL,
              style,
              out));
    }
  }

  /**
   * {@code apply PLAN.json}: the reviewed plan, as saved, with no prompt (the review was the
   * approval). Nothing in the file is believed that can be checked, and every check comes before
   * the first change is sent:
   *
   * <ul>
   *   <li>reading it checks its format version, that each change shows what it sends, and its hash
   *       (no request);
   *   <li>{@code --plan-hash}, when given, must match (no request);
   *   <li>the plan must be consistent in itself: nothing twice, names a spec can state, no change
   *       BorgBase cannot make (no request);
   *   <li>it must be for this account: the endpoint (or the sandbox) it was made for (no request);
   *   <li>after the one read: the live digest it was made against must be the account's now, every
   *       live object it names must be in the account as it describes it, and the names it gives
   *       must be free;
   *   <li>the rails are recomputed from its changes, the read and the spec's recorded policy.
   * </ul>
   *
   * The planner is pure and the digest covers every live field it reads, so an equal digest means a
   * plan made now from the same spec would be this plan.
   */
  private int applySaved() {
    if (commandSpec.commandLine().getParseResult().hasMatchedOption("--file")) {
      throw new UsageException(
          "apply takes either -f SPEC or a saved plan, not both",
          "A saved plan already holds every change; run `borgform apply " + planFile + "`.");
    }
    Plan saved = PlanFiles.readPlan(env.resolve(planFile), planFile);
    String hash = new PlanCodec(ReasonText.WORDS).hash(saved);
    if (expectedHash != null) checkExpectedHash(hash);
    refuseIfAny(PlanIntegrity.withinPlan(saved));
    Style style = global.colors.style(env);
    PrintWriter out = humanOut();
    try (Session session = Session.open(global, env)) {
      Target here = session.target();
      if (!saved.target().equals(here)) {
        throw new UnsafePlanException(
            "The saved plan "
                + planFile
                + " was made for "
                + Names.printable(saved.target().describe())
                + ", not for "
                + here.describe()
                + ", so it was not applied. Nothing was changed.",
            saved.target().sandbox()
                ? "Apply it with --sandbox, or make and review a new plan for this account."
                : "Apply it against the endpoint it was made for (--endpoint or"
                    + " BORGBASE_API_URL), or make and review a new plan for this account.");
      }
      LiveState live = session.reader().read();
      String now = live.digest();
      if (!now.equals(saved.liveDigest())) {
        throw new UnsafePlanException(
            "Saved plan is stale: the account changed after "
                + planFile
                + " was made, so it was not applied. Nothing was changed.",
            "Make a new plan with `borgform plan -f SPEC --out "
                + planFile
                + "`, review it,"
                + " then apply it. (The plan was made against "
                + saved.liveDigest()
                + "; the account is now "
                + now
                + ".)");
      }
      refuseIfAny(PlanIntegrity.againstLive(saved, live.keys(), live.repos()));
      Plan plan =
          saved.withDeletionGuard(
              DeletionGuard.of(saved.changes(), live.keys(), live.repos(), saved.policy()));
      out.println(
          "Applying the saved plan "
              + planFile
              + " (plan hash "
              + PlanCodec.shortHash(hash)
              + "; the account has not changed since).");
      out.println();
      new TextPlanRenderer(style).render(plan, out);
      if (plan.isEmpty()) {
        out.flush();
        document(session, null, "no-changes", null, List.of(), KnownLevel.UNKNOWN);
        return ExitCodes.OK;
      }
      safety().check(plan, "apply " + planFile + " again");
      Levelled run = forLevel(session, plan, style, out);
      out.println();
      Reconciler.Exactly exactly =
          run.skipped().isEmpty()
              ? Reconciler.Exactly.SAVED_PLAN
              : Reconciler.Exactly.SAVED_PLAN_PARTIAL;
      return run.partial(execute(session, null, null, run, exactly, style, out));
    }
  }

  /** The plan a run applies, and the changes left out of it for the token's level. */
  private record Levelled(Plan plan, List<Change> skipped, KnownLevel level) {
    /** A run that applied all it was given still ends as a partial apply when it skipped some. */
    int partial(int exit) {
      if (exit != ExitCodes.OK || skipped.isEmpty()) return exit;
      throw new FailureException(
          "Applied only what a "
              + level.displayName()
              + " token may do: "
              + skipped.size()
              + (skipped.size() == 1 ? " change was" : " changes were")
              + " skipped (listed above).",
          "Apply again with a Full Access token (BorgBase web UI, Account > API) to make "
              + (skipped.size() == 1 ? "it" : "them")
              + ".",
          null);
    }
  }

  /**
   * What the token may do, learned only where it matters: for a plan that changes or deletes,
   * against BorgBase (one query, no change; the sandbox's token is known to be Full Access). A plan
   * of adds needs no level a read can tell apart, so it costs no request. A Create Only token is
   * refused here, before anything is sent, unless --partial asks for its adds; where the level
   * stays unknown, apply goes on as before, with the note that such changes need Full Access.
   */
  private Levelled forLevel(Session session, Plan plan, Style style, PrintWriter out) {
    boolean onlyAdds = plan.changes().stream().allMatch(c -> c.action() == Action.CREATE);
    if (onlyAdds) return new Levelled(plan, List.of(), KnownLevel.UNKNOWN);
    KnownLevel level =
        session.target().sandbox() ? KnownLevel.FULL_ACCESS : session.client().learnLevel();
    if (level == KnownLevel.UNKNOWN) {
      new ApplyReportRenderer(style).tokenLevelNote(plan, out);
      return new Levelled(plan, List.of(), level);
    }
    if (level.mayEditOrDelete()) return new Levelled(plan, List.of(), level);
    PartialPlan p = PartialPlan.addsOnly(plan);
    if (!partial) {
      Set<String> actions = new TreeSet<>();
      for (Change c : p.skipped()) actions.add(c.action().name().toLowerCase(Locale.ROOT));
      throw new FailureException(
          "The token is "
              + level.displayName()
              + ": it may add keys and repos, but "
              + p.skipped().size()
              + " of the plan's changes "
              + (p.skipped().size() == 1 ? "needs" : "need")
              + " a Full Access token ("
              + String.join(", ", actions)
              + "). Nothing was sent.",
          "Pass a Full Access token (BorgBase web UI, Account > API) in BORGBASE_TOKEN or"
              + " --token-file; or add --partial to apply only the "
              + p.kept().changes().size()
              + (p.kept().changes().size() == 1 ? " add" : " adds")
              + " now, listing what is skipped.",
          null);
    }
    new ApplyReportRenderer(style).skippedForLevel(p.skipped(), level.displayName(), out);
    if (p.kept().isEmpty()) {
      throw new FailureException(
          "Nothing was applied: every change of the plan needs a Full Access token, and the token"
              + " is "
              + level.displayName()
              + ". Nothing was sent.",
          "Apply again with a Full Access token (BorgBase web UI, Account > API).",
          null);
    }
    return new Levelled(p.kept(), p.skipped(), level);
  }

  /** The problems that make a saved plan one borgform did not make as it is (exit 3). */
  private void refuseIfAny(List<String> problems) {
    if (problems.isEmpty()) return;
    int shown = Math.min(problems.size(), MAX_PROBLEMS_SHOWN);
    StringBuilder hint = new StringBuilder();
    if (problems.size() > 1) {
      for (String p : problems.subList(0, shown)) hint.append("- ").append(p).append("\n  ");
      if (problems.size() > shown) {
        hint.append("- and ").append(problems.size() - shown).append(" more\n  ");
      }
    }
    hint.append("Make a new plan with `borgform plan -f SPEC --out ")
        .append(planFile)
        .append("`, review it, then apply it.");
    throw new UnsafePlanException(
        "The saved plan "
            + planFile
            + " cannot be applied: "
            + (problems.size() == 1 ? problems.get(0) : problems.size() + " problems")
            + ". Nothing was changed.",
        hint.toString());
  }

  /** {@code --plan-hash}: the reviewed hash, in full or as the short form plans show. */
  private void checkExpectedHash(String hash) {
    String want = expectedHash.strip().toLowerCase(Locale.ROOT);
    if (want.startsWith("sha256:")) want = want.substring("sha256:".length());
    if (!want.matches("[0-9a-f]{" + PlanCodec.SHORT_HASH_DIGITS + ",64}")) {
      throw new UsageException(
          "--plan-hash takes a plan hash: at least "
              + PlanCodec.SHORT_HASH_DIGITS
              + " hex digits, or sha256: and 64",
          "Copy the hash shown with the reviewed plan (`Plan hash: ...`).");
    }
    String have = hash.substring("sha256:".length());
    if (!have.startsWith(want)) {
      throw new UnsafePlanException(
          "The saved plan "
              + planFile
              + " has the hash "
              + PlanCodec.shortHash(hash)
              + ", not the "
              + PlanCodec.shortHash(want)
              + " given with --plan-hash: it is not the plan that was reviewed. Nothing was"
              + " changed.",
          "Apply the file whose plan was reviewed, or review this one (`Plan hash:` in the"
              + " plan) and pass its hash.");
    }
  }

  /** The two safety rails: repo deletion and mass deletion (exit 3). */
  private SafetyRules safety() {
    return new SafetyRules(allowDestroy, force);
  }

  /**
   * Runs the plan through the {@link Reconciler}: with the spec ({@code desired}), unknown outcomes
   * are settled by re-planning; for a saved plan or a partial run ({@code desired == null}) they
   * end the apply, with the advice that fits ({@code exactly}).
   *
   * @param desired the spec to re-plan from between rounds; null applies the plan exactly
   * @param spec the spec whose objects the JSON document lists; null when there is none
   * @param run the plan to apply, and the changes left out of it for the token's level
   * @param exactly why the plan is applied exactly, when {@code desired} is null
   */
  private int execute(
      Session session,
      @Nullable DesiredState desired,
      @Nullable DesiredState spec,
      Levelled run,
      Reconciler.Exactly exactly,
      Style style,
      PrintWriter out) {
    Plan plan = run.plan();
    ApplyReportRenderer reports = new ApplyReportRenderer(style);
    // The heartbeat is for a person watching a terminal; a CI log gets the result lines only.
    Heartbeat heartbeat = env.terminal().interactive() ? Heartbeat.system() : Heartbeat.none();
    ApplyProgress listener = new ApplyProgress(reports, out, heartbeat);
    // Ctrl-C from here on: the request in flight finishes, nothing more is sent, the report is
    // printed and the exit code is 130. A second Ctrl-C stops at once.
    AtomicBoolean interrupted = new AtomicBoolean();
    Interrupts.Scope deferred =
        env.interrupts()
            .defer(
                () -> {
                  interrupted.set(true);
                  reports.interruptReceived(env.err());
                },
                () -> reports.interruptedAgain(env.err()));
    ReconcileResult result;
    try {
      Reconciler reconciler =
          new Reconciler(
              session.reader(),
              session.writer(),
              new Planner(),
              new Reconciler.Options(
                  batchSize, Reconciler.Options.DEFAULT_MAX_ROUNDS, recheck, safety()),
              interrupted::get);
      result =
          desired == null
              ? reconciler.applyExactly(plan, listener, exactly)
              : reconciler.apply(desired, plan, listener);
    } finally {
      deferred.close();
      heartbeat.close();
    }
    if (result.status() == ReconcileResult.Status.INTERRUPTED) {
      reports.interruptedSummary(result.rounds(), out);
      out.flush();
      document(session, spec, "interrupted", result, run.skipped(), run.level());
      throw new InterruptedByUserException(result.message(), result.hint());
    }
    reports.summary(
        result.rounds(), result.succeeded(), run.skipped().size(), run.level().displayName(), out);
    out.flush();
    // A run that did all it was given but skipped changes for its token's level did not do the
    // plan: "partial", as its closing line says, never "done".
    String status =
        result.succeeded() && !run.skipped().isEmpty()
            ? "partial"
            : result.status().name().toLowerCase(Locale.ROOT);
    document(session, spec, status, result, run.skipped(), run.level());
    if (result.succeeded()) {
      if (!result.message().isEmpty()) {
        env.err().println("Warning: " + Printable.of(result.message()));
        if (!result.hint().isEmpty()) env.err().println("  " + Printable.of(result.hint()));
      }
      return ExitCodes.OK;
    }
    throw failure(result);
  }

  /**
   * With {@code --output json}: the document of what apply did ({@code result}, null when there was
   * nothing to do) and the spec's objects after it, from one more read. That read is skipped after
   * Ctrl-C (nothing more is sent then), and a saved plan has no spec to select objects by; the
   * document then says so instead. A failed read does not change apply's exit code: what apply did
   * is already known and reported. The changes {@code --partial} left out for the token's level
   * ({@code skipped}) are listed after the ones sent, as skipped.
   */
  private void document(
      Session session,
      @Nullable DesiredState desired,
      String status,
      @Nullable ReconcileResult result,
      List<Change> skipped,
      KnownLevel level) {
    if (output != Output.json) return;
    List<ApplyDocument.Change> changes = new ArrayList<>();
    if (result != null) {
      for (int i = 0; i < result.rounds().size(); i++) {
        for (StepResult step : result.rounds().get(i).steps()) {
          changes.add(
              new ApplyDocument.Change(
                  step.address().toString(),
                  step.verb(),
                  outcome(step.status()),
                  step.detail(),
                  i + 1));
        }
      }
    }
    for (Change c : skipped) {
      changes.add(
          new ApplyDocument.Change(
              c.address().toString(),
              c.action().name().toLowerCase(Locale.ROOT),
              "skipped",
              "not sent (--partial): it needs a Full Access token, and the token is "
                  + level.displayName(),
              1));
    }
    OutputValues values = null;
    String note = null;
    if (desired == null) {
      note =
          "a saved plan holds no spec to select objects by; run borgform output -f SPEC for"
              + " these values";
    } else if (status.equals("interrupted")) {
      note = "apply was interrupted, so the account was not read again; run borgform output";
    } else {
      try {
        values = session.client().readOutputs().select(desired);
      } catch (BorgformException e) {
        note = "the read after apply failed: " + e.getMessage() + "; run borgform output";
      }
    }
    env.out().print(new ApplyDocument().write(status, changes, values, note));
    env.out().flush();
  }

  private static String outcome(StepResult.Status status) {
    return switch (status) {
      case APPLIED -> "done";
      case FAILED -> "failed";
      case UNKNOWN -> "unknown";
      case NOT_ATTEMPTED -> "skipped";
    };
  }

  /** The exception that ends a failed apply, keeping the exit code of what stopped it. */
  private static BorgformException failure(ReconcileResult result) {
    BorgformException cause = result.cause();
    if (cause instanceof DiagnosticsException d) {
      return new DiagnosticsException(
          "While settling unknown outcomes: " + d.getMessage(), d.diagnostics(), d.exitCode());
    }
    if (cause instanceof UnsafePlanException) {
      return new UnsafePlanException(result.message(), result.hint());
    }
    String hints = advice(result);
    return new FailureException(result.message(), hints, cause);
  }

  private boolean approved(PrintWriter out) {
    if (autoApprove) return true;
    if (!env.terminal().interactive()) {
      throw new UsageException(
          "apply needs --auto-approve when no one is at a terminal to confirm",
          "Review the plan above, then run apply again with --auto-approve (as in CI).");
    }
    out.println();
    out.println("Do you want to perform these actions?");
    out.println("  borgform will change the account as described above.");
    out.println("  Only 'yes' will be accepted to approve.");
    out.println();
    out.print("  Enter a value: ");
    out.flush();
    try {
      String answer = env.terminal().readLine();
      return answer != null && answer.strip().equals("yes");
    } catch (IOException e) {
      return false;
    }
  }

  private static String advice(ReconcileResult result) {
    // Joined by line breaks below, so each piece is made printable first: a name in one cannot
    // add a line of its own.
    Set<String> hints = new LinkedHashSet<>();
    if (!result.hint().isEmpty()) hints.add(Printable.of(result.hint()));
    List<StepResult> last =
        result.rounds().isEmpty()
            ? List.of()
            : result.rounds().get(result.rounds().size() - 1).steps();
    // Every refusal for the token's level in one hint, said once however many changes met it.
    Set<Mutation.Kind> refusedForLevel = EnumSet.noneOf(Mutation.Kind.class);
    boolean sameTokenCannotFinish = false;
    for (StepResult r : last) {
      if (r.status() == StepResult.Status.FAILED) {
        if (r.failure() == FailureKind.PERMISSION) refusedForLevel.add(r.kind());
        String h = ErrorClassifier.applyHint(r.kind(), r.failure());
        if (!h.isEmpty() && r.failure() != FailureKind.PERMISSION) hints.add(h);
        sameTokenCannotFinish |=
            r.failure() == FailureKind.PERMISSION
                || r.failure() == FailureKind.AUTHENTICATION
                || r.failure() == FailureKind.EXPIRED;
      }
      if (r.status() == StepResult.Status.UNKNOWN && result.hint().isEmpty()) {
        hints.add(
            "A change's outcome is unknown, so it was not sent again. Run `borgform plan` to see"
                + " the account as it is now, then apply again: the new plan holds only what is"
                + " still missing.");
      }
    }
    if (!refusedForLevel.isEmpty()) hints.add(ErrorClassifier.permissionHint(refusedForLevel));
    if (result.status() == ReconcileResult.Status.FAILED) {
      // "Apply again" alone would fail the same way when the token is what stopped it: the
      // hints above say which token to apply again with.
      hints.add(
          sameTokenCannotFinish
              ? "Everything listed as done above is in the account."
              : "Everything listed as done above is in the account; apply again to finish the"
                  + " rest.");
    }
    return String.join("\n  ", hints);
  }
}
