package dev.borgform.render;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import java.io.PrintWriter;

/**
 * A failed command as a pull-request comment: the same heading as the plan it stands in for, the
 * failure as a caution alert, then one table row per problem with its place in the spec. Every text
 * is escaped as the plan's cells are ({@link MarkdownPlanRenderer#escape}).
 */
public final class MarkdownFailureRenderer {

  public void render(Outcome outcome, PrintWriter out) {
    out.println("## borgform " + outcome.command());
    out.println();
    out.println("> [!CAUTION]");
    out.println(
        "> **borgform "
            + outcome.command()
            + " failed** (exit "
            + outcome.exitCode()
            + "): "
            + MarkdownPlanRenderer.escape(outcome.message()));
    for (String line : outcome.hint().split("\n")) {
      if (!line.isBlank()) out.println("> " + MarkdownPlanRenderer.escape(line));
    }
    out.println();
    if (!outcome.diagnostics().isEmpty()) {
      out.println("| | Where | Problem | What to do |");
      out.println("|---|---|---|---|");
      for (Diagnostic d : outcome.diagnostics()) {
        out.println(
            "| "
                + (d.isError() ? "error" : "warning")
                + " | "
                + (d.pos() == null ? "" : "`" + MarkdownPlanRenderer.code(d.pos().toString()) + "`")
                + " | "
                + MarkdownPlanRenderer.escape(d.summary())
                + " | "
                + MarkdownPlanRenderer.escape(d.detail())
                + " |");
      }
      out.println();
    }
    out.println(
        "plan".equals(outcome.command())
            ? "<sub>No plan was made; nothing was changed.</sub>"
            : "<sub>Nothing was changed.</sub>");
    out.flush();
  }
}
