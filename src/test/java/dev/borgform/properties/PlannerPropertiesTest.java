package dev.borgform.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.api.Endpoint;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanIntegrity;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.Target;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planner.Exporter;
import dev.borgform.planner.Planner;
import dev.borgform.render.ReasonText;
import dev.borgform.spec.SpecLoader;
import dev.borgform.spec.SpecWriter;
import dev.borgform.testing.PlanDump;
import dev.borgform.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Laws of the pure planner over generated accounts and specs (testing/Scenarios), one seed per case
 * so a failure names the seed that reproduces it. The laws that need a real apply run against the
 * emulator in e2e/PlanPropertiesIT.
 */
class PlannerPropertiesTest {
  private final Planner planner = new Planner();
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void thePlanIsTheSameForShuffledInputs(long seed) {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    DesiredState desired = Scenarios.spec(r, live);
    Plan plan = planner.plan(desired, live);
    for (int i = 0; i < 3; i++) {
      DesiredState d =
          new DesiredState(
              shuffled(desired.keys(), r), shuffled(desired.repos(), r), desired.policy());
      LiveState l = new LiveState(shuffled(live.keys(), r), shuffled(live.repos(), r));
      assertThat(planner.plan(d, l)).as("seed %d", seed).isEqualTo(plan);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noPlanDeletesARepoUnlessThePolicyPrunesReposAndEachDeleteIsMarked(long seed) {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    DesiredState desired = Scenarios.spec(r, live);
    Plan plan = planner.plan(desired, live);
    for (Change c : plan.changes()) {
      if (c instanceof RepoDelete) {
        assertThat(desired.policy().pruneRepos())
            .as("seed %d: %s", seed, PlanDump.of(plan))
            .isTrue();
        assertThat(c.destroysBackups()).isTrue();
        if (!desired.policy().ignoreRepos().isEmpty()) {
          assertThat(c.address().name())
              .as("ignored repos are never deleted")
              .doesNotStartWith("manual-");
        }
      }
    }
    assertThat(plan.destroysBackups())
        .isEqualTo(plan.changes().stream().anyMatch(c -> c instanceof RepoDelete));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aSavedPlanReadsBackAsTheSamePlan(long seed) {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    Plan plan =
        planner.plan(Scenarios.spec(r, live), live).withTarget(Target.endpoint(Endpoint.DEFAULT));
    PlanCodec codec = new PlanCodec(ReasonText.WORDS);
    Plan read = codec.read(codec.write(plan));
    // The deletion guard alone is never read from a file; apply recomputes it.
    assertThat(read).as("seed %d", seed).isEqualTo(plan.withDeletionGuard(DeletionGuard.none()));
    assertThat(codec.hash(read)).isEqualTo(codec.hash(plan));
    assertThat(
            read.withDeletionGuard(
                DeletionGuard.of(read.changes(), live.keys(), live.repos(), read.policy())))
        .as("the guard recomputed from the file and the account is the planner's")
        .isEqualTo(plan);
  }

  /**
   * The checks apply makes on a saved plan never refuse one the planner made: every problem they
   * report means a file borgform did not write as it is.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyPlanThePlannerMakesPassesTheSavedPlanChecks(long seed) {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    Plan plan = planner.plan(Scenarios.spec(r, live), live);
    assertThat(PlanIntegrity.againstLive(plan, live.keys(), live.repos()))
        .as("seed %d: %s", seed, PlanDump.of(plan))
        .isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aWrittenSpecLoadsBackToTheSamePlan(long seed) throws Exception {
    Random r = new Random(seed);
    LiveState live = Scenarios.account(r);
    DesiredState desired = Scenarios.spec(r, live);
    Path file =
        Files.writeString(
            dir.resolve("spec.yaml"), new SpecWriter().write(desired, List.of("generated")));
    DesiredState loaded = new SpecLoader(Map.of()).load(file, "spec.yaml");
    assertThat(planner.plan(loaded, live))
        .as("seed %d", seed)
        .isEqualTo(planner.plan(desired, live));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anExportedAccountPlansToNoChanges(long seed) throws Exception {
    LiveState live = Scenarios.account(new Random(seed));
    Exporter.Export export = new Exporter().export(live);
    Path file =
        Files.writeString(
            dir.resolve("export.yaml"), new SpecWriter().write(export.desired(), List.of()));
    DesiredState loaded = new SpecLoader(Map.of()).load(file, "export.yaml");
    Plan plan = planner.plan(loaded, live);
    assertThat(PlanDump.of(plan).lines().filter(l -> !l.startsWith("!")).toList())
        .as("seed %d", seed)
        .isEmpty();
  }

  private static <T> List<T> shuffled(List<T> in, Random r) {
    List<T> copy = new ArrayList<>(in);
    Collections.shuffle(copy, r);
    return copy;
  }
}
