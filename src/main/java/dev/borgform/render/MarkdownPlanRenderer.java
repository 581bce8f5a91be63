package dev.borgform.render;

import dev.borgform.diag.Printable;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.plan.Target;
import dev.borgform.planfile.PlanCodec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The plan as a pull-request comment (GitHub-flavoured Markdown, as octoDNS's PlanMarkdown): the
 * closing count first, warnings as alerts, one table row per change with its field changes, then
 * what is left alone. Values come from the spec and the account, so everything that could break the
 * table or inject HTML is escaped.
 */
public final class MarkdownPlanRenderer implements PlanRenderer {
  /** The smallest {@code --max-chars}: the heading, counts, hash, a note and the footer fit. */
  public static final int MIN_MAX_CHARS = 1000;

  private final boolean compact;
  private final int maxChars;

  public MarkdownPlanRenderer() {
    this(false);
  }

  /**
   * {@code compact}: the Changes column names the fields a change sets, without their values (plan
   * --compact): a large plan stays within a comment's size.
   */
  public MarkdownPlanRenderer(boolean compact) {
    this(compact, 0);
  }

  /**
   * {@code maxChars} (0 for no limit): the document is cut to at most that many characters (UTF-16
   * code units, never fewer than the code points a comment counts), as a pull-request comment must
   * be (GitHub takes 65,536). It is cut only between whole parts, never inside a table row, the
   * {@code <details>} block or a character: the counts, the plan hash and the footer always stay;
   * warnings, then table rows, then the list of what is left alone are kept in order while they
   * fit, and a note says what was left out and where the whole plan is.
   */
  public MarkdownPlanRenderer(boolean compact, int maxChars) {
    if (maxChars != 0 && maxChars < MIN_MAX_CHARS) {
      throw new IllegalArgumentException("maxChars below " + MIN_MAX_CHARS);
    }
    this.compact = compact;
    this.maxChars = maxChars;
  }

  @Override
  public void render(Plan plan, PrintWriter out) {
    // The hash is worked out while the table is made.
    @Nullable Supplier<String> pendingHash =
        plan.isEmpty() || !plan.target().isBound()
            ? null
            : new PlanCodec(ReasonText.WORDS).hashMeanwhile(plan);
    String tableHead = "| | Address | Changes | Why |\n|---|---|---|---|\n";
    List<String> rows = new ArrayList<>();
    for (Change c : plan.changes()) {
      String address = "`" + code(c.address().toString()) + "`";
      if (c.destroysBackups()) address += " **DESTROYS BACKUPS**";
      rows.add(
          "| `"
              + c.action().symbol()
              + "` | "
              + address
              + " | "
              + (compact ? fieldNames(c) : fields(c))
              + " | "
              + escape(ReasonText.of(c.reason()))
              + " |\n");
    }
    List<PlanNote> leftAlone =
        plan.notes().stream().filter(n -> n.kind() != PlanNote.Kind.WARNING).toList();
    StringBuilder details = new StringBuilder();
    if (!leftAlone.isEmpty()) {
      details.append(
          "<details><summary>Left alone: "
              + leftAlone.size()
              + (leftAlone.size() == 1 ? " object" : " objects")
              + "</summary>\n\n");
      for (PlanNote n : leftAlone) {
        details.append(
            "- "
                + (n.address() == null ? "" : "`" + code(n.address().toString()) + "` ")
                + escape(n.message())
                + "\n");
      }
      details.append("\n</details>\n\n");
    }
    StringBuilder head = new StringBuilder();
    head.append("## borgform plan\n\n");
    if (plan.isEmpty()) {
      head.append("**No changes.** The account matches the spec.\n");
    } else {
      Plan.Summary s = plan.summary();
      head.append(
          "**Plan: "
              + s.add()
              + " to add, "
              + s.change()
              + " to change, "
              + s.delete()
              + " to delete.**\n");
    }
    head.append('\n');
    @Nullable String hash = pendingHash == null ? null : pendingHash.get();
    if (hash != null) {
      // What the person applying compares: apply prints the same short hash for a saved plan.
      head.append("Plan hash: `" + PlanCodec.shortHash(hash) + "`\n\n");
    }
    List<String> alerts = new ArrayList<>();
    if (plan.destroysBackups()) {
      alerts.add(
          "This plan deletes repos and every backup in them (marked **DESTROYS BACKUPS**)."
              + " Apply needs `--allow-destroy`.");
    }
    DeletionGuard g = plan.deletionGuard();
    if (g.exceeded()) alerts.add(escape(g.message()) + ". Apply will refuse without `--force`.");
    for (PlanNote w : plan.warnings()) {
      alerts.add(
          (w.address() == null ? "" : "`" + code(w.address().toString()) + "`: ")
              + escape(w.message()));
    }
    List<String> alertBlocks = new ArrayList<>();
    for (String a : alerts) alertBlocks.add("> [!WARNING]\n> " + a + "\n\n");
    Target t = plan.target();
    String footer =
        "<sub>Made "
            + (t.isBound() ? "for " + escape(t.describe()) + " " : "")
            + "against live state "
            + escape(plan.liveDigest())
            + (hash == null ? "" : "; plan hash " + escape(hash))
            + ".</sub>\n";

    // Everything, unless a limit makes parts of it stay out: warnings, then table rows, then the
    // list of what is left alone (one part, kept whole or not at all).
    List<MarkdownFit.Section> sections =
        List.of(
            MarkdownFit.Section.of(alertBlocks),
            new MarkdownFit.Section(tableHead, rows, "\n"),
            MarkdownFit.Section.of(
                details.length() == 0 ? List.of() : List.of(details.toString())));
    int objects = leftAlone.size();
    List<Integer> kept =
        MarkdownFit.keep(
            maxChars,
            head.length() + footer.length(),
            sections,
            cut -> cutNote(cut.get(0), cut.get(1), cut.get(2) == 0 ? 0 : objects));
    List<Integer> cut = MarkdownFit.cut(sections, kept);

    out.print(head);
    sections.get(0).print(kept.get(0), out);
    sections.get(1).print(kept.get(1), out);
    int leftAloneCut = cut.get(2) == 0 ? 0 : objects;
    if (cut.get(0) + cut.get(1) + leftAloneCut > 0) {
      out.print(cutNote(cut.get(0), cut.get(1), leftAloneCut));
    }
    sections.get(2).print(kept.get(2), out);
    out.print(footer);
    out.flush();
  }

  /**
   * What a cut left out, and where the whole plan is. Its length only grows with the counts, so the
   * note for everything bounds the note for what is cut.
   */
  private String cutNote(int alerts, int rows, int leftAlone) {
    List<String> parts = new ArrayList<>();
    if (rows > 0) parts.add(count(rows, "more change") + " not shown");
    if (alerts > 0) parts.add(count(alerts, "more warning") + " not shown");
    if (leftAlone > 0) parts.add(count(leftAlone, "object") + " left alone not listed");
    return "> [!NOTE]\n> … "
        + String.join("; ", parts)
        + ": this comment holds at most "
        + String.format(Locale.ROOT, "%,d", maxChars)
        + " characters. `borgform plan` shows the whole plan (`borgform show PLAN.json` for a"
        + " saved one).\n\n";
  }

  private static String count(int n, String what) {
    return String.format(Locale.ROOT, "%,d", n) + " " + what + (n == 1 ? "" : "s");
  }

  private static String fieldNames(Change c) {
    List<String> names = new ArrayList<>();
    for (FieldChange f : c.fields()) names.add(escape(f.field()));
    return String.join(", ", names);
  }

  private static String fields(Change c) {
    List<String> parts = new ArrayList<>();
    for (FieldChange f : c.fields()) {
      String v;
      if (f.before() == null) {
        v = Values.show(f.after());
      } else if (f.after() == null) {
        parts.add(escape(f.field()) + ": ~~" + escape(Values.show(f.before())) + "~~");
        continue;
      } else if (Objects.equals(f.before(), f.after())) {
        v = Values.show(f.after());
      } else {
        v = Values.show(f.before()) + " → " + Values.show(f.after());
      }
      parts.add(escape(f.field()) + ": " + escape(v));
    }
    return String.join("<br>", parts);
  }

  /**
   * Text in a table cell or a list item: first made printable ({@link Printable}: control
   * characters, ESC, line breaks and bidi overrides become visible escapes, so no value can end its
   * line or row), then no HTML, no column breaks, no Markdown emphasis, and no {@code ::} (a GitHub
   * Actions workflow command, should the comment's text be printed in a job log).
   */
  static String escape(String s) {
    String text = Printable.of(s);
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '|' -> b.append("\\|");
        case ':' -> b.append(i > 0 && text.charAt(i - 1) == ':' ? "\\:" : ":");
        case '\\', '`', '*', '_', '[', ']', '~', '#' -> b.append('\\').append(ch);
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  /**
   * Text inside a code span, made printable first: then only the characters that would end the span
   * or the cell are replaced (a code span shows backslashes as they are).
   */
  static String code(String s) {
    return Printable.of(s).replace("`", "'").replace("|", "\\|");
  }
}
