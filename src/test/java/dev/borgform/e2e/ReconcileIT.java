package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CLI against the emulator over real HTTP, as a user runs it: plan, apply, plan again shows
 * nothing; drift made through the API shows up and is reverted; each token level does what BorgBase
 * lets it do.
 */
class ReconcileIT {
  private static final String SPEC = "examples/borgbase.yaml";
  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();

  private Map<String, String> env(TokenLevel level) {
    return Map.of(
        "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
        "BORGBASE_TOKEN", emulator.token(level));
  }

  private Result borgform(TokenLevel level, String... args) {
    return CliRun.run(env(level), args);
  }

  @Test
  void planApplyPlanConverges() {
    Result first = borgform(TokenLevel.FULL_ACCESS, "plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(first.exitCode()).as(first.toString()).isEqualTo(2);
    assertThat(first.out()).contains("Plan: 7 to add, 0 to change, 0 to delete.");

    Result apply = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out())
        .contains("key.web-01: create done (id ")
        .contains("repo.nas: create done (id ")
        .contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");

    Result again = borgform(TokenLevel.FULL_ACCESS, "plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo("No changes. The account matches the spec.\n");

    // The account holds what the spec says, as the API reports it.
    JsonNode data =
        new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY))
            .data(
                "{ repoList(name: \"db-01\") { region quota quotaEnabled compactionHourTimezone appendOnlyKeys } }",
                Map.of());
    JsonNode db = data.get("repoList").get(0);
    assertThat(db.get("region").asText()).isEqualTo("eu");
    assertThat(db.get("quota").asInt()).isEqualTo(1_000_000);
    assertThat(db.get("quotaEnabled").asBoolean()).isTrue();
    assertThat(db.get("compactionHourTimezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(db.get("appendOnlyKeys")).hasSize(1);
  }

  @Test
  void planCostsExactlyOneRequest() {
    borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    emulator.resetStats();
    Result plan = borgform(TokenLevel.FULL_ACCESS, "plan", "-f", SPEC);
    assertThat(plan.exitCode()).isZero();
    assertThat(emulator.stats().requests()).isEqualTo(1);
    assertThat(emulator.stats().perOperation()).containsExactly(Map.entry("query", 1L));
  }

  @Test
  void applyCostsOneReadPlusOneRequestPerPhase() {
    emulator.resetStats();
    borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    // read; add 4 keys; add 3 repos; the confirming read after creating repos
    assertThat(emulator.stats().requests()).isEqualTo(4);
  }

  @Test
  void driftMadeBehindTheToolsBackIsShownAsExactlyThatUpdateAndReverted() {
    borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    String id =
        api.data("{ repoList(name: \"web-01\") { id } }", Map.of())
            .get("repoList")
            .get(0)
            .get("id")
            .asText();
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 9, sftpEnabled: true) { repoEdited { id } } }",
        Map.of("id", id));

    Result drift = borgform(TokenLevel.READ_ONLY, "plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(2);
    // The hash depends on the emulator's port, which the plan is bound to.
    assertThat(drift.out().replaceAll("Plan hash: [0-9a-f]{16}\n", "Plan hash: HASH\n"))
        .isEqualTo(
            """
            borgform will make these changes:

              ~ repo.web-01
                  alertDays: 9 -> 2

            Symbols: ~ update in place.

            Plan: 0 to add, 1 to change, 0 to delete.
            Plan hash: HASH
            """);
    // sftpEnabled is not in the spec, so it is not managed and not reported.

    assertThat(borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve").exitCode())
        .isZero();
    assertThat(borgform(TokenLevel.READ_ONLY, "plan", "-f", SPEC, "--detailed-exitcode").exitCode())
        .isZero();
    JsonNode web =
        api.data("{ repoList(name: \"web-01\") { alertDays sftpEnabled } }", Map.of())
            .get("repoList")
            .get(0);
    assertThat(web.get("alertDays").asInt()).isEqualTo(2);
    assertThat(web.get("sftpEnabled").asBoolean()).as("unmanaged field left alone").isTrue();
  }

  @Test
  void aReadOnlyTokenPlansButItsApplyFailsNamingTheLevelNeeded() {
    Result plan = borgform(TokenLevel.READ_ONLY, "plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(plan.exitCode()).isEqualTo(2);

    Result apply = borgform(TokenLevel.READ_ONLY, "apply", "-f", SPEC, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
    assertThat(apply.out()).contains("FAILED").contains("Apply failed.");
    assertThat(apply.err()).contains("sshAdd needs a Create Only or Full Access token");
    assertThat(apply.all()).doesNotContain(emulator.token(TokenLevel.READ_ONLY));
  }

  @Test
  void aCreateOnlyTokenAppliesPlansThatOnlyAddButNotEdits() {
    Result create = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve");
    assertThat(create.exitCode()).as(create.toString()).isZero();

    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    String id =
        api.data("{ repoList(name: \"nas\") { id } }", Map.of())
            .get("repoList")
            .get(0)
            .get("id")
            .asText();
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 1) { repoEdited { id } } }",
        Map.of("id", id));

    Result edit = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve");
    assertThat(edit.exitCode()).isEqualTo(1);
    assertThat(edit.err())
        .startsWith("Error: The token is Create Only")
        .contains("needs a Full Access token")
        .contains("Nothing was sent.");
  }

  @Test
  void aWrongTokenGetsAClearAuthenticationError() {
    Map<String, String> env =
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(), "BORGBASE_TOKEN", "not-a-token");
    Result r = CliRun.run(env, "plan", "-f", SPEC);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("Error: BorgBase refused the token: Not enough segments\n")
        .contains("BORGBASE_TOKEN");
    assertThat(r.all()).doesNotContain("not-a-token");
  }

  @Test
  void noTokenAtAllIsAUsageErrorThatPointsAtTheSandbox() {
    Result r =
        CliRun.run(
            Map.of("BORGBASE_API_URL", emulator.graphqlUrl().toString()), "plan", "-f", SPEC);
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("No BorgBase API token").contains("--sandbox");
  }

  @Test
  void applyWithoutATerminalNeedsAutoApproveAndChangesNothing() {
    Result r = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC);
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("--auto-approve");
    assertThat(emulator.stats().perOperation()).doesNotContainKeys("sshAdd", "repoAdd");
  }
}
