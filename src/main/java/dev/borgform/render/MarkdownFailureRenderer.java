package dev.borgform.render;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A failed command as a pull-request comment: the same heading as the plan it stands in for, the
 * failure as a caution alert, then one table row per problem with its place in the spec. Every text
 * is escaped as the plan's cells are ({@link MarkdownPlanRenderer#escape}).
 */
public final class MarkdownFailureRenderer {
  private final int maxChars;

  public MarkdownFailureRenderer() {
    this(0);
  }

  /**
   * {@code maxChars} (0 for no limit): as for the plan ({@link MarkdownPlanRenderer}), the document
   * is cut to at most that many characters, only between whole table rows; the heading, the failure
   * and the footer always stay, and a note counts the problems left out.
   */
  public MarkdownFailureRenderer(int maxChars) {
    if (maxChars != 0 && maxChars < MarkdownPlanRenderer.MIN_MAX_CHARS) {
      throw new IllegalArgumentException("maxChars below " + MarkdownPlanRenderer.MIN_MAX_CHARS);
    }
    this.maxChars = maxChars;
  }

  public void render(Outcome outcome, PrintWriter out) {
    StringBuilder head = new StringBuilder();
    head.append("## borgform ").append(outcome.command()).append("\n\n");
    head.append("> [!CAUTION]\n");
    head.append(
        "> **borgform "
            + outcome.command()
            + " failed** (exit "
            + outcome.exitCode()
            + "): "
            + MarkdownPlanRenderer.escape(outcome.message())
            + "\n");
    for (String line : outcome.hint().split("\n")) {
      if (!line.isBlank()) head.append("> ").append(MarkdownPlanRenderer.escape(line)).append('\n');
    }
    head.append('\n');
    String tableHead = "| | Where | Problem | What to do |\n|---|---|---|---|\n";
    List<String> rows = new ArrayList<>();
    for (Diagnostic d : outcome.diagnostics()) {
      rows.add(
          "| "
              + (d.isError() ? "error" : "warning")
              + " | "
              + (d.pos() == null ? "" : "`" + MarkdownPlanRenderer.code(d.pos().toString()) + "`")
              + " | "
              + MarkdownPlanRenderer.escape(d.summary())
              + " | "
              + MarkdownPlanRenderer.escape(d.detail())
              + " |\n");
    }
    String footer =
        "plan".equals(outcome.command())
            ? "<sub>No plan was made; nothing was changed.</sub>\n"
            : "<sub>Nothing was changed.</sub>\n";

    int whole = head.length() + footer.length();
    if (!rows.isEmpty()) whole += tableHead.length() + 1;
    for (String r : rows) whole += r.length();
    int room = Integer.MAX_VALUE;
    if (maxChars > 0 && whole > maxChars) {
      room = maxChars - head.length() - footer.length() - cutNote(rows.size()).length();
    }
    List<String> kept = new ArrayList<>();
    // The table's head and the blank line after it count with its first row.
    int tableCost = tableHead.length() + 1;
    for (String r : rows) {
      int cost = r.length() + (kept.isEmpty() ? tableCost : 0);
      if (cost > room) break;
      kept.add(r);
      room -= cost;
    }

    out.print(head);
    if (!kept.isEmpty()) {
      out.print(tableHead);
      for (String r : kept) out.print(r);
      out.print('\n');
    }
    if (kept.size() < rows.size()) out.print(cutNote(rows.size() - kept.size()));
    out.print(footer);
    out.flush();
  }

  /** What a cut left out; its length only grows with the count, so the note for all bounds it. */
  private String cutNote(int problems) {
    return "> [!NOTE]\n> … "
        + String.format(Locale.ROOT, "%,d", problems)
        + (problems == 1 ? " more problem" : " more problems")
        + " not shown: this comment holds at most "
        + String.format(Locale.ROOT, "%,d", maxChars)
        + " characters. `borgform validate` lists every problem.\n\n";
  }
}
