package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
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
 * A plan that fails with {@code --output markdown|json} still writes a document on standard output
 * (what a PR comment shows), with the usual exit code and the usual messages on stderr; validate
 * reports as JSON and as GitHub annotations. Each through the CLI against the emulator, standard
 * output against golden/outcome/.
 */
class FailureDocumentsIT {
  private static final String MANY =
      "src/test/resources/spec/invalid/190-many-problems-at-once.yaml";
  private static final String VALID = "examples/borgbase.yaml";
  private static final String EXPIRED = "eyJhbGciOi.old-token-that-expired.sig";

  @TempDir Path dir;
  private EmulatorServer emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory().withExpiredToken(EXPIRED));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Map<String, String> env(String token) {
    return Map.of("BORGBASE_API_URL", emulator.graphqlUrl().toString(), "BORGBASE_TOKEN", token);
  }

  private Map<String, String> full() {
    return env(emulator.token(TokenLevel.FULL_ACCESS));
  }

  @Test
  void anInvalidSpecWritesMarkdownAndJson() throws Exception {
    Result md = CliRun.run(full(), "plan", "-f", MANY, "--output", "markdown");
    assertThat(md.exitCode()).as(md.toString()).isEqualTo(65);
    assertThat(md.err()).contains("error: ").contains("Error: The spec has 10 errors.");
    Golden.check("outcome/plan-invalid-spec.md", md.out());

    Result json = CliRun.run(full(), "plan", "-f", MANY, "--output", "json");
    assertThat(json.exitCode()).isEqualTo(65);
    Golden.check("outcome/plan-invalid-spec.json", json.out());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("diagnostics")).hasSize(10);
    assertThat(doc.get("diagnostics").get(0).get("file").asText()).isEqualTo(MANY);
    assertThat(emulator.stats().requests()).as("nothing read for an invalid spec").isZero();
  }

  @Test
  void withOutTheFailureIsOnStandardOutputAndNoPlanFileIsWritten() {
    Path out = dir.resolve("plan.json");
    Result r = CliRun.run(full(), "plan", "-f", MANY, "--output", "json", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.out()).contains("\"document\": \"outcome\"").contains("\"exitCode\": 65");
    assertThat(out).doesNotExist();
  }

  @Test
  void anApiFailureWritesItsMessageAndAdvice() {
    Result r = CliRun.run(env(EXPIRED), "plan", "-f", VALID, "--output", "markdown");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Error: BorgBase refused the token");
    Golden.check("outcome/plan-api-failure.md", r.out());
  }

  @Test
  void aPlanThatCannotBeMadeListsWhy() throws Exception {
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    for (int i = 0; i < 2; i++) {
      api.data(
          "mutation { repoAdd(name: \"web-01\", region: \"eu\") { repoAdded { id } } }", Map.of());
    }
    Result r = CliRun.run(full(), "plan", "-f", VALID, "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("ok").asBoolean()).isFalse();
    assertThat(doc.get("diagnostics").toString()).contains("web-01");
    // Repo ids are the emulator's: the golden keeps the document's shape and wording.
    Golden.check(
        "outcome/plan-no-safe-plan.json", r.out().replaceAll("\\(ids [^)]*\\)", "(ids <ids>)"));
  }

  @Test
  void aUsageErrorAfterTheOutputOptionStillWritesTheDocument() {
    Result r = CliRun.run(full(), "plan", "--output", "markdown", "--bogus", "-f", VALID);
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("Unknown option: '--bogus'");
    Golden.check("outcome/plan-usage.md", r.out());
  }

  @Test
  void aTokenInTheSpecIsNamedButNeverShown() throws Exception {
    Path spec = dir.resolve("borgbase.yaml");
    Files.writeString(
        spec,
        "version: 1\nkeys:\n  - name: k\n    publicKey: ${BORGBASE_TOKEN}\n",
        java.nio.charset.StandardCharsets.UTF_8);
    for (String output : new String[] {"markdown", "json"}) {
      // CliRun fails the test if the token is printed anywhere.
      Result r = CliRun.run(full(), "plan", "-f", spec.toString(), "--output", output);
      assertThat(r.exitCode()).isEqualTo(65);
      assertThat(r.out()).containsAnyOf("BORGBASE_TOKEN", "BORGBASE\\_TOKEN");
    }
    Result gh = CliRun.run(full(), "validate", "-f", spec.toString(), "--output", "github");
    assertThat(gh.exitCode()).isEqualTo(65);
    assertThat(gh.out()).startsWith("::error file=").contains("BORGBASE_TOKEN");
  }

  @Test
  void aSuccessfulPlanWritesOnlyThePlan() throws Exception {
    Result r = CliRun.run(full(), "plan", "-f", VALID, "--output", "json");
    assertThat(r.exitCode()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.has("changes")).isTrue();
    assertThat(doc.has("document")).isFalse();
  }

  @Test
  void validateReportsAsJsonAndAsGithubAnnotations() {
    Result gh = CliRun.run(Map.of(), "validate", "-f", MANY, "--output", "github");
    assertThat(gh.exitCode()).isEqualTo(65);
    assertThat(gh.err()).contains("Error: The spec has 10 errors.");
    Golden.check("outcome/validate-invalid.github.txt", gh.out());

    Result json = CliRun.run(Map.of(), "validate", "-f", MANY, "--output", "json");
    assertThat(json.exitCode()).isEqualTo(65);
    Golden.check("outcome/validate-invalid.json", json.out());

    Result ok = CliRun.run(Map.of(), "validate", "-f", VALID, "--output", "json");
    assertThat(ok.exitCode()).isZero();
    Golden.check("outcome/validate-valid.json", ok.out());

    Result okGh = CliRun.run(Map.of(), "validate", "-f", VALID, "--output", "github");
    assertThat(okGh.out()).isEqualTo("The spec is valid: 4 keys, 3 repos.\n");

    Result missing = CliRun.run(Map.of(), "validate", "-f", "no-such.yaml", "--output", "github");
    assertThat(missing.exitCode()).isEqualTo(65);
    assertThat(missing.out()).startsWith("::error");
  }
}
