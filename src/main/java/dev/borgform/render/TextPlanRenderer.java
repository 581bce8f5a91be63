package dev.borgform.render;

import dev.borgform.diag.Printable;
import dev.borgform.plan.Action;
import dev.borgform.plan.Change;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.planfile.PlanCodec;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The human plan, in Terraform's vocabulary: {@code +} create, {@code ~} update, {@code -} delete,
 * {@code +/-} replace (create before destroy), field-level before {@code ->} after, the objects
 * left alone, and a closing count. Every name, value, reason and note may come from the account and
 * is printed through {@link Printable}, so none can forge or hide a line.
 */
public final class TextPlanRenderer implements PlanRenderer {
  /** Labels longer than this are not padded to: the columns after them stay where they are. */
  private static final int MAX_ALIGN = 60;

  /** How much of the plan is held before it is passed on to the writer given to render. */
  private static final int BLOCK_CHARS = 1 << 16;

  private final Style style;
  private final boolean compact;

  public TextPlanRenderer(Style style) {
    this(style, false);
  }

  /** {@code compact}: one line per change, without its fields (plan --compact, large plans). */
  public TextPlanRenderer(Style style, boolean compact) {
    this.style = style;
    this.compact = compact;
  }

  @Override
  public void render(Plan plan, PrintWriter target) {
    // A plan of thousands of changes is a hundred thousand lines; the writer a command prints to
    // flushes at every line (so a prompt or a progress line shows at once), which here would make
    // one system call per line. The plan is passed on in large blocks and flushed once at the end.
    PrintWriter out = new PrintWriter(new BufferedWriter(target, BLOCK_CHARS));
    // The hash ends the plan; it is worked out while the changes are printed.
    Supplier<String> hash =
        plan.isEmpty() || !plan.target().isBound()
            ? () -> ""
            : new PlanCodec(ReasonText.WORDS).hashMeanwhile(plan);
    if (!plan.isEmpty()) {
      out.println("borgform will make these changes:");
      out.println();
      for (Change c : plan.changes()) renderChange(c, out);
      if (compact) out.println();
      out.println(legend(plan));
      out.println();
    }
    List<PlanNote> leftAlone =
        plan.notes().stream().filter(n -> n.kind() != PlanNote.Kind.WARNING).toList();
    if (!leftAlone.isEmpty()) {
      out.println("Left alone:");
      // Aligned, but a very long name (the account may hold anything) does not push every other
      // line that far out.
      int width =
          Math.min(MAX_ALIGN, leftAlone.stream().mapToInt(n -> label(n).length()).max().orElse(0));
      for (PlanNote n : leftAlone) {
        out.println("  " + pad(label(n), width) + "  " + style.dim(Printable.of(n.message())));
      }
      out.println();
    }
    for (PlanNote w : plan.warnings()) {
      out.println(
          style.yellow("Warning:")
              + " "
              + (w.address() == null ? "" : Printable.of(w.address().toString()) + ": ")
              + Printable.of(w.message()));
    }
    if (!plan.warnings().isEmpty()) out.println();
    if (plan.deletionGuard().exceeded()) {
      out.println(
          style.red("Warning:")
              + " "
              + plan.deletionGuard().message()
              + ". Apply will refuse this plan without --force.");
      out.println();
    }
    if (plan.isEmpty()) {
      out.println(style.green("No changes.") + " The account matches the spec.");
    } else {
      Plan.Summary s = plan.summary();
      out.println(
          style.bold("Plan:")
              + " "
              + s.add()
              + " to add, "
              + s.change()
              + " to change, "
              + s.delete()
              + " to delete.");
      if (plan.destroysBackups()) {
        out.println(
            style.red("This plan deletes repos and every backup in them.")
                + " Apply needs --allow-destroy.");
      }
      // The same short hash is in the Markdown plan a reviewer saw and in what apply prints for a
      // saved plan: comparing the two is how the person applying knows it is the reviewed plan.
      // A plan no command bound to an account (a round re-planned inside apply) has none to show.
      if (plan.target().isBound()) {
        out.println("Plan hash: " + PlanCodec.shortHash(hash.get()));
      }
    }
    out.flush();
  }

  private void renderChange(Change c, PrintWriter out) {
    String symbol = colour(c.action(), padLeft(c.action().symbol(), 3));
    String head = symbol + " " + style.bold(Printable.of(c.address().toString()));
    if (c.destroysBackups()) head += "  " + style.red("DESTROYS BACKUPS");
    String why = ReasonText.of(c.reason());
    if (!why.isEmpty()) head += "  " + style.dim("(" + Printable.of(why) + ")");
    if (compact) {
      out.println(head + fieldNames(c));
      return;
    }
    out.println(head);
    List<FieldChange> fields = c.fields();
    int width = 0;
    for (FieldChange f : fields) width = Math.max(width, f.field().length());
    for (FieldChange f : fields) {
      String name = pad(f.field() + ":", width + 1);
      String value;
      if (f.before() == null) {
        value = style.green(Values.show(f.after()));
      } else if (f.after() == null) {
        value = style.red(Values.show(f.before()));
      } else if (Objects.equals(f.before(), f.after())) {
        value = Values.show(f.after());
      } else {
        value = Values.show(f.before()) + " -> " + style.yellow(Values.show(f.after()));
      }
      out.println("      " + name + " " + value);
    }
    out.println();
  }

  /** The names of the fields a change sets, for the compact line: what, without the values. */
  private static String fieldNames(Change c) {
    List<String> names = new ArrayList<>();
    for (FieldChange f : c.fields()) names.add(f.field());
    return names.isEmpty() ? "" : ": " + String.join(", ", names);
  }

  /**
   * The symbols the plan uses, in the order of {@link Action}, as Terraform explains its own: a
   * reader new to them need not guess what {@code +/-} does.
   */
  private String legend(Plan plan) {
    EnumSet<Action> used = EnumSet.noneOf(Action.class);
    for (Change c : plan.changes()) used.add(c.action());
    List<String> parts = new ArrayList<>();
    for (Action a : used) parts.add(colour(a, a.symbol()) + " " + meaning(a));
    return "Symbols: " + String.join(", ", parts) + ".";
  }

  private static String meaning(Action a) {
    return switch (a) {
      case CREATE -> "create";
      case UPDATE -> "update in place";
      case REPLACE -> "replace (the new one first, then the old one deleted)";
      case DELETE -> "delete";
    };
  }

  /** A symbol in its colour; in {@code +/-} the {@code +} is green and the {@code -} red. */
  private String colour(Action a, String s) {
    return switch (a) {
      case CREATE -> style.green(s);
      case UPDATE -> style.yellow(s);
      case DELETE -> style.red(s);
      case REPLACE -> {
        int slash = s.indexOf('/');
        yield style.green(s.substring(0, slash)) + "/" + style.red(s.substring(slash + 1));
      }
    };
  }

  private static String label(PlanNote n) {
    return n.address() == null ? "" : Printable.of(n.address().toString());
  }

  private static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
