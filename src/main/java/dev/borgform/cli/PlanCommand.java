package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.render.TextPlanRenderer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Show what apply would change, reading the account in one request.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform plan --sandbox -f examples/borgbase.yaml",
      "  BORGBASE_TOKEN=... borgform plan -f borgbase.yaml --detailed-exitcode"
    })
final class PlanCommand implements Callable<Integer> {
  private final Environment env;

  @Mixin GlobalOptions global;
  @Mixin SpecOption spec;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 2 when there are changes, 0 when there are none (1 on errors).")
  boolean detailedExitCode;

  PlanCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    DesiredState desired = Specs.load(spec, env);
    try (Session session = Session.open(global, env)) {
      LiveState live = session.reader().read();
      Plan plan = new Planner().plan(desired, live);
      new TextPlanRenderer(Styles.choose(global.noColor, env)).render(plan, env.out());
      return detailedExitCode && !plan.isEmpty() ? ExitCodes.CHANGES_PRESENT : ExitCodes.OK;
    }
  }
}
