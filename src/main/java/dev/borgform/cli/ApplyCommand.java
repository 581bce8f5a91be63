package dev.borgform.cli;

import dev.borgform.api.ErrorClassifier;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.UnsafePlanException;
import dev.borgform.diag.UsageException;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.render.ApplyReportRenderer;
import dev.borgform.render.Style;
import dev.borgform.render.TextPlanRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
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
          + " after checking that the account has not changed since it was made."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform apply --sandbox -f examples/borgbase.yaml",
      "  BORGBASE_TOKEN=... borgform apply -f borgbase.yaml --auto-approve",
      "  BORGBASE_TOKEN=... borgform apply plan.json"
    })
final class ApplyCommand implements Callable<Integer> {
  /** Mutations per GraphQL request; one phase of a 50-repo account is one round trip. */
  static final int DEFAULT_BATCH_SIZE = 50;

  private final Environment env;

  @Mixin GlobalOptions global;
  @Mixin SpecOption spec;

  @Option(names = "--auto-approve", description = "Apply without asking for confirmation.")
  boolean autoApprove;

  @Option(
      names = "--allow-destroy",
      description = "Allow deleting repos (and their backups) that policy.pruneRepos marks for deletion.")
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

  @Spec CommandSpec commandSpec;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Mutations sent per request (default: ${DEFAULT-VALUE}).")
  int batchSize = DEFAULT_BATCH_SIZE;

  ApplyCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (batchSize < 1) {
      throw new UsageException("--batch-size must be 1 or more", "Leave it out for the default.");
    }
    if (planFile != null) return applySaved();
    DesiredState desired = Specs.load(spec, env);
    Style style = Styles.choose(global.noColor, env);
    PrintWriter out = env.out();
    try (Session session = Session.open(global, env)) {
      LiveState live = session.reader().read();
      Plan plan = new Planner().plan(desired, live);
      new TextPlanRenderer(style).render(plan, out);
      if (plan.isEmpty()) return ExitCodes.OK;
      refuseUnsafe(plan, "run apply again");
      if (!approved(out)) {
        out.println("Apply cancelled; nothing was changed.");
        out.flush();
        return ExitCodes.FAILURE;
      }
      out.println();
      return execute(session, plan, style, out);
    }
  }

  /**
   * {@code apply PLAN.json}: the reviewed plan, as saved, with no prompt (the review was the
   * approval). The plan was made against a live state whose digest it carries; if the account's
   * digest differs now, something changed in between and the plan might no longer do what was
   * reviewed, so nothing is applied. The planner is pure and the digest covers every live field
   * it reads, so an equal digest means a plan made now from the same spec would be this plan.
   */
  private int applySaved() {
    if (commandSpec.commandLine().getParseResult().hasMatchedOption("--file")) {
      throw new UsageException(
          "apply takes either -f SPEC or a saved plan, not both",
          "A saved plan already holds every change; run `borgform apply " + planFile + "`.");
    }
    Plan plan = PlanFiles.readPlan(env.resolve(planFile), planFile);
    Style style = Styles.choose(global.noColor, env);
    PrintWriter out = env.out();
    try (Session session = Session.open(global, env)) {
      LiveState live = session.reader().read();
      String now = live.digest();
      if (!now.equals(plan.liveDigest())) {
        throw new UnsafePlanException(
            "Saved plan is stale: the account changed after " + planFile
                + " was made, so it was not applied. Nothing was changed.",
            "Make a new plan with `borgform plan -f SPEC --out " + planFile + "`, review it,"
                + " then apply it. (The plan was made against " + plan.liveDigest()
                + "; the account is now " + now + ".)");
      }
      out.println("Applying the saved plan " + planFile + " (the account has not changed since).");
      out.println();
      new TextPlanRenderer(style).render(plan, out);
      if (plan.isEmpty()) return ExitCodes.OK;
      refuseUnsafe(plan, "apply " + planFile + " again");
      out.println();
      return execute(session, plan, style, out);
    }
  }

  /** The two rails of product.md section 4: repo deletion and mass deletion (exit 3). */
  private void refuseUnsafe(Plan plan, String again) {
    if (plan.destroysBackups() && !allowDestroy) {
      long n = plan.changes().stream().filter(c -> c.destroysBackups()).count();
      throw new UnsafePlanException(
          "The plan deletes " + n + (n == 1 ? " repo" : " repos")
              + " and every backup in them; refusing without --allow-destroy.",
          "Review the repos marked DESTROYS BACKUPS. If they must go, " + again + " with"
              + " --allow-destroy; to keep them, set policy.pruneRepos: false.");
    }
    if (plan.deletionGuard().exceeded() && !force) {
      throw new UnsafePlanException(
          plan.deletionGuard().message() + "; review the plan, then pass --force",
          "Nothing was changed. If these deletions are meant, " + again + " with --force;"
              + " policy.maxDeletePercent sets the threshold.");
    }
  }

  private int execute(Session session, Plan plan, Style style, PrintWriter out) {
    ApplyReportRenderer reports = new ApplyReportRenderer(style);
    ApplyReport report =
        new Executor(session.writer(), batchSize).apply(plan, r -> reports.progress(r, out));
    reports.summary(report, out);
    if (report.succeeded()) return ExitCodes.OK;
    throw new FailureException("Apply stopped at the first failure.", advice(report), null);
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

  private static String advice(ApplyReport report) {
    Set<String> hints = new LinkedHashSet<>();
    for (StepResult r : report.steps()) {
      if (r.status() == StepResult.Status.FAILED) {
        String h = ErrorClassifier.applyHint(r.operation(), r.detail());
        if (!h.isEmpty()) hints.add(h);
      }
      if (r.status() == StepResult.Status.UNKNOWN) {
        hints.add(
            "A change's outcome is unknown, so it was not sent again. Run `borgform plan` to see"
                + " the account as it is now, then apply again: the new plan holds only what is"
                + " still missing.");
      }
    }
    hints.add("Everything listed as done above is in the account; apply again to finish the rest.");
    return String.join("\n  ", hints);
  }
}
