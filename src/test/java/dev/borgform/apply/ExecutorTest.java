package dev.borgform.apply;

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

import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.testing.FakeAccountWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorTest {

  /** Rotate key "web" (id 10 -> new), drop key "old" (11); repo "web" uses both. */
  private static Plan rotationPlan() {
    return new Planner()
        .plan(
            desired(
                List.of(want("web", ED2), want("db", ED3)),
                List.of(
                    repo("web", Region.EU, List.of("web"), null),
                    repo("db", Region.US, List.of("db"), null))),
            account(
                List.of(
                    live("10", "web", ED1),
                    live("11", "old", dev.borgform.testing.TestKeys.ed25519(99, "old"))),
                List.of(
                    liveRepo("aaaa1111", "web", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10", "11")))));
  }

  @Test
  void appliesInDependencyPhasesAndFillsInNewKeyIds() {
    FakeAccountWriter writer = new FakeAccountWriter();
    ApplyReport report = new Executor(writer, 10).apply(rotationPlan(), ApplyListener.NONE);

    assertThat(report.succeeded()).isTrue();
    List<Mutation> sent = writer.all();
    assertThat(sent.stream().map(Mutation::kind))
        .containsExactly(
            Mutation.Kind.ADD_KEY,
            Mutation.Kind.ADD_KEY,
            Mutation.Kind.ADD_REPO,
            Mutation.Kind.EDIT_REPO,
            Mutation.Kind.DELETE_KEY,
            Mutation.Kind.DELETE_KEY);
    // The new "web" key got id 501 (db got 500, sorted by name): the repo edit must use it.
    Mutation.EditRepo edit = (Mutation.EditRepo) sent.get(3);
    assertThat(edit.id()).isEqualTo("aaaa1111");
    assertThat(edit.settings().keys(RepoField.APPEND_ONLY_KEYS).orElseThrow())
        .containsExactly(new KeyRef("web", "501"));
    Mutation.AddRepo add = (Mutation.AddRepo) sent.get(2);
    assertThat(add.settings().keys(RepoField.APPEND_ONLY_KEYS).orElseThrow())
        .containsExactly(new KeyRef("db", "500"));
    assertThat(sent.subList(4, 6))
        .containsExactlyInAnyOrder(new Mutation.DeleteKey("10"), new Mutation.DeleteKey("11"));
  }

  @Test
  void oneBatchPerPhaseWhenTheBatchIsLargeEnough() {
    FakeAccountWriter writer = new FakeAccountWriter();
    new Executor(writer, 50).apply(rotationPlan(), ApplyListener.NONE);
    assertThat(writer.batches).hasSize(3); // add keys; repos; delete keys
  }

  @Test
  void batchSizeOneSendsEveryMutationAlone() {
    FakeAccountWriter writer = new FakeAccountWriter();
    new Executor(writer, 1).apply(rotationPlan(), ApplyListener.NONE);
    assertThat(writer.batches).hasSize(6).allMatch(b -> b.size() == 1);
  }

  @Test
  void stopsAtTheFirstFailureSoNoKeyIsDeletedWhileARepoStillNeedsIt() {
    FakeAccountWriter writer = new FakeAccountWriter();
    writer.answering(
        m -> m instanceof Mutation.EditRepo ? MutationResult.failed("boom") : writer.applied(m));
    List<StepResult> progress = new ArrayList<>();
    ApplyReport report = new Executor(writer, 1).apply(rotationPlan(), progress::add);

    assertThat(report.succeeded()).isFalse();
    assertThat(writer.all()).noneMatch(m -> m instanceof Mutation.DeleteKey);
    assertThat(report.count(StepResult.Status.APPLIED)).isEqualTo(3);
    assertThat(report.count(StepResult.Status.FAILED)).isEqualTo(1);
    assertThat(report.count(StepResult.Status.NOT_ATTEMPTED)).isEqualTo(2);
    StepResult failed =
        report.steps().stream()
            .filter(s -> s.status() == StepResult.Status.FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.address().toString()).isEqualTo("repo.web");
    assertThat(failed.kind()).isEqualTo(Mutation.Kind.EDIT_REPO);
    assertThat(failed.detail()).isEqualTo("boom");
    // The listener heard every mutation that was sent, in order, and nothing that was not.
    assertThat(progress).hasSize(4);
  }

  @Test
  void anUnknownOutcomeStopsTooAndIsReportedAsSuch() {
    FakeAccountWriter writer = new FakeAccountWriter();
    writer.answering(
        m -> m instanceof Mutation.AddRepo ? MutationResult.unknown("timeout") : writer.applied(m));
    ApplyReport report = new Executor(writer, 1).apply(rotationPlan(), ApplyListener.NONE);
    assertThat(report.count(StepResult.Status.UNKNOWN)).isEqualTo(1);
    assertThat(writer.all()).noneMatch(m -> m instanceof Mutation.DeleteKey);
  }

  @Test
  void mutationsTheWriterHeldBackAreNotAttemptedAndStopTheApply() {
    // A batch of two key adds: the first one's answer was lost, the second was never sent.
    FakeAccountWriter writer = new FakeAccountWriter();
    int[] n = {0};
    writer.answering(
        m ->
            n[0]++ == 0
                ? MutationResult.unknown("lost")
                : MutationResult.notSent("not sent: stopped"));
    List<StepResult> progress = new ArrayList<>();
    ApplyReport report = new Executor(writer, 10).apply(rotationPlan(), progress::add);
    assertThat(report.steps().get(0).status()).isEqualTo(StepResult.Status.UNKNOWN);
    assertThat(report.steps().get(1).status()).isEqualTo(StepResult.Status.NOT_ATTEMPTED);
    assertThat(report.steps().get(1).detail()).isEqualTo("not sent: stopped");
    assertThat(report.count(StepResult.Status.FAILED)).as("held back is not a failure").isZero();
    assertThat(writer.batches).hasSize(1);
  }

  @Test
  void aRepoAboutToBeDeletedLetsGoOfDeletedKeysBeforeTheKeyGoes() {
    Plan plan =
        new Planner()
            .plan(
                desired(
                    List.of(),
                    List.of(),
                    new dev.borgform.model.Policy(true, true, List.of(), List.of(), 100)),
                account(
                    List.of(live("11", "old", ED1)),
                    List.of(
                        liveRepo("aaaa1111", "legacy", "eu")
                            .with(RepoField.APPEND_ONLY_KEYS, List.of("11")))));
    FakeAccountWriter writer = new FakeAccountWriter();
    assertThat(new Executor(writer, 10).apply(plan, ApplyListener.NONE).succeeded()).isTrue();
    assertThat(writer.all())
        .containsExactly(
            new Mutation.EditRepo(
                "aaaa1111",
                new dev.borgform.plan.RepoSettings(
                    null, null, Map.of(RepoField.APPEND_ONLY_KEYS, List.of()))),
            new Mutation.DeleteKey("11"),
            new Mutation.DeleteRepo("aaaa1111"));
  }

  @Test
  void anEmptyPlanSendsNothing() {
    FakeAccountWriter writer = new FakeAccountWriter();
    Plan empty = new Planner().plan(desired(List.of(), List.of()), account(List.of(), List.of()));
    ApplyReport report = new Executor(writer, 10).apply(empty, ApplyListener.NONE);
    assertThat(report.steps()).isEmpty();
    assertThat(writer.batches).isEmpty();
  }
}
