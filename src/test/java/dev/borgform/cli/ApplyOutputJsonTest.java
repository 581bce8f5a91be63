package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --output json} through the CLI against the emulator (seeded, so ids are stable):
 * standard output is exactly one JSON document (its golden), with each change's outcome and the
 * spec's objects after apply as the API returns them; the human lines go to stderr; a failed apply
 * still writes its document, and a saved plan says why it has no outputs.
 */
class ApplyOutputJsonTest {
  @TempDir Path dir;
  private Path spec;

  @BeforeEach
  void copyTheExample() throws Exception {
    spec = dir.resolve("borgbase.yaml");
    Files.copy(Path.of("examples/borgbase.yaml"), spec);
    Files.createDirectories(dir.resolve("keys"));
    Files.copy(Path.of("examples/keys/ci.pub"), dir.resolve("keys/ci.pub"));
  }

  private static Result run(EmulatorServer emulator, String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS)),
        args);
  }

  @Test
  void anApplyWritesOneDocumentWithEveryOutcomeAndTheRepoPathsTheApiReturns() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory().withSeed(7))) {
      Result r =
          run(emulator, "apply", "-f", spec.toString(), "--auto-approve", "--output", "json");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.err()).contains("Plan: 7 to add").contains("Apply complete! 7 applied");
      Golden.check("apply/output-json-created.json", r.out());
      JsonNode doc = GraphQl.JSON.readTree(r.out());
      assertThat(doc.get("status").asText()).isEqualTo("done");
      assertThat(doc.get("changes")).hasSize(7);
      JsonNode live =
          GraphQl.of(emulator).data("{ repoList { name repoPath } }", Map.of()).get("repoList");
      for (JsonNode repo : live) {
        JsonNode out = null;
        for (JsonNode o : doc.get("outputs").get("repos")) {
          if (o.get("name").asText().equals(repo.get("name").asText())) out = o;
        }
        assertThat(out).as(repo.toString()).isNotNull();
        assertThat(out.get("repoPath").asText()).isEqualTo(repo.get("repoPath").asText());
      }

      Result again =
          run(emulator, "apply", "-f", spec.toString(), "--auto-approve", "--output", "json");
      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.err()).contains("No changes.");
      Golden.check("apply/output-json-no-changes.json", again.out());
    }
  }

  /**
   * {@code --partial} with a Create Only token: the document says "partial", never "done", and
   * lists the change left out for the token's level as skipped, after the ones sent.
   */
  @Test
  void aPartialApplyIsPartialAndListsWhatItSkipped() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory().withSeed(7))) {
      assertThat(run(emulator, "apply", "-f", spec.toString(), "--auto-approve").exitCode())
          .isZero();
      GraphQl api = GraphQl.of(emulator);
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, alertDays: 30) { repoEdited { id } } }",
          Map.of("id", repoId(api, "nas")));
      api.data(
          "mutation($id: String!) { repoDelete(id: $id) { ok } }",
          Map.of("id", repoId(api, "web-01")));
      Result r =
          CliRun.run(
              Map.of(
                  "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
                  "BORGBASE_TOKEN", emulator.token(TokenLevel.CREATE_ONLY)),
              "apply",
              "-f",
              spec.toString(),
              "--auto-approve",
              "--partial",
              "--output",
              "json");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.err()).contains("Apply partial: 1 applied").doesNotContain("Apply complete!");
      Golden.check("apply/output-json-partial.json", r.out());
      JsonNode doc = GraphQl.JSON.readTree(r.out());
      assertThat(doc.get("status").asText()).isEqualTo("partial");
      JsonNode last = doc.get("changes").get(doc.get("changes").size() - 1);
      assertThat(last.get("address").asText()).isEqualTo("repo.nas");
      assertThat(last.get("outcome").asText()).isEqualTo("skipped");
      assertThat(doc.get("changes").findValuesAsText("outcome")).containsExactly("done", "skipped");
    }
  }

  private static String repoId(GraphQl api, String name) {
    return api.data("{ repoList(name: \"" + name + "\") { id } }", Map.of())
        .get("repoList")
        .get(0)
        .get("id")
        .asText();
  }

  @Test
  void aFailedApplyStillWritesItsDocumentAndKeepsItsExitCode() throws Exception {
    // The account may hold one repo: the second repoAdd is refused for certain.
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withSeed(7).withMaxRepos(1))) {
      Result r =
          run(
              emulator,
              "apply",
              "-f",
              spec.toString(),
              "--auto-approve",
              "--output",
              "json",
              "--batch-size",
              "1");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      Golden.check("apply/output-json-failed.json", r.out());
      JsonNode doc = GraphQl.JSON.readTree(r.out());
      assertThat(doc.get("status").asText()).isEqualTo("failed");
      assertThat(doc.get("changes").findValuesAsText("outcome"))
          .contains("done", "failed", "skipped");
      assertThat(doc.get("outputs").get("complete").asBoolean()).isFalse();
      assertThat(r.err()).contains("Error:");
    }
  }

  @Test
  void anUnknownOutcomeIsReportedAsUnknownRoundByRound() throws Exception {
    try (EmulatorServer emulator =
        EmulatorServer.start(
            EmulatorConfig.inMemory()
                .withSeed(7)
                .withFault(FaultRule.parse("repoAdd:error=502")))) {
      Result r =
          run(emulator, "apply", "-f", spec.toString(), "--auto-approve", "--output", "json");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      Golden.check("apply/output-json-unsettled.json", r.out());
      JsonNode doc = GraphQl.JSON.readTree(r.out());
      assertThat(doc.get("status").asText()).isEqualTo("unsettled");
      assertThat(doc.get("changes").findValuesAsText("outcome")).contains("done", "unknown");
      assertThat(doc.get("changes").findValuesAsText("round")).contains("1", "2");
    }
  }

  @Test
  void aSavedPlanSaysWhyItsOutputsAreNotKnown() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory().withSeed(7))) {
      Path plan = dir.resolve("plan.json");
      Result saved = run(emulator, "plan", "-f", spec.toString(), "--out", plan.toString());
      assertThat(saved.exitCode()).as(saved.toString()).isZero();
      Result r = run(emulator, "apply", plan.toString(), "--output", "json");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      JsonNode doc = GraphQl.JSON.readTree(r.out());
      assertThat(doc.get("outputs").isNull()).isTrue();
      assertThat(doc.get("outputsNote").asText()).contains("borgform output -f SPEC");
      assertThat(doc.get("changes")).hasSize(7);
    }
  }
}
