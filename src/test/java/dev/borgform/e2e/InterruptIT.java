package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.cli.Interrupts;
import dev.borgform.cli.Terminal;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.FakeInterrupts;
import dev.borgform.testing.FaultScenario;
import dev.borgform.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during apply, in-process with a fake interrupt: the request in flight finishes, nothing
 * more is sent (no next batch, no re-read), the report says what was done, what is unknown and what
 * was not attempted, and the exit code is 130. The next apply finishes the job.
 */
class InterruptIT {
  @TempDir Path dir;
  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();
  private Map<String, String> env;
  private FaultScenario.Before before;
  private Path spec;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @BeforeEach
  void start() throws Exception {
    env =
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
    spec = FaultScenario.writeSpec(dir);
    before = FaultScenario.seed(emulator.server());
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * Applies with batch size 1; {@code times} interrupts are sent while the second repoAdd (request
   * 7: the read, the token-level query the plan's edits need, three sshAdd, two repoAdd) is in
   * flight, held there by a delay fault.
   */
  private Result applyInterruptedAtSecondRepoAdd(
      FakeInterrupts interrupts, int times, String... extra) throws Exception {
    Future<?> trigger =
        pool.submit(
            () -> {
              while (emulator.stats().requests() < 7) Thread.sleep(5);
              for (int i = 0; i < times; i++) interrupts.interrupt();
              return null;
            });
    List<String> args =
        new ArrayList<>(
            List.of(
                "apply",
                "-f",
                spec.toString(),
                "--auto-approve",
                "--allow-destroy",
                "--batch-size=1",
                "--no-color"));
    args.addAll(List.of(extra));
    Result r = CliRun.run(env, Terminal.none(), interrupts, args.toArray(String[]::new));
    trigger.get();
    return r;
  }

  private static String afterThePlan(String out) {
    return out.substring(out.indexOf("[1/15] key.new-1: create"));
  }

  @Test
  void theFirstCtrlCFinishesTheRequestInFlightSendsNothingMoreAndReports() throws Exception {
    emulator.addFault(FaultRule.parse("repoAdd:delay=700ms@2"));
    FakeInterrupts interrupts = new FakeInterrupts();
    Result r = applyInterruptedAtSecondRepoAdd(interrupts, 1);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
    Golden.check("apply/interrupted.out.txt", afterThePlan(r.out()));
    Golden.check("apply/interrupted.err.txt", r.err());
    // The request in flight ran; nothing after it was sent: no repoAdd #3, no edit, no read.
    assertThat(emulator.stats().field("repoAdd")).isEqualTo(2);
    assertThat(emulator.stats().field("repoEdit")).isZero();
    assertThat(emulator.stats().requests()).isEqualTo(7);
    assertThat(interrupts.stoppedAtOnce()).isFalse();
    assertThat(interrupts.deferring()).as("the scope is closed after the apply").isFalse();

    emulator.clearFaults();
    Result next =
        CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve", "--allow-destroy");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).contains("Apply complete! 10 applied, 0 failed, 0 not attempted.");
    assertThat(FaultScenario.problems(emulator.server(), before)).isEmpty();
  }

  @Test
  void anInterruptedRequestWhoseOutcomeIsUnknownIsReportedSoAndNotReplanned() throws Exception {
    emulator.addFault(FaultRule.parse("repoAdd:hang@2"));
    FakeInterrupts interrupts = new FakeInterrupts();
    Result r = applyInterruptedAtSecondRepoAdd(interrupts, 1, "--timeout=1500ms");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
    assertThat(r.out())
        .contains("repo.add-2: create OUTCOME UNKNOWN: no complete answer from BorgBase (")
        .doesNotContain("Reading the account again")
        .contains("Apply interrupted. 4 applied, 1 outcome unknown, 10 not attempted.\n")
        .contains("  outcome unknown: repo.add-2 create\n");
    assertThat(r.err())
        .contains(
            "Error: Apply interrupted (Ctrl-C): the request in flight was finished and nothing"
                + " more was sent.\n"
                + "  Everything shown as done is in the account. The outcome of 1 change is"
                + " unknown; the next plan shows whether it was made. Run `borgform plan` to see"
                + " what is left, then apply again.\n");
    assertThat(emulator.stats().requests()).isEqualTo(7);

    emulator.clearFaults();
    Result next =
        CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve", "--allow-destroy");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    // The hung repoAdd had committed: the next plan found add-2 and made only what was left.
    assertThat(emulator.stats().field("repoAdd")).isEqualTo(3);
    assertThat(FaultScenario.problems(emulator.server(), before)).isEmpty();
  }

  @Test
  void aSecondCtrlCStopsAtOnceAndSaysTheRequestInFlightIsUnknown() throws Exception {
    emulator.addFault(FaultRule.parse("repoAdd:delay=700ms@2"));
    FakeInterrupts interrupts = new FakeInterrupts();
    Result r = applyInterruptedAtSecondRepoAdd(interrupts, 2);
    assertThat(interrupts.stoppedAtOnce()).isTrue();
    assertThat(r.err())
        .contains(
            "Interrupted again: stopping at once. The outcome of the request in flight is"
                + " unknown. Run `borgform plan` to see the account as it is now, then apply"
                + " again.");
  }

  @Test
  void onlyTheApplyItselfDefersCtrlC() throws Exception {
    FakeInterrupts interrupts = new FakeInterrupts();
    Result plan = CliRun.run(env, Terminal.none(), interrupts, "plan", "-f", spec.toString());
    assertThat(plan.exitCode()).isZero();
    assertThat(interrupts.scopes()).isZero();
    Result apply =
        CliRun.run(
            env,
            Terminal.none(),
            interrupts,
            "apply",
            "-f",
            spec.toString(),
            "--auto-approve",
            "--allow-destroy");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(interrupts.scopes()).isEqualTo(1);
    assertThat(interrupts.deferring()).isFalse();
    // Ctrl-C now, with no apply running, ends the process as it always did.
    interrupts.interrupt();
    assertThat(interrupts.stoppedAtOnce()).isTrue();
    assertThat(Interrupts.EXIT_CODE).isEqualTo(130);
  }
}
