package dev.borgform.render;

import dev.borgform.diag.Printable;
import dev.borgform.doctor.Check;
import dev.borgform.doctor.DoctorReport;
import dev.borgform.doctor.Finding;
import dev.borgform.doctor.Status;
import java.io.PrintWriter;

/**
 * {@code borgform doctor} as text: one line per check (status, name, what was found), the facts
 * measured below it, each schema difference with what it breaks and what to do, and a closing line.
 * Every text that came from the server (messages, certificate names) is neutralised.
 */
public final class DoctorRenderer {
  private static final int STATUS_WIDTH = 9;
  private static final int TITLE_WIDTH = 13;
  private static final String INDENT = " ".repeat(2 + STATUS_WIDTH + TITLE_WIDTH);

  private final Style style;

  public DoctorRenderer(Style style) {
    this.style = style;
  }

  public void render(DoctorReport report, PrintWriter out) {
    out.println("borgform doctor: " + Printable.of(report.endpoint()));
    out.println();
    for (Check c : report.checks()) {
      out.println(
          "  " + status(c.status()) + pad(c.title(), TITLE_WIDTH) + Printable.of(c.summary()));
      for (String d : c.details()) out.println(INDENT + Printable.of(d));
      for (Finding f : c.findings()) {
        out.println(INDENT + "- " + Printable.of(f.what()));
        out.println(INDENT + "  breaks: " + Printable.of(f.breaks()));
        out.println(INDENT + "  to do:  " + Printable.of(f.hint()));
      }
      if (!c.hint().isEmpty() && c.status() != Status.OK) {
        out.println(INDENT + "to do: " + Printable.of(c.hint()));
      }
    }
    out.println();
    String counts =
        report.count(Status.OK)
            + " ok, "
            + report.count(Status.WARNING)
            + (report.count(Status.WARNING) == 1 ? " warning, " : " warnings, ")
            + report.count(Status.FAILED)
            + " failed, "
            + report.count(Status.SKIPPED)
            + " skipped.";
    out.println(
        report.passed()
            ? "Doctor: " + counts + " Everything borgform relies on is there."
            : "Doctor: "
                + counts
                + " borgform will not work fully with this endpoint; see \"to do\" above.");
    out.flush();
  }

  private String status(Status s) {
    String word = pad(s == Status.FAILED ? "FAILED" : s.word(), STATUS_WIDTH);
    return switch (s) {
      case OK -> style.green(word);
      case WARNING -> style.yellow(word);
      case FAILED -> style.red(word);
      case SKIPPED -> style.dim(word);
    };
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
