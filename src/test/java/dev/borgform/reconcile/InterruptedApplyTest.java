package dev.borgform.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.ApplyListener;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.apply.StepResult;
import dev.borgform.live.AccountReader;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Region;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C between requests, with scripted answers (no HTTP): the batch in flight is finished, then
 * nothing more is sent: no further batch, no re-read to settle an unknown outcome, no recheck.
 */
class InterruptedApplyTest {
  private static final String KEY = TestKeys.ed25519(1, "web@host");

  /** Every mutation succeeds; the interrupt arrives while the {@code at}-th batch is in flight. */
  private static final class Writes implements AccountWriter {
    final List<List<Mutation>> batches = new ArrayList<>();
    final AtomicBoolean interrupted;
    final int at;
    final Function<Mutation, MutationResult> answer;

    Writes(AtomicBoolean interrupted, int at, Function<Mutation, MutationResult> answer) {
      this.interrupted = interrupted;
      this.at = at;
      this.answer = answer;
    }

    @Override
    public List<MutationResult> submit(List<Mutation> batch) {
      batches.add(List.copyOf(batch));
      if (batches.size() == at) interrupted.set(true);
      List<MutationResult> out = new ArrayList<>();
      for (Mutation m : batch) out.add(answer.apply(m));
      return out;
    }
  }

  private static final class Reads implements AccountReader {
    int count;

    @Override
    public LiveState read() {
      count++;
      return new LiveState(List.of(), List.of());
    }
  }

  private static MutationResult ok(Mutation m) {
    if (m instanceof Mutation.AddRepo a) return MutationResult.applied("id-" + a.settings().name());
    if (m instanceof Mutation.AddKey) return MutationResult.applied("1000");
    return MutationResult.applied(null);
  }

  private static DesiredState spec() {
    return Fixtures.desired(
        List.of(Fixtures.want("web", KEY)),
        List.of(
            Fixtures.repo("a", Region.EU, List.of("web"), null),
            Fixtures.repo("b", Region.EU, List.of("web"), null),
            Fixtures.repo("c", Region.EU, List.of("web"), null)));
  }

  private static Plan plan() {
    return new Planner().plan(spec(), new LiveState(List.of(), List.of()));
  }

  private static Reconciler reconciler(Reads reads, Writes writes, AtomicBoolean interrupted) {
    return new Reconciler(
        reads,
        writes,
        new Planner(),
        new Reconciler.Options(
            1, Reconciler.Options.DEFAULT_MAX_ROUNDS, true, new SafetyRules(false, false)),
        interrupted::get);
  }

  @Test
  void theExecutorFinishesTheBatchInFlightAndSendsNoOther() {
    AtomicBoolean interrupted = new AtomicBoolean();
    Writes writes = new Writes(interrupted, 2, InterruptedApplyTest::ok);
    List<StepResult> told = new ArrayList<>();
    ApplyReport report = new Executor(writes, 1, interrupted::get).apply(plan(), told::add);

    assertThat(writes.batches).hasSize(2);
    assertThat(report.steps())
        .extracting(StepResult::status)
        .containsExactly(
            StepResult.Status.APPLIED,
            StepResult.Status.APPLIED,
            StepResult.Status.NOT_ATTEMPTED,
            StepResult.Status.NOT_ATTEMPTED);
    assertThat(told).as("progress only for what was sent").hasSize(2);
  }

  @Test
  void withoutAnInterruptEverythingIsSent() {
    Writes writes = new Writes(new AtomicBoolean(), 0, InterruptedApplyTest::ok);
    ApplyReport report = new Executor(writes, 1, () -> false).apply(plan(), ApplyListener.NONE);
    assertThat(report.succeeded()).isTrue();
    assertThat(writes.batches).hasSize(4);
  }

  @Test
  void anUnknownOutcomeInFlightIsNotSettledByAReadAfterCtrlC() {
    AtomicBoolean interrupted = new AtomicBoolean();
    Writes writes =
        new Writes(
            interrupted,
            2,
            m ->
                m instanceof Mutation.AddRepo a && a.settings().name().equals("a")
                    ? MutationResult.unknown("lost")
                    : ok(m));
    Reads reads = new Reads();
    ReconcileResult r = reconciler(reads, writes, interrupted).apply(spec(), plan(), r2 -> {});

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.INTERRUPTED);
    assertThat(reads.count).as("no read to settle it").isZero();
    assertThat(writes.batches).hasSize(2);
    assertThat(r.rounds()).hasSize(1);
    assertThat(r.hint()).contains("The outcome of 1 change is unknown");
  }

  @Test
  void anInterruptDuringTheLastBatchSkipsTheRecheck() {
    AtomicBoolean interrupted = new AtomicBoolean();
    Writes writes = new Writes(interrupted, 4, InterruptedApplyTest::ok);
    Reads reads = new Reads();
    ReconcileResult r = reconciler(reads, writes, interrupted).apply(spec(), plan(), r2 -> {});

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.INTERRUPTED);
    assertThat(r.rounds().get(0).succeeded()).isTrue();
    assertThat(reads.count).as("repos were created, but the recheck read is not sent").isZero();
  }

  @Test
  void aSavedPlanStopsTheSameWay() {
    AtomicBoolean interrupted = new AtomicBoolean();
    Writes writes = new Writes(interrupted, 1, InterruptedApplyTest::ok);
    ReconcileResult r = reconciler(new Reads(), writes, interrupted).applyExactly(plan(), r2 -> {});
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.INTERRUPTED);
    assertThat(writes.batches).hasSize(1);
    assertThat(r.message())
        .isEqualTo(
            "Apply interrupted (Ctrl-C): the request in flight was finished and nothing more was"
                + " sent.");
  }
}
