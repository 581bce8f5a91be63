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

    MarkdownFit.Section table = new MarkdownFit.Section(tableHead, rows, "\n");
    List<MarkdownFit.Section> sections = List.of(table);
    List<Integer> kept =
        MarkdownFit.keep(
            maxChars, head.length() + footer.length(), sections, cut -> cutNote(cut.get(0)));
    int cut = MarkdownFit.cut(sections, kept).get(0);

    out.print(head);
    table.print(kept.get(0), out);
    if (cut > 0) out.print(cutNote(cut));
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
