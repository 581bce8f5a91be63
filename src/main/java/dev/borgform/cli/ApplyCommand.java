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
import picocli.CommandLine.Option;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Make the account match the spec: plan, confirm, then apply in dependency order.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform apply --sandbox -f examples/borgbase.yaml",
      "  BORGBASE_TOKEN=... borgform apply -f borgbase.yaml --auto-approve"
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
    DesiredState desired = Specs.load(spec, env);
    Style style = Styles.choose(global.noColor, env);
    PrintWriter out = env.out();
    try (Session session = Session.open(global, env)) {
      LiveState live = session.reader().read();
      Plan plan = new Planner().plan(desired, live);
      new TextPlanRenderer(style).render(plan, out);
      if (plan.isEmpty()) return ExitCodes.OK;
      if (plan.destroysBackups() && !allowDestroy) {
        long n = plan.changes().stream().filter(c -> c.destroysBackups()).count();
        throw new UnsafePlanException(
            "The plan deletes " + n + (n == 1 ? " repo" : " repos")
                + " and every backup in them; refusing without --allow-destroy.",
            "Review the repos marked DESTROYS BACKUPS. If they must go, run apply again with"
                + " --allow-destroy; to keep them, set policy.pruneRepos: false.");
      }
      if (!approved(out)) {
        out.println("Apply cancelled; nothing was changed.");
        out.flush();
        return ExitCodes.FAILURE;
      }
      out.println();
      ApplyReportRenderer reports = new ApplyReportRenderer(style);
      ApplyReport report =
          new Executor(session.writer(), batchSize).apply(plan, r -> reports.progress(r, out));
      reports.summary(report, out);
      if (report.succeeded()) return ExitCodes.OK;
      throw new FailureException("Apply stopped at the first failure.", advice(report), null);
    }
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
