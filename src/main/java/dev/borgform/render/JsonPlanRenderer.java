package dev.borgform.render;

import dev.borgform.plan.Plan;
import dev.borgform.planfile.PlanCodec;
import java.io.PrintWriter;

/**
 * The machine-readable plan (docs/plan-format.md). It is the very document {@code plan --out} saves
 * and {@code apply PLAN.json} runs, so tools that read the one can read the other.
 */
public final class JsonPlanRenderer implements PlanRenderer {
  private final PlanCodec codec = new PlanCodec(ReasonText.WORDS);

  @Override
  public void render(Plan plan, PrintWriter out) {
    out.print(codec.write(plan));
    out.flush();
  }
}
