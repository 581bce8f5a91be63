package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures a user meets, each with a message that says what happened, to which change, and what to
 * do: an expired token, a token level too low for the plan, the account's repo limit, a server that
 * keeps failing, and an unknown outcome during a saved plan.
 */
class FailureMessagesIT {
  private static final String SPEC = "examples/borgbase.yaml";
  @TempDir Path dir;

  private static Map<String, String> env(EmulatorServer e, String token) {
    return Map.of("BORGBASE_API_URL", e.graphqlUrl().toString(), "BORGBASE_TOKEN", token);
  }

  @Test
  void anExpiredTokenSaysSoAndWhereToGetANewOne() throws Exception {
    String expired = "eyJhbGciOi.old-token-that-expired.sig";
    try (EmulatorServer e =
        EmulatorServer.start(EmulatorConfig.inMemory().withExpiredToken(expired))) {
      Result plan = CliRun.run(env(e, expired), "plan", "-f", SPEC);
      assertThat(plan.exitCode()).isEqualTo(1);
      assertThat(plan.err())
          .isEqualTo(
              "Error: BorgBase refused the token: Signature has expired\n"
                  + "  The token has expired. Create a new one in the BorgBase web UI (Account > API) and"
                  + " pass it in BORGBASE_TOKEN or --token-file. Reading the account (plan) needs a token"
                  + " of any level: Read Only, Create Only or Full Access.\n");
      assertThat(e.stats().requests()).as("an auth error is not retried").isEqualTo(1);
    }
  }

  @Test
  void aCreateOnlyTokenIsWarnedBeforeAPlanThatEditsAndTheFailureNamesTheLevel() throws Exception {
    try (EmulatorServer e = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Result add =
          CliRun.run(
              env(e, e.token(TokenLevel.CREATE_ONLY)), "apply", "-f", SPEC, "--auto-approve");
      assertThat(add.exitCode()).as(add.toString()).isZero();
      assertThat(add.out())
          .as("a plan that only adds needs no warning")
          .doesNotContain("Full Access");

      GraphQl api = new GraphQl(e.graphqlUrl(), e.token(TokenLevel.FULL_ACCESS));
      String id =
          api.data("{ repoList(name: \"nas\") { id } }", Map.of())
              .get("repoList")
              .get(0)
              .get("id")
              .asText();
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, alertDays: 1) { repoEdited { id } } }",
          Map.of("id", id));

      // The level query gets no answer (a failing proxy): the level stays unknown, so apply goes
      // on as it always did, with the note before anything is sent.
      e.addFault(FaultRule.parse("query:error=503@2"));
      Result edit =
          CliRun.run(
              env(e, e.token(TokenLevel.CREATE_ONLY)), "apply", "-f", SPEC, "--auto-approve");
      assertThat(edit.exitCode()).isEqualTo(1);
      assertThat(edit.out())
          .contains(
              "Note: this plan changes or deletes existing keys or repos, which needs a Full Access token"
                  + " (a Create Only token can only add).");
      assertThat(edit.out())
          .contains(
              "repo.nas: update FAILED: Permission denied: a Create Only token cannot run repoEdit.");
      assertThat(edit.err())
          .isEqualTo(
              "Error: Apply stopped: repo.nas update failed: Permission denied: a Create Only token cannot run"
                  + " repoEdit.\n"
                  + "  repoEdit needs a Full Access token. This token may not make it, so applying again"
                  + " with it cannot finish the plan: apply again with a Full Access token (BorgBase web"
                  + " UI, Account > API).\n"
                  + "  Everything listed as done above is in the account.\n");
      e.clearFaults();

      // Learned: refused before anything is sent.
      Result refused =
          CliRun.run(
              env(e, e.token(TokenLevel.CREATE_ONLY)), "apply", "-f", SPEC, "--auto-approve");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.out()).doesNotContain("Note:").doesNotContain("FAILED");
      assertThat(refused.err()).startsWith("Error: The token is Create Only:");
    }
  }

  @Test
  void theRepoLimitIsReportedVerbatimWithTheRepoItStoppedAt() throws Exception {
    try (EmulatorServer e = EmulatorServer.start(EmulatorConfig.inMemory().withMaxRepos(2))) {
      Result r =
          CliRun.run(
              env(e, e.token(TokenLevel.FULL_ACCESS)), "apply", "-f", SPEC, "--auto-approve");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.out()).contains("repo.web-01: create FAILED: Over quota or too many repos.");
      assertThat(r.err())
          .startsWith(
              "Error: Apply stopped: repo.web-01 create failed: Over quota or too many repos.\n"
                  + "  The account's plan allows no more repos or space. Remove repos you no longer need or"
                  + " upgrade the plan, then apply again.\n"
                  + "  Everything listed as done above is in the account; apply again to finish the rest.\n");
    }
  }

  @Test
  void aServerThatKeepsFailingStopsAfterTheLastRoundWithTheChangeItStoppedAt() throws Exception {
    try (EmulatorServer e =
        EmulatorServer.start(
            EmulatorConfig.inMemory().withFault(FaultRule.parse("repoAdd:error=502")))) {
      Result r =
          CliRun.run(
              env(e, e.token(TokenLevel.FULL_ACCESS)),
              "apply",
              "-f",
              SPEC,
              "--auto-approve",
              "--batch-size=1");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "repo.db-01: create OUTCOME UNKNOWN: BorgBase answered HTTP 502 (Service unavailable);"
                  + " the change may or may not have been made")
          .contains("(round 3 of 3)")
          .contains("Apply failed. 4 applied, 0 failed, 1 outcome unknown, 2 not attempted.");
      assertThat(r.err())
          .startsWith(
              "Error: The outcome of 1 change is still unknown after 3 rounds; borgform stopped rather than"
                  + " keep trying.\n"
                  + "  Run `borgform plan` to see the account as it is now, then apply again: the new plan holds"
                  + " only what is still missing.\n");
      e.clearFaults();
      assertThat(
              CliRun.run(
                      env(e, e.token(TokenLevel.FULL_ACCESS)),
                      "apply",
                      "-f",
                      SPEC,
                      "--auto-approve")
                  .exitCode())
          .isZero();
      assertThat(e.stats().field("repoAdd"))
          .as("a 502 ran nothing; each repo was made once")
          .isEqualTo(3);
    }
  }

  @Test
  void anUnknownOutcomeDuringASavedPlanStopsAndAsksForANewReviewedPlan() throws Exception {
    try (EmulatorServer e = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Map<String, String> env = env(e, e.token(TokenLevel.FULL_ACCESS));
      String plan = dir.resolve("plan.json").toString();
      assertThat(CliRun.run(env, "plan", "-f", SPEC, "--out", plan).exitCode()).isZero();
      e.addFault(FaultRule.parse("sshAdd:lost@1"));
      Result r = CliRun.run(env, "apply", plan);
      e.clearFaults();
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.out()).doesNotContain("Reading the account again");
      assertThat(r.err())
          .isEqualTo(
              "Error: The outcome of 4 changes is unknown. A saved plan is applied exactly as reviewed, so"
                  + " borgform did not re-plan on its own.\n"
                  + "  Make a new plan with `borgform plan -f SPEC --out PLAN.json` (it holds only what is still"
                  + " missing), review it, then apply it.\n");
      assertThat(e.stats().operation("query")).as("no re-read").isEqualTo(2);
      // The new plan holds only what is missing, and applying it converges.
      Result again = CliRun.run(env, "plan", "-f", SPEC, "--out", plan);
      assertThat(again.out()).contains("Plan: 3 to add, 0 to change, 0 to delete.");
      assertThat(CliRun.run(env, "apply", plan).exitCode()).isZero();
      assertThat(Files.exists(Path.of(plan))).isTrue();
    }
  }
}
