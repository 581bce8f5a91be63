package dev.borgform.render;

import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.StepResult;
import java.io.PrintWriter;

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
    long applied = report.count(StepResult.Status.APPLIED);
    long failed = report.count(StepResult.Status.FAILED) + report.count(StepResult.Status.UNKNOWN);
    long skipped = report.count(StepResult.Status.NOT_ATTEMPTED);
    out.println();
    if (report.succeeded()) {
      out.println(style.green("Apply complete!") + " " + applied + " applied, 0 failed, 0 not attempted.");
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
