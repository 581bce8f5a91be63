package dev.borgform.reconcile;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.UnsafePlanException;
import dev.borgform.model.LiveRepo;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanPolicy;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rails as a table: repo deletion needs the spec's pruneRepos and --allow-destroy, a guard that
 * trips needs --force; each refusal is exit 3 with its message and what to do.
 */
class SafetyRulesTest {
  private static final LiveRepo LEGACY = LiveRepo.withDefaults("cccc3333", "legacy", "us");
  private static final LiveRepo KEPT = LiveRepo.withDefaults("dddd4444", "kept", "eu");

  private static Plan plan(boolean pruneRepos, DeletionGuard guard) {
    List<Change> changes = List.of(new RepoDelete(LEGACY));
    return new Plan(
        changes,
        List.of(),
        "sha256:x",
        guard,
        new PlanPolicy(true, pruneRepos, 30, List.of(), List.of(), 1, 1),
        Target.UNBOUND);
  }

  private static DeletionGuard guard(boolean everyRepo) {
    List<LiveRepo> repos = everyRepo ? List.of(LEGACY) : List.of(LEGACY, KEPT);
    return DeletionGuard.of(
        List.of(new RepoDelete(LEGACY)),
        List.of(),
        repos,
        new PlanPolicy(true, true, 30, List.of(), List.of(), 1, 1));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("both locks", plan(true, guard(false)), true, false, null, null),
        Arguments.of(
            "no pruneRepos in the spec, --allow-destroy given",
            plan(false, guard(false)),
            true,
            true,
            "The plan deletes 1 repo, but the spec it was made from does not set"
                + " policy.pruneRepos: true; refusing, with or without --allow-destroy.",
            "Nothing was changed. Deleting a repo needs both locks: set policy.pruneRepos: true in"
                + " the spec, make and review a new plan, then apply it with --allow-destroy."),
        Arguments.of(
            "pruneRepos, no --allow-destroy",
            plan(true, guard(false)),
            false,
            false,
            "The plan deletes 1 repo and every backup in them; refusing without --allow-destroy.",
            "Review the repos marked DESTROYS BACKUPS. If they must go, run apply again with"
                + " --allow-destroy; to keep them, set policy.pruneRepos: false."),
        Arguments.of(
            "both locks, but it is the account's only repo",
            plan(true, guard(true)),
            true,
            false,
            "Too many deletions: every live repo goes (all 1); review the plan, then pass --force",
            "Nothing was changed. If these deletions are meant, run apply again with --force."
                + " Deleting every key or every repo, or applying a spec that declares nothing,"
                + " needs --force at any account size."),
        Arguments.of("both locks and --force", plan(true, guard(true)), true, true, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRails(
      String name, Plan plan, boolean allowDestroy, boolean force, String message, String hint) {
    SafetyRules rules = new SafetyRules(allowDestroy, force);
    if (message == null) {
      assertThatCode(() -> rules.check(plan, "run apply again")).doesNotThrowAnyException();
      return;
    }
    assertThatThrownBy(() -> rules.check(plan, "run apply again"))
        .isInstanceOfSatisfying(
            UnsafePlanException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
              org.assertj.core.api.Assertions.assertThat(e.hint()).isEqualTo(hint);
              org.assertj.core.api.Assertions.assertThat(e.exitCode()).isEqualTo(ExitCodes.UNSAFE);
            });
  }
}
