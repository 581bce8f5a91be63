package dev.borgform.render;

import dev.borgform.plan.Plan;
import java.io.PrintWriter;

/** One way of showing a plan (text, JSON, Markdown); reads the plan and nothing else. */
public interface PlanRenderer {
  void render(Plan plan, PrintWriter out);
}
