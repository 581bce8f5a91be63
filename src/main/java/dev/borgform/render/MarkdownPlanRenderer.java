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
import java.util.Objects;

/**
 * The plan as a pull-request comment (GitHub-flavoured Markdown, as octoDNS's PlanMarkdown): the
 * closing count first, warnings as alerts, one table row per change with its field changes, then
 * what is left alone. Values come from the spec and the account, so everything that could break the
 * table or inject HTML is escaped.
 */
public final class MarkdownPlanRenderer implements PlanRenderer {
  private final boolean compact;

  public MarkdownPlanRenderer() {
    this(false);
  }

  /**
   * {@code compact}: the Changes column names the fields a change sets, without their values (plan
   * --compact): a large plan stays within a comment's size.
   */
  public MarkdownPlanRenderer(boolean compact) {
    this.compact = compact;
  }

  @Override
  public void render(Plan plan, PrintWriter out) {
    out.println("## borgform plan");
    out.println();
    if (plan.isEmpty()) {
      out.println("**No changes.** The account matches the spec.");
    } else {
      Plan.Summary s = plan.summary();
      out.println(
          "**Plan: "
              + s.add()
              + " to add, "
              + s.change()
              + " to change, "
              + s.delete()
              + " to delete.**");
    }
    out.println();
    String hash = plan.isEmpty() || !plan.target().isBound() ? null : new PlanCodec().hash(plan);
    if (hash != null) {
      // What the person applying compares: apply prints the same short hash for a saved plan.
      out.println("Plan hash: `" + PlanCodec.shortHash(hash) + "`");
      out.println();
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
    for (String a : alerts) {
      out.println("> [!WARNING]");
      out.println("> " + a);
      out.println();
    }
    if (!plan.isEmpty()) {
      out.println("| | Address | Changes | Why |");
      out.println("|---|---|---|---|");
      for (Change c : plan.changes()) {
        String address = "`" + code(c.address().toString()) + "`";
        if (c.destroysBackups()) address += " **DESTROYS BACKUPS**";
        out.println(
            "| `"
                + c.action().symbol()
                + "` | "
                + address
                + " | "
                + (compact ? fieldNames(c) : fields(c))
                + " | "
                + escape(c.reason())
                + " |");
      }
      out.println();
    }
    List<PlanNote> leftAlone =
        plan.notes().stream().filter(n -> n.kind() != PlanNote.Kind.WARNING).toList();
    if (!leftAlone.isEmpty()) {
      out.println(
          "<details><summary>Left alone: "
              + leftAlone.size()
              + (leftAlone.size() == 1 ? " object" : " objects")
              + "</summary>");
      out.println();
      for (PlanNote n : leftAlone) {
        out.println(
            "- "
                + (n.address() == null ? "" : "`" + code(n.address().toString()) + "` ")
                + escape(n.message()));
      }
      out.println();
      out.println("</details>");
      out.println();
    }
    Target t = plan.target();
    out.println(
        "<sub>Made "
            + (t.isBound() ? "for " + escape(t.describe()) + " " : "")
            + "against live state "
            + escape(plan.liveDigest())
            + (hash == null ? "" : "; plan hash " + escape(hash))
            + ".</sub>");
    out.flush();
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
