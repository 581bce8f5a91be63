package dev.borgform.cli;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static dev.borgform.testing.TestKeys.ED1;
import static dev.borgform.testing.TestKeys.ED2;
import static dev.borgform.testing.TestKeys.ED3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.render.ApplyReportRenderer;
import dev.borgform.render.Style;
import dev.borgform.testing.Golden;
import dev.borgform.testing.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Apply's progress lines through the real {@link Executor}: a counter per result, a heartbeat while
 * a batch waits (on a clock and timer the test drives, never on real time), unknown outcomes
 * counted apart from failures in the one summary line. Against golden/apply/progress*.txt.
 */
class ApplyProgressTest {

  /** A clock the test moves and a timer whose ticks the test fires. */
  static final class FakeHeartbeat implements Heartbeat {
    long nanos;
    final List<Runnable> active = new ArrayList<>();
    final List<Duration> periods = new ArrayList<>();

    @Override
    public long nanos() {
      return nanos;
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
      active.add(task);
      periods.add(period);
      return () -> active.remove(task);
    }

    /** Time passes while the request is out; each whole period fires the timer. */
    void wait(Duration d) {
      long periods = d.toNanos() / Heartbeat.PERIOD.toNanos();
      long start = nanos;
      for (long i = 1; i <= periods; i++) {
        nanos = start + i * Heartbeat.PERIOD.toNanos();
        for (Runnable r : List.copyOf(active)) r.run();
      }
      nanos = start + d.toNanos();
    }

    @Override
    public void close() {}
  }

  /** Rotate key "web", drop "old", add repo "db" and its key: 6 mutations in 4 phases. */
  private static Plan plan() {
    return new Planner()
        .plan(
            desired(
                List.of(want("web", ED2), want("db", ED3)),
                List.of(
                    repo("web", Region.EU, List.of("web"), null),
                    repo("db", Region.US, List.of("db"), null))),
            account(
                List.of(live("10", "web", ED1), live("11", "old", TestKeys.ed25519(99, "old"))),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10", "11")))));
  }

  /**
   * Answers each batch after a wait: the second batch takes 25 s; in the last one, the first key
   * deletion's answer is lost (unknown outcome).
   */
  private static AccountWriter writer(FakeHeartbeat clock) {
    return new AccountWriter() {
      int batch;
      int id = 500;

      @Override
      public List<MutationResult> submit(List<Mutation> mutations) {
        batch++;
        clock.wait(batch == 2 ? Duration.ofSeconds(25) : Duration.ofMillis(300));
        List<MutationResult> out = new ArrayList<>();
        for (Mutation m : mutations) {
          if (m instanceof Mutation.DeleteKey) {
            out.add(MutationResult.unknown("the connection was lost before the answer"));
          } else {
            out.add(MutationResult.applied(m instanceof Mutation.AddKey ? "" + id++ : null));
          }
        }
        return out;
      }
    };
  }

  private static String run(Heartbeat heartbeat, FakeHeartbeat clock) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    ApplyReportRenderer reports = new ApplyReportRenderer(Style.plain());
    ApplyReport report =
        new Executor(writer(clock), 2).apply(plan(), new ApplyProgress(reports, out, heartbeat));
    reports.summary(List.of(report), report.succeeded(), out);
    out.flush();
    return text.toString();
  }

  @Test
  void onATerminalAWaitingBatchHasAHeartbeat() {
    FakeHeartbeat clock = new FakeHeartbeat();
    String out = run(clock, clock);
    Golden.check("apply/progress.txt", out);
    assertThat(out)
        .contains("[1/6] ")
        .contains("still applying… 10s elapsed")
        .contains("still applying… 20s elapsed")
        .doesNotContain("30s elapsed")
        .contains("2 outcomes unknown")
        .contains("0 failed");
    assertThat(clock.periods).allMatch(Heartbeat.PERIOD::equals);
    assertThat(clock.active).as("no timer left running after the answers").isEmpty();
  }

  @Test
  void inACiLogThereIsNoHeartbeat() {
    FakeHeartbeat clock = new FakeHeartbeat();
    String out = run(Heartbeat.none(), clock);
    Golden.check("apply/progress-ci.txt", out);
    assertThat(out).doesNotContain("still applying");
    assertThat(out.lines().filter(l -> l.startsWith("Apply "))).hasSize(1);
  }

  @Test
  void aTickAfterTheAnswerPrintsNothing() {
    FakeHeartbeat clock = new FakeHeartbeat();
    StringWriter text = new StringWriter();
    ApplyProgress progress =
        new ApplyProgress(
            new ApplyReportRenderer(Style.plain()), new PrintWriter(text, true), clock);
    progress.sending(3);
    Runnable tick = clock.active.get(0);
    progress.answered();
    clock.nanos = Duration.ofSeconds(10).toNanos();
    tick.run(); // the timer fired just as the answer came
    assertThat(text.toString()).isEmpty();
  }

  @Test
  void theSystemTimerRunsOnADaemonThreadAndStops() throws Exception {
    try (Heartbeat h = Heartbeat.system()) {
      java.util.concurrent.CountDownLatch ticked = new java.util.concurrent.CountDownLatch(1);
      boolean[] daemon = new boolean[1];
      Heartbeat.Cancellable c =
          h.every(
              Duration.ofMillis(1),
              () -> {
                daemon[0] = Thread.currentThread().isDaemon();
                ticked.countDown();
              });
      assertThat(ticked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      c.cancel();
      assertThat(daemon[0]).isTrue();
    }
  }
}
