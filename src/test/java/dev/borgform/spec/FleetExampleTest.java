package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * examples/fleet.yaml, written with {@code defaults:}, against the same fleet written out repo by
 * repo: it is at most a third as long, and the two plan alike, through the CLI against the
 * emulator, on an empty account and on one where the fleet exists and drifted.
 */
class FleetExampleTest {
  static final Path FLEET = Path.of("examples/fleet.yaml");
  static final Path EXPANDED = Path.of("src/test/resources/examples/fleet-expanded.yaml");

  @Test
  void theFleetWithDefaultsIsAtMostAThirdOfTheLinesOfTheExpandedForm() throws IOException {
    long withDefaults = Files.readAllLines(FLEET).size();
    long expanded = Files.readAllLines(EXPANDED).size();
    assertThat(withDefaults * 3)
        .as(withDefaults + " lines against " + expanded)
        .isLessThanOrEqualTo(expanded);
  }

  @Test
  void bothFormsLoadToTheSameKeysAndRepoValues() {
    SpecLoader loader = new SpecLoader(Map.of());
    var a = loader.load(FLEET, "fleet");
    var b = loader.load(EXPANDED, "fleet");
    assertThat(a.keys()).hasSize(21);
    assertThat(a.repos()).hasSize(20);
    // Positions differ by design; the plans below compare everything else.
    assertThat(a.repos().stream().map(r -> r.name() + r.region() + r.values()))
        .containsExactlyElementsOf(
            b.repos().stream().map(r -> r.name() + r.region() + r.values()).toList());
  }

  @Test
  void bothFormsPlanAlikeOnAnEmptyAccountAndOnADriftedOne() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
              "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
      String empty = samePlan(env);
      assertThat(empty).contains("+ repo.db-03").contains("Plan: 41 to add");

      Result apply = CliRun.run(env, "apply", "-f", EXPANDED.toString(), "--auto-approve");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      // Drift made behind borgform's back: a quota and a compaction hour from the defaults, a
      // key list of one repo.
      GraphQl api = GraphQl.of(emulator);
      String web01 = idOf(api, "web-01");
      String db02 = idOf(api, "db-02");
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, quota: 1000, quotaEnabled: true,"
              + " compactionHour: 9, fullAccessKeys: []) { repoEdited { id } } }",
          Map.of("id", web01));
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, compactionHour: 20) { repoEdited { id } } }",
          Map.of("id", db02));
      String drifted = samePlan(env);
      assertThat(drifted)
          .contains("~ repo.web-01")
          .contains("~ repo.db-02")
          .doesNotContain("+ repo.");
    }
  }

  /** The plan of both forms, the same text; returned for further checks. */
  private static String samePlan(Map<String, String> env) {
    Result a = CliRun.run(env, "plan", "--no-color", "-f", FLEET.toString());
    Result b = CliRun.run(env, "plan", "--no-color", "-f", EXPANDED.toString());
    assertThat(a.exitCode()).as(a.toString()).isZero();
    assertThat(b.exitCode()).as(b.toString()).isZero();
    assertThat(a.out()).isEqualTo(b.out());
    assertThat(a.err()).isEqualTo(b.err());
    return a.out();
  }

  private static String idOf(GraphQl api, String name) {
    for (var r : api.data("{ repoList { id name } }", Map.of()).get("repoList")) {
      if (r.get("name").asText().equals(name)) return r.get("id").asText();
    }
    throw new AssertionError("no repo " + name);
  }
}
