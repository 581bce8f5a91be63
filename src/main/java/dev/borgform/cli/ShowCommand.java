package dev.borgform.cli;

import dev.borgform.diag.UnsafePlanException;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanIntegrity;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planfile.PlanFileException;
import dev.borgform.render.JsonPlanRenderer;
import dev.borgform.render.MarkdownPlanRenderer;
import dev.borgform.render.PlanRenderer;
import dev.borgform.render.ReasonText;
import dev.borgform.render.TextPlanRenderer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Renders a saved plan without a token or a request, as Terraform's {@code show} does: a reviewer
 * (or a later CI job) reads exactly what {@code apply PLAN.json} would send. The file is checked as
 * apply checks it before sending anything (structure, hash, consistency within the plan), so a plan
 * that apply would refuse is refused here too; whether it is still current for the account can only
 * be told by apply's read.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Print a saved plan (from plan --out) without a token and without reading the account.",
    footerHeading = "%nExamples:%n",
    footer = {"  borgform show plan.json", "  borgform show plan.json --output markdown > plan.md"})
final class ShowCommand implements Callable<Integer> {
  private final Environment env;

  // Only the colour options of the global ones: show needs no token, endpoint or sandbox.
  @Mixin ColorOptions colors;

  @Parameters(
      index = "0",
      paramLabel = "PLAN.json",
      description = "A plan saved by `borgform plan --out PLAN.json`.")
  String planFile;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "How to print the plan: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  PlanCommand.Output output = PlanCommand.Output.text;

  ShowCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    String text = PlanFiles.readPlanText(env.resolve(planFile), planFile);
    Plan plan = PlanFiles.parsePlan(text, planFile);
    List<String> problems = PlanIntegrity.withinPlan(plan);
    if (!problems.isEmpty()) {
      throw new UnsafePlanException(
          "The plan file "
              + planFile
              + " is not consistent, so apply would refuse it: "
              + String.join("; ", problems),
          "Make a new one with `borgform plan -f SPEC --out " + planFile + "`.");
    }
    // The deletion guard as the plan showed it when it was made: show reads no account to
    // recompute it (apply does, and refuses by its own numbers).
    DeletionGuard recorded;
    try {
      recorded = new PlanCodec(ReasonText.WORDS).recordedGuard(text);
    } catch (PlanFileException e) {
      throw new UnsafePlanException(
          "The plan file " + planFile + " cannot be shown: " + e.getMessage(),
          "Make a new one with `borgform plan -f SPEC --out " + planFile + "`.");
    }
    if (recorded.maxPercent() != plan.policy().maxDeletePercent()) {
      throw new UnsafePlanException(
          "The plan file "
              + planFile
              + " cannot be shown: its \"deletionGuard\" and its \"policy\" give different"
              + " maxDeletePercent values",
          "Make a new one with `borgform plan -f SPEC --out " + planFile + "`.");
    }
    renderer().render(plan.withDeletionGuard(recorded), env.out());
    env.out().flush();
    return 0;
  }

  private PlanRenderer renderer() {
    return switch (output) {
      case text -> new TextPlanRenderer(colors.style(env));
      case json -> new JsonPlanRenderer();
      case markdown -> new MarkdownPlanRenderer();
    };
  }
}
