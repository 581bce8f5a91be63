package dev.borgform.render;

import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.StepResult;
import dev.borgform.diag.Printable;
import dev.borgform.plan.Action;
import dev.borgform.plan.Change;
import dev.borgform.plan.Plan;
import java.io.PrintWriter;
import java.util.List;

/**
 * What apply says while it runs: a note before it starts, one line per mutation as it completes,
 * the rounds that settle unknown outcomes, then the closing report.
 */
public final class ApplyReportRenderer {
  private final Style style;

  public ApplyReportRenderer(Style style) {
    this.style = style;
  }

  public void progress(StepResult r, PrintWriter out) {
    progress(r, 0, 0, out);
  }

  /**
   * One finished mutation, with its place among the round's mutations ({@code [120/301]}) when
   * {@code total} is known (more than 0): on a long apply the reader sees how far it is.
   */
  public void progress(StepResult r, int n, int total, PrintWriter out) {
    // The address holds a name and the detail the server's words: both may come from outside.
    String counter = total > 0 && n <= total ? "[" + n + "/" + total + "] " : "";
    String line = counter + Printable.of(r.address().toString()) + ": " + r.verb();
    String detail = Printable.of(r.detail());
    switch (r.status()) {
      case APPLIED ->
          line += " " + style.green("done") + (detail.isEmpty() ? "" : " (" + detail + ")");
      case FAILED -> line += " " + style.red("FAILED") + ": " + detail;
      case UNKNOWN -> line += " " + style.yellow("OUTCOME UNKNOWN") + ": " + detail;
      case NOT_ATTEMPTED -> line += " not attempted";
    }
    out.println(line);
    out.flush();
  }

  /**
   * BorgBase's Create Only tokens may add keys and repos but not change or delete them; a plan that
   * does is applied up to its first such change, then fails. Said before anything is sent, so a
   * user with such a token can stop in time (the failure names the level again). Only where the
   * level could not be learned: a Create Only token is refused before this, and a token known to
   * read more (or the sandbox's own) makes the note moot.
   */
  public void tokenLevelNote(Plan plan, PrintWriter out) {
    boolean onlyAdds = true;
    for (Change c : plan.changes()) {
      if (c.action() != Action.CREATE) onlyAdds = false;
    }
    if (!onlyAdds) {
      out.println();
      out.println(
          "Note: this plan changes or deletes existing keys or repos, which needs a Full Access"
              + " token (a Create Only token can only add).");
    }
  }

  /**
   * {@code apply --partial} with a Create Only token: the changes left out, before anything is
   * sent, so the confirmation and the log show exactly what this run will not do.
   */
  public void skippedForLevel(List<Change> skipped, String level, PrintWriter out) {
    out.println();
    out.println(
        style.yellow("Skipped")
            + " (--partial: a "
            + level
            + " token may only add keys and repos; "
            + skipped.size()
            + (skipped.size() == 1 ? " change needs" : " changes need")
            + " a Full Access token):");
    for (Change c : skipped) {
      out.println(
          "  "
              + c.action().symbol()
              + " "
              + Printable.of(c.address().toString())
              + (c.action() == Action.CREATE ? " (uses a key that is only replaced)" : ""));
    }
    out.flush();
  }

  /**
   * On a terminal, while a request's answer is awaited: the apply is alive, and how long it has
   * waited (Terraform's "Still creating... [10s elapsed]").
   */
  public void heartbeat(java.time.Duration elapsed, int mutations, PrintWriter out) {
    out.println(
        style.dim(
            "still applying… "
                + elapsed.toSeconds()
                + "s elapsed (waiting for the answer to "
                + mutations
                + (mutations == 1 ? " change)" : " changes)")));
    out.flush();
  }

  /** A round ended with unknown outcomes; the account is read again before anything else. */
  public void replanning(int round, int maxRounds, int unknown, PrintWriter out) {
    out.println();
    out.println(
        style.yellow(
                unknown == 1
                    ? "The outcome of 1 change is unknown"
                    : "The outcomes of " + unknown + " changes are unknown")
            + "; nothing is sent again blindly. Reading the account again to see what is"
            + " left (round "
            + round
            + " of "
            + maxRounds
            + ").");
    out.flush();
  }

  /** What is left after the fresh read: nothing, or the plan the next round runs. */
  public void replanned(Plan left, PrintWriter out) {
    if (left.isEmpty()) {
      out.println("Nothing is left to do: the unknown changes had been made.");
    } else {
      new TextPlanRenderer(style).render(left, out);
      out.println();
    }
    out.flush();
  }

  /** The confirming read after an apply that created repos or keys. */
  public void rechecking(PrintWriter out) {
    out.println();
    out.println(
        "Reading the account once more to look for repos and keys another apply created at the"
            + " same time.");
    out.flush();
  }

  /** This run's repos won a same-second tie with another apply's; it waits for that apply. */
  public void waitingForTwins(int repos, PrintWriter out) {
    out.println(
        repos == 1
            ? "Another apply created the same repo in the same second; waiting a few seconds for it"
                + " to delete its copy."
            : "Another apply created "
                + repos
                + " of the same repos in the same second; waiting a few seconds for it to delete"
                + " its copies.");
    out.flush();
  }

  /** The first Ctrl-C during apply: said at once, on stderr, while the request in flight ends. */
  public void interruptReceived(PrintWriter err) {
    err.println();
    err.println(
        style.yellow("Interrupted:")
            + " finishing the request in flight, then stopping; nothing more will be sent."
            + " Press Ctrl-C again to stop at once (the outcome of the request in flight is then"
            + " unknown).");
    err.flush();
  }

  /** The second Ctrl-C: the process ends right after this. */
  public void interruptedAgain(PrintWriter err) {
    err.println();
    err.println(
        style.red("Interrupted again: stopping at once.")
            + " The outcome of the request in flight is unknown. Run `borgform plan` to see the"
            + " account as it is now, then apply again.");
    err.flush();
  }

  /**
   * The closing report of an apply stopped by Ctrl-C: applied counts every round; unknown and not
   * attempted are the last round's, and every change not attempted is listed.
   */
  public void interruptedSummary(List<ApplyReport> rounds, PrintWriter out) {
    long applied = 0;
    for (ApplyReport r : rounds) applied += r.count(StepResult.Status.APPLIED);
    ApplyReport report = rounds.get(rounds.size() - 1);
    long failed = report.count(StepResult.Status.FAILED);
    long unknown = report.count(StepResult.Status.UNKNOWN);
    long skipped = report.count(StepResult.Status.NOT_ATTEMPTED);
    out.println();
    out.println(
        style.yellow("Apply interrupted.")
            + " "
            + applied
            + " applied, "
            + (failed == 0 ? "" : failed + " failed, ")
            + unknown
            + (unknown == 1 ? " outcome" : " outcomes")
            + " unknown, "
            + skipped
            + " not attempted.");
    for (StepResult r : report.steps()) {
      if (r.status() == StepResult.Status.UNKNOWN) {
        out.println("  outcome unknown: " + r.address() + " " + r.verb());
      }
    }
    for (StepResult r : report.steps()) {
      if (r.status() == StepResult.Status.NOT_ATTEMPTED) {
        out.println("  not attempted: " + r.address() + " " + r.verb());
      }
    }
    out.flush();
  }

  public void summary(ApplyReport report, PrintWriter out) {
    summary(List.of(report), report.succeeded(), out);
  }

  /**
   * The closing report of an apply that ran in rounds (later rounds settle unknown outcomes from a
   * fresh read): applied counts every round; failed and not attempted are the last round's, since
   * what an earlier round left open was settled by the next.
   */
  public void summary(List<ApplyReport> rounds, boolean done, PrintWriter out) {
    summary(rounds, done, 0, "", out);
  }

  /**
   * As {@link #summary(List, boolean, PrintWriter)}, for a run that left out {@code skipped}
   * changes its token's {@code level} may not make ({@code apply --partial}). Such a run did all it
   * was given yet not all the plan holds, so it never reads "Apply complete!": as Terraform's
   * summary counts what was done, this one says it was partial and counts what was skipped.
   */
  public void summary(
      List<ApplyReport> rounds, boolean done, int skipped, String level, PrintWriter out) {
    long applied = 0;
    long unknownSettled = 0;
    for (ApplyReport r : rounds) {
      applied += r.count(StepResult.Status.APPLIED);
      unknownSettled += r.count(StepResult.Status.UNKNOWN);
    }
    ApplyReport report = rounds.get(rounds.size() - 1);
    // An unknown outcome is no failure: the change may well be in the account.
    long failed = report.count(StepResult.Status.FAILED);
    long unknown = report.count(StepResult.Status.UNKNOWN);
    long notAttempted = report.count(StepResult.Status.NOT_ATTEMPTED);
    String skippedNote =
        skipped == 0
            ? ""
            : "; "
                + skipped
                + (skipped == 1 ? " change" : " changes")
                + " skipped that a "
                + level
                + " token may not make";
    out.println();
    if (done) {
      out.println(
          (skipped == 0 ? style.green("Apply complete!") : style.yellow("Apply partial:"))
              + " "
              + applied
              + " applied, 0 failed, 0 not attempted"
              + (unknownSettled == 0
                  ? ""
                  : "; "
                      + unknownSettled
                      + (unknownSettled == 1 ? " unknown outcome" : " unknown outcomes")
                      + " settled by reading the account again")
              + (skipped == 0 ? "." : skippedNote + " (listed above)."));
    } else {
      out.println(
          style.red("Apply failed.")
              + " "
              + applied
              + " applied, "
              + failed
              + " failed, "
              + (unknown == 0
                  ? ""
                  : unknown + (unknown == 1 ? " outcome" : " outcomes") + " unknown, ")
              + notAttempted
              + " not attempted"
              + skippedNote
              + ".");
      for (StepResult r : report.steps()) {
        if (r.status() == StepResult.Status.NOT_ATTEMPTED) {
          out.println("  not attempted: " + Printable.of(r.address().toString()) + " " + r.verb());
        }
      }
    }
    out.flush();
  }
}
