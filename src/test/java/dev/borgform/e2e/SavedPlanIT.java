package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans reviewed in a pull request and applied from CI: {@code plan --out}, {@code apply
 * PLAN.json}, the stale check, the machine-readable outputs and the safety rails, through the CLI
 * against the emulator over HTTP.
 */
class SavedPlanIT {
  private static final String SPEC = "examples/borgbase.yaml";
  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();
  private GraphQl api;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
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
        .contains("\"formatVersion\": \"1.1\"")
        .doesNotContain(emulator.token(TokenLevel.FULL_ACCESS));

    // The plan shows its hash; apply shows the same one, and --plan-hash checks it.
    String hash = line(p.out(), "Plan hash: ").substring("Plan hash: ".length());
    assertThat(hash).matches("[0-9a-f]{16}");
    // The same spec and account make the same plan, with the same hash (a merge job that plans
    // again shows the hash the pull request's comment showed).
    Result replanned = borgform("plan", "-f", SPEC);
    assertThat(line(replanned.out(), "Plan hash: ")).isEqualTo("Plan hash: " + hash);
    emulator.resetStats();
    Result a = borgform("apply", plan.toString(), "--plan-hash", hash);
    assertThat(a.exitCode()).as(a.toString()).isZero();
    assertThat(a.out())
        .startsWith(
            "Applying the saved plan "
                + plan
                + " (plan hash "
                + hash
                + "; the account has not changed since).")
        .contains("Plan hash: " + hash)
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
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("cannot be applied: its formatVersion is 2.0");
    assertThat(emulator.stats().requests()).isZero();

    // A file that is no plan at all is a usage error.
    Files.writeString(plan, "version: 1\nkeys: []\n");
    Result notAPlan = borgform("apply", plan.toString());
    assertThat(notAPlan.exitCode()).isEqualTo(64);
    assertThat(notAPlan.err()).contains("cannot be applied: it is not a valid JSON document");
    assertThat(emulator.stats().requests()).isZero();
  }

  @Test
  void jsonAndMarkdownOutputsAreCleanOnStandardOutput() throws Exception {
    Path plan = dir.resolve("plan.json");
    Result json = borgform("plan", "-f", SPEC, "--output", "json", "--out", plan.toString());
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("formatVersion").asText()).isEqualTo("1.1");
    assertThat(doc.get("changes")).hasSize(7);
    assertThat(doc.get("changes").get(0).get("address").asText()).isEqualTo("key.ci");
    assertThat(doc.get("summary").get("add").asInt()).isEqualTo(7);
    // The saved file is the same document (the note about it went to stderr).
    assertThat(Files.readString(plan)).isEqualTo(json.out());
    assertThat(json.err()).contains("Saved the plan to");

    Result md = borgform("plan", "-f", SPEC, "--output", "markdown");
    assertThat(md.out())
        .startsWith("## borgform plan\n\n**Plan: 7 to add, 0 to change, 0 to delete.**")
        // The PR comment carries the hash the saved file has and apply will show.
        .contains("Plan hash: `" + doc.get("planHash").asText().substring(7, 23) + "`");

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
    // The spec keeps the keys and one repo, so only the repo rails are at stake here.
    Path prune =
        Files.writeString(
            dir.resolve("prune.yaml"),
            "version: 1\nrepos:\n  - name: web-01\n    region: eu\npolicy:\n  pruneKeys: false\n"
                + "  pruneRepos: true\n");
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
    assertThat(api.data("{ repoList { name } }", Map.of()).get("repoList")).hasSize(1);
  }

  /**
   * On an account of 4 keys and 5 repos (under the 10 objects of the share rule), an emptied spec
   * deletes every key, and with both repo locks every repo: each needs --force, from a spec and
   * from a saved plan alike.
   */
  @Test
  void deletingEveryKeyOrEveryRepoNeedsForceOnASmallAccount() throws Exception {
    StringBuilder spec = new StringBuilder("version: 1\nkeys:\n");
    for (int i = 0; i < 4; i++) {
      spec.append("  - name: host-").append(i).append("\n    publicKey: ");
      spec.append(TestKeys.ed25519(i, "host-" + i)).append("\n");
    }
    spec.append("repos:\n");
    for (int i = 0; i < 5; i++) {
      spec.append("  - name: host-").append(i).append("\n    region: eu\n");
      if (i < 4) spec.append("    appendOnlyKeys: [host-").append(i).append("]\n");
    }
    Path four = Files.writeString(dir.resolve("four.yaml"), spec);
    assertThat(borgform("apply", "-f", four.toString(), "--auto-approve").exitCode()).isZero();
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "version: 1\n");
    Path emptyPrune =
        Files.writeString(dir.resolve("prune.yaml"), "version: 1\npolicy: {pruneRepos: true}\n");
    String before = accountDump();
    emulator.resetStats();

    Result keys = borgform("apply", "-f", empty.toString(), "--auto-approve");
    assertThat(keys.exitCode()).as(keys.toString()).isEqualTo(3);
    assertThat(keys.err())
        .contains(
            "Error: Too many deletions: every live key goes (all 4); the spec declares no keys"
                + " and no repos; review the plan, then pass --force");
    Result all =
        borgform("apply", "-f", emptyPrune.toString(), "--auto-approve", "--allow-destroy");
    assertThat(all.exitCode()).as(all.toString()).isEqualTo(3);
    assertThat(all.err())
        .contains("every live key goes (all 4); every live repo goes (all 5); the spec declares");
    Path saved = dir.resolve("plan.json");
    borgform("plan", "-f", emptyPrune.toString(), "--out", saved.toString());
    Result fromFile = borgform("apply", saved.toString(), "--allow-destroy");
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isEqualTo(3);
    assertThat(fromFile.err()).contains("every live repo goes (all 5)");
    assertThat(emulator.stats().perOperation()).containsOnlyKeys("query");
    assertThat(accountDump()).isEqualTo(before);

    Result forced = borgform("apply", saved.toString(), "--allow-destroy", "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(api.data("{ sshList { id } repoList { id } }", Map.of()).toString())
        .isEqualTo("{\"sshList\":[],\"repoList\":[]}");
  }

  /** A plan is for the account it was read from: another endpoint, or the sandbox, refuses it. */
  @Test
  void aSavedPlanIsBoundToItsAccount() throws Exception {
    Path plan = dir.resolve("plan.json");
    assertThat(borgform("plan", "-f", SPEC, "--out", plan.toString()).exitCode()).isZero();
    assertThat(Files.readString(plan))
        .contains("\"endpoint\": \"" + emulator.graphqlUrl() + "\"")
        .contains("\"sandbox\": false");

    try (EmulatorServer other = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Result r =
          CliRun.run(
              Map.of(
                  "BORGBASE_API_URL", other.graphqlUrl().toString(),
                  "BORGBASE_TOKEN", other.token(TokenLevel.FULL_ACCESS)),
              "apply",
              plan.toString());
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err())
          .contains(
              "was made for "
                  + emulator.graphqlUrl()
                  + ", not for "
                  + other.graphqlUrl()
                  + ", so it was not applied. Nothing was changed.");
      assertThat(other.stats().requests()).as("not even a read").isZero();
    }

    // Made with --sandbox, it does not reach a real (here: the emulator's) account.
    Path sandboxPlan = dir.resolve("sandbox-plan.json");
    Result sp =
        borgform(
            "plan",
            "--sandbox=" + dir.resolve("sandbox.json"),
            "-f",
            SPEC,
            "--out",
            sandboxPlan.toString());
    assertThat(sp.exitCode()).as(sp.toString()).isZero();
    emulator.resetStats();
    Result r = borgform("apply", sandboxPlan.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err())
        .contains("was made for the sandbox, not for " + emulator.graphqlUrl())
        .contains("Apply it with --sandbox");
    assertThat(emulator.stats().requests()).isZero();
    Result inSandbox =
        borgform("apply", "--sandbox=" + dir.resolve("sandbox.json"), sandboxPlan.toString());
    assertThat(inSandbox.exitCode()).as(inSandbox.toString()).isZero();
  }

  @Test
  void anotherHashThanTheReviewedOneIsRefusedBeforeAnyRequest() throws Exception {
    Path plan = dir.resolve("plan.json");
    borgform("plan", "-f", SPEC, "--out", plan.toString());
    emulator.resetStats();
    Result wrong = borgform("apply", plan.toString(), "--plan-hash", "0123456789abcdef");
    assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(3);
    assertThat(wrong.err())
        .contains(
            "not the 0123456789abcdef given with --plan-hash: it is not the plan that was"
                + " reviewed");
    Result tooShort = borgform("apply", plan.toString(), "--plan-hash", "0123");
    assertThat(tooShort.exitCode()).isEqualTo(64);
    Result noPlan = borgform("apply", "-f", SPEC, "--plan-hash", "0123456789abcdef");
    assertThat(noPlan.exitCode()).isEqualTo(64);
    assertThat(noPlan.err()).contains("--plan-hash checks a saved plan; it needs PLAN.json");
    assertThat(emulator.stats().requests()).isZero();
  }

  /**
   * A plan file as borgform wrote it before plan files carried reason codes (each change's reason
   * as text alone; LegacyPlanFilesTest shows that is the only difference) is applied, and its plan
   * hash is still the one the plan showed.
   */
  @Test
  void aSavedPlanWithReasonTextsAloneIsApplied() throws Exception {
    api.data(
        "mutation($k: String!) { sshAdd(name: \"laptop\", keyData: $k) { keyAdded { id } } }",
        Map.of("k", TestKeys.ED2));
    api.data(
        "mutation($k: String!) { sshAdd(name: \"old\", keyData: $k) { keyAdded { id } } }",
        Map.of("k", TestKeys.ED3));
    api.data(
        "mutation($k: String!) { sshAdd(name: \"ci\", keyData: $k) { keyAdded { id } } }",
        Map.of("k", TestKeys.ED4));
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(
        spec,
        "version: 1\nkeys:\n  - name: laptop\n    publicKey: "
            + TestKeys.ED1
            + "\n  - name: ci\n    publicKey: "
            + TestKeys.ED4
            + "\nrepos:\n  - name: web\n    region: eu\n    fullAccessKeys: [laptop]\n");
    Path plan = dir.resolve("plan.json");
    Result p = borgform("plan", "-f", spec.toString(), "--out", plan.toString());
    assertThat(p.exitCode()).as(p.toString()).isZero();
    assertThat(p.out()).contains("(public key changed)").contains("(not in the spec)");
    String hash = line(p.out(), "Plan hash: ").substring("Plan hash: ".length());

    ObjectMapper json = new ObjectMapper();
    JsonNode tree = json.readTree(Files.readString(plan));
    int coded = 0;
    for (JsonNode c : tree.get("changes")) {
      if (c.has("reasonCode")) coded++;
      ((com.fasterxml.jackson.databind.node.ObjectNode) c)
          .remove(java.util.List.of("reasonCode", "reasonArgs"));
    }
    assertThat(coded).isEqualTo(2);
    Files.writeString(plan, json.writerWithDefaultPrettyPrinter().writeValueAsString(tree));

    Result a = borgform("apply", plan.toString(), "--plan-hash", hash);
    assertThat(a.exitCode()).as(a.toString()).isZero();
    assertThat(a.out())
        .contains("(plan hash " + hash + ";")
        .contains("(public key changed)")
        .contains("(not in the spec)")
        .contains("Apply complete!")
        .contains(" 0 failed, 0 not attempted.");
    Result again = borgform("plan", "-f", spec.toString(), "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
  }

  private static String line(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
