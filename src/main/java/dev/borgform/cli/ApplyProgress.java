package dev.borgform.cli;

import dev.borgform.apply.StepResult;
import dev.borgform.plan.Plan;
import dev.borgform.reconcile.ReconcileListener;
import dev.borgform.render.ApplyReportRenderer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What apply prints while it runs: each finished mutation with a counter ({@code [120/301]}) of its
 * round, the rounds that settle unknown outcomes, and, while a request's answer is awaited, a
 * heartbeat every {@link Heartbeat#PERIOD} (on a terminal only: a CI log gets no noise).
 */
final class ApplyProgress implements ReconcileListener {
  private final ApplyReportRenderer reports;
  private final PrintWriter out;
  private final Heartbeat heartbeat;
  private int total;
  private int done;
  private Heartbeat.@Nullable Cancellable beating;

  ApplyProgress(ApplyReportRenderer reports, PrintWriter out, Heartbeat heartbeat) {
    this.reports = reports;
    this.out = out;
    this.heartbeat = heartbeat;
  }

  @Override
  public synchronized void started(int steps) {
    total = steps;
    done = 0;
  }

  @Override
  public synchronized void stepFinished(StepResult r) {
    done++;
    reports.progress(r, done, total, out);
  }

  @Override
  public synchronized void sending(int mutations) {
    long since = heartbeat.nanos();
    stopBeating();
    beating =
        heartbeat.every(
            Heartbeat.PERIOD,
            () -> {
              synchronized (this) {
                if (beating == null) return; // the answer came as the timer fired
                Duration elapsed = Duration.ofNanos(heartbeat.nanos() - since);
                reports.heartbeat(elapsed, mutations, out);
              }
            });
  }

  @Override
  public synchronized void answered() {
    stopBeating();
  }

  private void stopBeating() {
    if (beating != null) beating.cancel();
    beating = null;
  }

  @Override
  public synchronized void replanning(int round, int maxRounds, List<StepResult> unknown) {
    reports.replanning(round, maxRounds, unknown.size(), out);
  }

  @Override
  public synchronized void replanned(int round, Plan left) {
    reports.replanned(left, out);
  }

  @Override
  public synchronized void rechecking() {
    // Steps the recheck reports (a twin deleted) are counted apart from the round's.
    total = 0;
    reports.rechecking(out);
  }

  @Override
  public synchronized void waitingForTwins(int repos) {
    reports.waitingForTwins(repos, out);
  }
}
