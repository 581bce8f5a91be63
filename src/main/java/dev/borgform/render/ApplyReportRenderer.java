package dev.borgform.render;

import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.StepResult;
import java.io.PrintWriter;
import java.util.List;

/** Apply progress, one line per mutation as it completes, then the closing report. */
public final class ApplyReportRenderer {
  private final Style style;

  public ApplyReportRenderer(Style style) {
    this.style = style;
  }

  public void progress(StepResult r, PrintWriter out) {
    String line = r.address() + ": " + r.verb();
    switch (r.status()) {
      case APPLIED -> line += " " + style.green("done") + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")");
      case FAILED -> line += " " + style.red("FAILED") + ": " + r.detail();
      case UNKNOWN -> line += " " + style.yellow("OUTCOME UNKNOWN") + ": " + r.detail();
      case NOT_ATTEMPTED -> line += " not attempted";
    }
    out.println(line);
    out.flush();
  }

  public void summary(ApplyReport report, PrintWriter out) {
    summary(List.of(report), report.succeeded(), out);
  }

  /**
   * The closing report of an apply that ran in rounds (later rounds settle unknown outcomes from
   * a fresh read): applied counts every round; failed and not attempted are the last round's,
   * since what an earlier round left open was settled by the next.
   */
  public void summary(List<ApplyReport> rounds, boolean done, PrintWriter out) {
    long applied = 0;
    long unknownSettled = 0;
    for (ApplyReport r : rounds) {
      applied += r.count(StepResult.Status.APPLIED);
      unknownSettled += r.count(StepResult.Status.UNKNOWN);
    }
    ApplyReport report = rounds.get(rounds.size() - 1);
    long failed = report.count(StepResult.Status.FAILED) + report.count(StepResult.Status.UNKNOWN);
    long skipped = report.count(StepResult.Status.NOT_ATTEMPTED);
    out.println();
    if (done) {
      out.println(
          style.green("Apply complete!") + " " + applied + " applied, 0 failed, 0 not attempted"
              + (unknownSettled == 0
                  ? "."
                  : "; " + unknownSettled + (unknownSettled == 1 ? " unknown outcome" : " unknown outcomes")
                      + " settled by reading the account again."));
    } else {
      out.println(
          style.red("Apply failed.") + " " + applied + " applied, " + failed + " failed, " + skipped
              + " not attempted.");
      for (StepResult r : report.steps()) {
        if (r.status() == StepResult.Status.NOT_ATTEMPTED) {
          out.println("  not attempted: " + r.address() + " " + r.verb());
        }
      }
    }
    out.flush();
  }
}
