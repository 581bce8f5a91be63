package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.FakeInterrupts;
import dev.borgform.testing.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a Terraform user's hands type: the single-dash spellings, and the global options before the
 * command, each as one row run through the CLI against the emulator over HTTP. Every row also runs
 * on a terminal, where colour would show if an option were lost on the way.
 */
class TerraformSpellingsIT {
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

  /** One spelling: the arguments, with {URL}, {TOKEN_FILE} and {DIR} filled in. */
  record Row(String name, List<String> args, int exitCode, Check check) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What else a row must show besides its exit code. */
  interface Check {
    void verify(Result r, Path dir) throws Exception;
  }

  static Stream<Arguments> spellings() {
    Check plain = (r, d) -> assertThat(r.all()).doesNotContain("\u001b[");
    Check savedPlan = (r, d) -> assertThat(d.resolve("p.json")).isRegularFile();
    Check debugLog = (r, d) -> assertThat(r.err()).contains("[http] ");
    Check sandbox =
        (r, d) -> {
          assertThat(r.err()).contains("Sandbox: using the local emulator's account");
          assertThat(d.resolve("sandbox.json")).isRegularFile();
        };
    Check none = (r, d) -> {};
    return Stream.of(
            row("plan -detailed-exitcode", 2, none, "plan", "{ENDPOINT}", "-detailed-exitcode"),
            row("plan --detailed-exitcode", 2, none, "plan", "{ENDPOINT}", "--detailed-exitcode"),
            row("plan -out=FILE", 0, savedPlan, "plan", "{ENDPOINT}", "-out={DIR}/p.json"),
            row("plan -out FILE", 0, savedPlan, "plan", "{ENDPOINT}", "-out", "{DIR}/p.json"),
            row("plan --out=FILE", 0, savedPlan, "plan", "{ENDPOINT}", "--out={DIR}/p.json"),
            row("plan -no-color", 0, plain, "plan", "{ENDPOINT}", "-no-color"),
            row(
                "apply -auto-approve",
                0,
                plain,
                "apply",
                "{ENDPOINT}",
                "-auto-approve",
                "-no-color"),
            row("validate -no-color", 0, plain, "validate", "-no-color"),
            row("-no-color before validate", 0, plain, "-no-color", "validate"),
            row("--no-color before plan", 0, plain, "--no-color", "plan", "{ENDPOINT}"),
            row("-no-color before plan", 0, plain, "-no-color", "plan", "{ENDPOINT}"),
            row(
                "--endpoint before plan",
                2,
                none,
                "--endpoint",
                "{URL}",
                "plan",
                "-no-color",
                "-detailed-exitcode"),
            row(
                "--endpoint= before plan",
                2,
                none,
                "--endpoint={URL}",
                "plan",
                "-detailed-exitcode"),
            row(
                "--token-file before plan",
                0,
                none,
                "--token-file",
                "{TOKEN_FILE}",
                "--endpoint",
                "{URL}",
                "plan",
                "--no-color"),
            row(
                "--sandbox before plan",
                2,
                sandbox,
                "--sandbox={DIR}/sandbox.json",
                "plan",
                "--detailed-exitcode"),
            row(
                "--sandbox before apply",
                0,
                sandbox,
                "--sandbox={DIR}/sandbox.json",
                "apply",
                "-auto-approve"),
            row("--timeout before plan", 0, none, "--timeout", "30s", "{GLOBALS}", "plan"),
            row("--debug before plan", 0, debugLog, "--debug", "{GLOBALS}", "plan"),
            row("--debug before validate", 0, none, "--debug", "validate"),
            row(
                "--lock-timeout before plan",
                0,
                sandbox,
                "--lock-timeout",
                "5s",
                "--sandbox={DIR}/sandbox.json",
                "plan"))
        .map(Arguments::of);
  }

  private static Row row(String name, int exit, Check check, String... args) {
    return new Row(name, List.of(args), exit, check);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void eachSpellingIsAccepted(Row row) throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, emulator.token(TokenLevel.FULL_ACCESS) + "\n");
    List<String> args = new ArrayList<>();
    for (String a : row.args()) {
      switch (a) {
        case "{ENDPOINT}" -> args.addAll(List.of("--endpoint", url()));
        case "{GLOBALS}" ->
            args.addAll(List.of("--endpoint", url(), "--token-file", tokenFile.toString()));
        default ->
            args.add(
                a.replace("{URL}", url())
                    .replace("{TOKEN_FILE}", tokenFile.toString())
                    .replace("{DIR}", dir.toString()));
      }
    }
    if (args.contains("validate") || (args.contains("plan") && !args.contains("-f"))) {
      args.addAll(List.of("-f", SPEC));
    }
    if (args.contains("apply") && !args.contains("-f")) args.addAll(List.of("-f", SPEC));
    Map<String, String> env = Map.of("BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
    if (args.contains("--token-file")) env = Map.of();
    Result r =
        CliRun.run(
            env,
            new ScriptedTerminal(Duration.ZERO, "no"),
            new FakeInterrupts(),
            args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(row.exitCode());
    assertThat(r.err()).as(r.toString()).doesNotContain("Unknown option", "Error:");
    row.check().verify(r, dir);
  }

  private String url() {
    return emulator.graphqlUrl().toString();
  }
}
