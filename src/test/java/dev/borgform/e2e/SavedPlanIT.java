package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans reviewed in a pull request and applied from CI: {@code plan --out}, {@code apply
 * PLAN.json}, the stale check, the machine-readable outputs and the safety rails, through the CLI
 * against the emulator over HTTP.
 */
class SavedPlanIT {
  private static final String SPEC = "examples/borgbase.yaml";
  private EmulatorServer emulator;
  private GraphQl api;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Result borgform(String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS)),
        args);
  }

  private String accountDump() {
    return api.data(
            "{ sshList { id name keyData } repoList { id name alertDays appendOnlyKeys fullAccessKeys } }",
            Map.of())
        .toString();
  }

  @Test
  void aSavedPlanIsAppliedExactlyAndHoldsNoToken() throws Exception {
    Path plan = dir.resolve("plan.json");
    Result p = borgform("plan", "-f", SPEC, "--out", plan.toString(), "--detailed-exitcode");
    assertThat(p.exitCode()).as(p.toString()).isEqualTo(2);
    assertThat(p.out()).contains("Saved the plan to " + plan).contains("borgform apply " + plan);
    String saved = Files.readString(plan);
    assertThat(saved)
        .contains("\"formatVersion\": \"1.0\"")
        .doesNotContain(emulator.token(TokenLevel.FULL_ACCESS));

    emulator.resetStats();
    Result a = borgform("apply", plan.toString());
    assertThat(a.exitCode()).as(a.toString()).isZero();
    assertThat(a.out())
        .startsWith("Applying the saved plan " + plan + " (the account has not changed since).")
        .contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
    // One read, then one batch per phase (keys, then repos), then the confirming read that
    // catches a twin repo from a concurrent apply. No prompt, no re-plan from a spec.
    assertThat(emulator.stats().requests()).isEqualTo(4);

    Result again = borgform("plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
  }

  @Test
  void aStaleSavedPlanIsRefusedAndChangesNothing() {
    borgform("apply", "-f", SPEC, "--auto-approve");
    String id =
        api.data("{ repoList(name: \"web-01\") { id } }", Map.of())
            .get("repoList")
            .get(0)
            .get("id")
            .asText();
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 9) { repoEdited { id } } }",
        Map.of("id", id));
    Path plan = dir.resolve("plan.json");
    assertThat(borgform("plan", "-f", SPEC, "--out", plan.toString()).exitCode()).isZero();

    // Someone changes the account between review and apply.
    api.data(
        "mutation($k: String!) { sshAdd(name: \"intruder\", keyData: $k) { keyAdded { id } } }",
        Map.of("k", TestKeys.ED4));
    String before = accountDump();
    emulator.resetStats();

    Result a = borgform("apply", plan.toString());
    assertThat(a.exitCode()).as(a.toString()).isEqualTo(3);
    assertThat(a.err())
        .contains("Saved plan is stale: the account changed after " + plan + " was made")
        .contains("Nothing was changed")
        .contains("borgform plan -f SPEC --out " + plan);
    assertThat(accountDump()).isEqualTo(before);
    assertThat(emulator.stats().perOperation()).containsOnlyKeys("query");
  }

  @Test
  void aSavedPlanAndASpecTogetherIsAUsageError() throws Exception {
    Path plan = dir.resolve("plan.json");
    borgform("plan", "-f", SPEC, "--out", plan.toString());
    Result r = borgform("apply", "-f", SPEC, plan.toString());
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("either -f SPEC or a saved plan");
  }

  @Test
  void aDamagedPlanFileIsRefusedBeforeAnyRequest() throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, "{\"formatVersion\": \"2.0\", \"changes\": []}");
    emulator.resetStats();
    Result r = borgform("apply", plan.toString());
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("cannot be applied: its formatVersion is 2.0");
    assertThat(emulator.stats().requests()).isZero();
  }

  @Test
  void jsonAndMarkdownOutputsAreCleanOnStandardOutput() throws Exception {
    Path plan = dir.resolve("plan.json");
    Result json = borgform("plan", "-f", SPEC, "--output", "json", "--out", plan.toString());
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("formatVersion").asText()).isEqualTo("1.0");
    assertThat(doc.get("changes")).hasSize(7);
    assertThat(doc.get("changes").get(0).get("address").asText()).isEqualTo("key.ci");
    assertThat(doc.get("summary").get("add").asInt()).isEqualTo(7);
    // The saved file is the same document (the note about it went to stderr).
    assertThat(Files.readString(plan)).isEqualTo(json.out());
    assertThat(json.err()).contains("Saved the plan to");

    Result md = borgform("plan", "-f", SPEC, "--output", "markdown");
    assertThat(md.out())
        .startsWith("## borgform plan\n\n**Plan: 7 to add, 0 to change, 0 to delete.**");

    Result bad = borgform("plan", "-f", SPEC, "--output", "yaml");
    assertThat(bad.exitCode()).isEqualTo(64);
  }

  @Test
  void tooManyDeletionsAreShownByPlanAndRefusedByApplyUnlessForced() throws Exception {
    StringBuilder all = new StringBuilder("version: 1\nkeys:\n");
    StringBuilder few = new StringBuilder("version: 1\nkeys:\n");
    for (int i = 0; i < 10; i++) {
      String entry =
          "  - name: host-" + i + "\n    publicKey: " + TestKeys.ed25519(i, "host-" + i) + "\n";
      all.append(entry);
      if (i < 6) few.append(entry);
    }
    Path allSpec = Files.writeString(dir.resolve("all.yaml"), all);
    Path fewSpec = Files.writeString(dir.resolve("few.yaml"), few);
    assertThat(borgform("apply", "-f", allSpec.toString(), "--auto-approve").exitCode()).isZero();

    Result plan = borgform("plan", "-f", fewSpec.toString());
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out())
        .contains(
            "Warning: Too many deletions: 40.0% is over 30% (4 of 10 live keys and repos)."
                + " Apply will refuse this plan without --force.");

    emulator.resetStats();
    Result refused = borgform("apply", "-f", fewSpec.toString(), "--auto-approve");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
    assertThat(refused.err())
        .contains(
            "Error: Too many deletions: 40.0% is over 30% (4 of 10 live keys and repos);"
                + " review the plan, then pass --force");
    assertThat(emulator.stats().perOperation()).containsOnlyKeys("query");

    Path saved = dir.resolve("plan.json");
    borgform("plan", "-f", fewSpec.toString(), "--out", saved.toString());
    assertThat(borgform("apply", saved.toString()).exitCode()).isEqualTo(3);
    Result forced = borgform("apply", saved.toString(), "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(api.data("{ sshList { id } }", Map.of()).get("sshList")).hasSize(6);
  }

  @Test
  void repoDeletionNeedsPruneReposAndAllowDestroyEvenFromASavedPlan() throws Exception {
    borgform("apply", "-f", SPEC, "--auto-approve");
    Path prune =
        Files.writeString(
            dir.resolve("prune.yaml"),
            "version: 1\npolicy:\n  pruneRepos: true\n  maxDeletePercent: 100\n");
    Path saved = dir.resolve("plan.json");
    Result plan = borgform("plan", "-f", prune.toString(), "--out", saved.toString());
    assertThat(plan.out()).contains("DESTROYS BACKUPS").contains("Apply needs --allow-destroy.");
    assertThat(Files.readString(saved)).contains("\"destroysBackups\": true");

    Result refused = borgform("apply", saved.toString());
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.err()).contains("refusing without --allow-destroy");
    assertThat(api.data("{ repoList { id } }", Map.of()).get("repoList")).hasSize(3);

    Result destroyed = borgform("apply", saved.toString(), "--allow-destroy");
    assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
    assertThat(api.data("{ repoList { id } }", Map.of()).get("repoList")).isEmpty();
  }
}
