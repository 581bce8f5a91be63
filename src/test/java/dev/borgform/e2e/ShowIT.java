package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code borgform show PLAN.json}: a saved plan printed without a token or a request, exactly as
 * the plan that made it printed it, in every format; a file apply would refuse is refused.
 */
class ShowIT {
  private static final String SPEC = "examples/borgbase.yaml";
  private EmulatorServer emulator;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
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

  /** No token, no endpoint: show must not need either. */
  private static Result show(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "show";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.run(Map.of(), all);
  }

  /** What plan printed, without the lines about where it saved the plan. */
  private static String planAsShown(Result plan, String planFile) {
    String out = plan.out();
    int saved = out.indexOf("\nSaved the plan to " + planFile);
    return saved < 0 ? out : out.substring(0, saved);
  }

  @ParameterizedTest(name = "--output {0}")
  @ValueSource(strings = {"text", "markdown", "json"})
  void showPrintsASavedPlanAsThePlanThatMadeItPrintedIt(String format) throws Exception {
    Path planFile = dir.resolve("plan.json");
    // A plan with creations, then one with edits and deletions that trips the deletion guard.
    Result first = borgform("plan", "-f", SPEC, "--out", planFile.toString(), "--output", format);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Result shown = show(planFile.toString(), "--output", format);
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out()).isEqualTo(planAsShown(first, planFile.toString()));

    assertThat(borgform("apply", "-f", SPEC, "--auto-approve").exitCode()).isZero();
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    String id = api.data("{ repoList { id } }", Map.of()).get("repoList").get(0).get("id").asText();
    api.data(
        "mutation($id: String!) { repoEdit(id: $id, alertDays: 9) { repoEdited { id } } }",
        Map.of("id", id));
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(
        empty,
        "version: 1\npolicy:\n  pruneKeys: true\n  pruneRepos: true\n",
        java.nio.charset.StandardCharsets.UTF_8);
    Path second = dir.resolve("second.json");
    Result deleting =
        borgform("plan", "-f", empty.toString(), "--out", second.toString(), "--output", format);
    assertThat(deleting.exitCode()).as(deleting.toString()).isZero();
    assertThat(deleting.out()).containsIgnoringCase("deletions");
    Result shownAgain = show(second.toString(), "--output", format);
    assertThat(shownAgain.exitCode()).as(shownAgain.toString()).isZero();
    assertThat(shownAgain.out()).isEqualTo(planAsShown(deleting, second.toString()));
  }

  @Test
  void aFileApplyWouldRefuseIsRefusedAndNothingIsRead() throws Exception {
    Path planFile = dir.resolve("plan.json");
    assertThat(borgform("plan", "-f", SPEC, "--out", planFile.toString()).exitCode()).isZero();
    String saved = Files.readString(planFile);

    Path edited = dir.resolve("edited.json");
    String tampered =
        saved.replaceFirst(
            "\"planHash\": \"sha256:[0-9a-f]+\"",
            "\"planHash\": \"sha256:" + "0".repeat(64) + "\"");
    assertThat(tampered).isNotEqualTo(saved);
    Files.writeString(edited, tampered);
    emulator.resetStats();
    Result r = show(edited.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("cannot be applied");

    Path guard = dir.resolve("guard.json");
    Files.writeString(
        guard,
        saved.replace(
            "\"maxDeletePercent\": 30,\n    \"minLiveObjects\"",
            "\"maxDeletePercent\": 90,\n    \"minLiveObjects\""));
    Result g = show(guard.toString());
    assertThat(g.exitCode()).as(g.toString()).isEqualTo(3);
    assertThat(g.err()).contains("give different maxDeletePercent values");

    Path notAPlan = dir.resolve("spec.json");
    Files.writeString(notAPlan, "{\"hello\": 1}");
    Result n = show(notAPlan.toString());
    assertThat(n.exitCode()).as(n.toString()).isEqualTo(64);
    assertThat(n.err()).contains("not a borgform plan");

    Result missing = show(dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(64);
    assertThat(emulator.stats().requests()).as("show reads nothing").isZero();
  }
}
