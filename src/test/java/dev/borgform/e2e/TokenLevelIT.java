package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token's level, learned before anything is sent where it matters, through the CLI against the
 * emulator's three token levels: a Create Only token is refused a plan that edits or deletes
 * (nothing sent), unless {@code --partial} applies its adds and lists the rest; a plan of adds
 * spends no request on the level; the note about Full Access appears only where the level could not
 * be learned, never in the sandbox or with a token that reads more than the lists.
 */
class TokenLevelIT {
  private static final String SPEC = "examples/borgbase.yaml";
  @TempDir Path dir;
  private EmulatorServer emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Result borgform(TokenLevel level, String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL",
            emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN",
            emulator.token(level)),
        args);
  }

  private static String stable(String output) {
    return output
        .replaceAll("127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:PORT")
        .replaceAll("(?i)(plan ?hash\\W*(sha256:)?)[0-9a-f]{16,64}", "$1HASH");
  }

  /**
   * The example applied, then changed behind borgform's back: repo nas edited (an update to undo)
   * and repo web-01 deleted (a create). The plan then adds one repo and changes one.
   */
  private void appliedThenDrifted() {
    Result first = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 30) { repoEdited { id } } }",
        Map.of("id", repoId(api, "nas")));
    api.data(
        "mutation($id: String!) { repoDelete(id: $id) { ok } }",
        Map.of("id", repoId(api, "web-01")));
  }

  private static String repoId(GraphQl api, String name) {
    return api.data("{ repoList(name: \"" + name + "\") { id } }", Map.of())
        .get("repoList")
        .get(0)
        .get("id")
        .asText();
  }

  private long mutations() {
    var s = emulator.stats();
    return s.field("sshAdd")
        + s.field("sshDelete")
        + s.field("repoAdd")
        + s.field("repoEdit")
        + s.field("repoDelete");
  }

  @Test
  void aCreateOnlyTokenIsRefusedAPlanThatEditsBeforeAnythingIsSent() {
    appliedThenDrifted();
    long before = mutations();
    long requests = emulator.stats().requests();

    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(mutations()).as("nothing sent").isEqualTo(before);
    assertThat(emulator.stats().requests() - requests)
        .as("the read and the level query")
        .isEqualTo(2);
    assertThat(r.out()).doesNotContain("Note:");
    Golden.check("token-level/create-only-refused.txt", stable(r.out()));
    Golden.check("token-level/create-only-refused.err.txt", stable(r.err()));
  }

  @Test
  void aSavedPlanIsRefusedTheSameWay() {
    appliedThenDrifted();
    String plan = dir.resolve("plan.json").toString();
    assertThat(borgform(TokenLevel.READ_ONLY, "plan", "-f", SPEC, "--out", plan).exitCode())
        .isZero();
    long before = mutations();
    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", plan);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("Error: The token is Create Only:")
        .contains("Nothing was sent.");
    assertThat(mutations()).isEqualTo(before);
  }

  @Test
  void partialAppliesTheAddsListsWhatItSkipsAndExitsAsAPartialApply() {
    appliedThenDrifted();

    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve", "--partial");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(emulator.stats().field("repoEdit")).as("only the test's own edit").isEqualTo(1);
    Golden.check("token-level/create-only-partial.txt", stable(r.out()));
    Golden.check("token-level/create-only-partial.err.txt", stable(r.err()));
    assertThat(r.out()).doesNotContain("Apply complete!").contains("Apply partial:");
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    assertThat(repoId(api, "web-01")).as("the add was made").isNotEmpty();

    Result rest = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    assertThat(rest.exitCode()).as(rest.toString()).isZero();
    assertThat(rest.out()).contains("Plan: 0 to add, 1 to change, 0 to delete.");
  }

  /**
   * The answer to the partial run's add is lost: the run stops without re-planning (a new plan
   * would hold the skipped change again), says so as a failed partial apply, and advises running
   * the same partial apply again, not making a new saved plan; doing that adds nothing twice.
   */
  @Test
  void anUnknownOutcomeInAPartialApplyAdvisesRunningItAgain() {
    appliedThenDrifted();
    emulator.addFault(FaultRule.parse("repoAdd:lost@1"));

    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve", "--partial");
    emulator.clearFaults();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .doesNotContain("Apply complete!")
        .doesNotContain("Reading the account again");
    assertThat(r.err()).doesNotContain("saved plan").doesNotContain("--out PLAN.json");
    Golden.check("token-level/create-only-partial-unknown.txt", stable(r.out()));
    Golden.check("token-level/create-only-partial-unknown.err.txt", stable(r.err()));
    assertThat(emulator.stats().field("repoAdd")).as("the lost add ran once").isEqualTo(1 + 3);

    // The advice, followed: the add is in the account, so the same partial apply adds nothing.
    Result again =
        borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve", "--partial");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(again.err()).startsWith("Error: Nothing was applied:");
    assertThat(emulator.stats().field("repoAdd")).as("nothing added twice").isEqualTo(1 + 3);
  }

  /** A saved plan applied with --partial: the saved plan's advice, with --partial in it. */
  @Test
  void anUnknownOutcomeInAPartialSavedPlanAdvisesANewPlanAppliedWithPartial() {
    appliedThenDrifted();
    String plan = dir.resolve("plan.json").toString();
    assertThat(borgform(TokenLevel.READ_ONLY, "plan", "-f", SPEC, "--out", plan).exitCode())
        .isZero();
    emulator.addFault(FaultRule.parse("repoAdd:lost@1"));
    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", plan, "--partial");
    emulator.clearFaults();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("Apply complete!");
    Golden.check("token-level/create-only-partial-saved-unknown.err.txt", stable(r.err()));
  }

  @Test
  void partialWithNothingToAddSendsNothing() {
    Result first = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    assertThat(first.exitCode()).isZero();
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 30) { repoEdited { id } } }",
        Map.of("id", repoId(api, "nas")));
    long before = mutations();
    Result r = borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve", "--partial");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("Skipped").contains("~ repo.nas");
    assertThat(r.err()).startsWith("Error: Nothing was applied:");
    assertThat(mutations()).isEqualTo(before);
  }

  @Test
  void aPlanOfAddsSpendsNoRequestOnTheLevelAndShowsNoNote() {
    Result r =
        borgform(TokenLevel.CREATE_ONLY, "apply", "-f", SPEC, "--auto-approve", "--no-recheck");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(emulator.stats().field("overageList")).isZero();
    assertThat(emulator.stats().requests()).as("one read, one request per phase").isEqualTo(3);
    assertThat(r.out()).doesNotContain("Full Access");
  }

  @Test
  void aTokenThatReadsMoreThanTheListsGetsNoNoteAndTheLevelQueryOnce() {
    appliedThenDrifted();
    Result r = borgform(TokenLevel.FULL_ACCESS, "apply", "-f", SPEC, "--auto-approve");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).doesNotContain("Note:").doesNotContain("Full Access");
    assertThat(emulator.stats().field("overageList")).as("one level query per run").isEqualTo(1);
  }

  @Test
  void theSandboxNeverAsksAndNeverNotes() throws Exception {
    String sandbox = "--sandbox=" + dir.resolve("sandbox.json");
    assertThat(CliRun.run(Map.of(), "apply", sandbox, "-f", SPEC, "--auto-approve").exitCode())
        .isZero();
    Path spec = dir.resolve("borgbase.yaml");
    Files.createDirectories(dir.resolve("keys"));
    Files.copy(Path.of("examples/keys/ci.pub"), dir.resolve("keys/ci.pub"));
    Files.writeString(
        spec, Files.readString(Path.of(SPEC)).replace("alertDays: 7", "alertDays: 8"));
    Result edit = CliRun.run(Map.of(), "apply", sandbox, "-f", spec.toString(), "--auto-approve");
    assertThat(edit.exitCode()).as(edit.toString()).isZero();
    assertThat(edit.out()).contains("1 to change").doesNotContain("Note:");
    assertThat(edit.out()).doesNotContain("Full Access");
  }

  @Test
  void aReadOnlyTokensRefusalNamesTheLevelOnceAndNeverAdvisesTheSameTokenToFinish() {
    appliedThenDrifted();
    Result r = borgform(TokenLevel.READ_ONLY, "apply", "-f", SPEC, "--auto-approve");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .as("Read Only reads like Full Access: the level stays unproven, no note")
        .doesNotContain("Note:");
    assertThat(r.err()).doesNotContain("apply again to finish the rest");
    assertThat(r.err().lines().filter(l -> l.contains("Full Access")))
        .as("one hint names the level for every refused change")
        .singleElement()
        .asString()
        .contains("repoEdit needs a Full Access token")
        .contains("repoAdd needs a Create Only or Full Access token")
        .contains("applying again with it cannot finish the plan");
  }
}
