package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.EmulatorCommandRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code borgform emulator --port P --state F} serving a separate CLI run over HTTP, as a user or a
 * CI job runs it: URL and tokens come from its first lines, the account survives a restart.
 */
class EmulatorCommandIT {
  @TempDir Path dir;

  @Test
  void servesTheCliOverHttpAndKeepsTheAccountAcrossRestarts() throws Exception {
    String spec = Path.of("examples/borgbase.yaml").toAbsolutePath().toString();
    String state = dir.resolve("emulator.json").toString();
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(dir, "emulator", "--port", "0", "--state", state)) {
      assertThat(emu.out.toString().lines().findFirst().orElse(""))
          .startsWith("export BORGBASE_API_URL=http://127.0.0.1:");
      Map<String, String> env = new HashMap<>();
      env.put("BORGBASE_API_URL", emu.value("BORGBASE_API_URL"));
      env.put("BORGBASE_TOKEN", emu.value("BORGBASE_TOKEN_FULL"));
      assertThat(CliRun.run(env, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
    }
    assertThat(Files.readString(Path.of(state))).contains("web-01");

    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(dir, "emulator", "--port", "0", "--state", state)) {
      Map<String, String> env = new HashMap<>();
      env.put("BORGBASE_API_URL", emu.value("BORGBASE_API_URL"));
      env.put("BORGBASE_TOKEN", emu.value("BORGBASE_TOKEN_READ"));
      CliRun.Result plan = CliRun.run(env, "plan", "-f", spec, "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
    }
  }

  @Test
  void fixedTokensAreUsedButNotEchoed() throws Exception {
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(
            dir, "emulator", "--port", "0", "--token", "full=my-own-full-token")) {
      assertThat(emu.out.toString())
          .doesNotContain("my-own-full-token")
          .contains("# BORGBASE_TOKEN_FULL: as given with --token full=...")
          .contains("export BORGBASE_TOKEN_READ=");
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL",
              emu.value("BORGBASE_API_URL"),
              "BORGBASE_TOKEN",
              "my-own-full-token");
      String spec = Path.of("examples/borgbase.yaml").toAbsolutePath().toString();
      assertThat(CliRun.run(env, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
    }
  }

  @Test
  void tokensGivenWithStateAreAcceptedAfterARestartAndAreNotEchoed() throws Exception {
    String spec = Path.of("examples/borgbase.yaml").toAbsolutePath().toString();
    Path state = dir.resolve("kept.json");
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(
            dir,
            "emulator",
            "--port",
            "0",
            "--state",
            state.toString(),
            "--token",
            "full=yesterdays")) {
      Map<String, String> env =
          Map.of("BORGBASE_API_URL", emu.value("BORGBASE_API_URL"), "BORGBASE_TOKEN", "yesterdays");
      assertThat(CliRun.run(env, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
    }
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state)))
        .as("the file holds a credential")
        .isEqualTo("rw-------");
    // Restarted without --token: yesterday's token still works, and is still not printed.
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(dir, "emulator", "--port", "0", "--state", state.toString())) {
      assertThat(emu.out.toString())
          .doesNotContain("yesterdays")
          .contains("# BORGBASE_TOKEN_FULL: kept in the --state file from an earlier --token full")
          .contains("BORGBASE_TOKEN_READ=");
      Map<String, String> env =
          Map.of("BORGBASE_API_URL", emu.value("BORGBASE_API_URL"), "BORGBASE_TOKEN", "yesterdays");
      CliRun.Result plan = CliRun.run(env, "plan", "-f", spec, "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.toString()).isZero();

      // A second emulator on the same file is refused at once, naming this process.
      StringWriter err = new StringWriter();
      Environment second =
          new Environment(
              Map.of(),
              dir,
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              Terminal.none(),
              () -> {});
      assertThat(
              Cli.run(
                  new String[] {
                    "emulator",
                    "--port",
                    "0",
                    "--state",
                    state.toString(),
                    "--lock-timeout",
                    "200ms"
                  },
                  second))
          .isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "The state file " + state + " is in use by process " + ProcessHandle.current().pid())
          .contains("still after waiting 200ms")
          .contains("One process at a time may use an emulator state file");
    }
  }

  @Test
  void theStartUpLinesAreShellThatSetsTheVariables() throws Exception {
    try (EmulatorCommandRun emu = new EmulatorCommandRun(dir, "emulator", "--port", "0")) {
      String banner = emu.out.toString();
      String startUp = banner.substring(0, banner.indexOf("# stop"));
      assertThat(startUp.lines())
          .allMatch(l -> l.startsWith("export ") || l.startsWith("# "))
          .anyMatch(l -> l.startsWith("export BORGBASE_TOKEN_CREATE="));
      Path file = dir.resolve("emulator.env");
      Files.writeString(file, banner);
      // What a CI script does with them: eval (or source) the lines, then use the variables.
      Process p =
          new ProcessBuilder(
                  "bash",
                  "-c",
                  "eval \"$(cat \"$1\")\" && printf '%s\\n' \"$BORGBASE_API_URL\""
                      + " \"$BORGBASE_TOKEN_FULL\" \"$BORGBASE_TOKEN_CREATE\" \"$BORGBASE_TOKEN_READ\"",
                  "bash",
                  file.toString())
              .redirectErrorStream(true)
              .start();
      String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(printed).isZero();
      assertThat(printed)
          .isEqualTo(
              emu.value("BORGBASE_API_URL")
                  + "\n"
                  + emu.value("BORGBASE_TOKEN_FULL")
                  + "\n"
                  + emu.value("BORGBASE_TOKEN_CREATE")
                  + "\n"
                  + emu.value("BORGBASE_TOKEN_READ")
                  + "\n");
      assertThat(emu.err.toString()).isEmpty();
    }
  }

  @Test
  void valuesAShellWouldReadAreQuoted() {
    assertThat(EmulatorCommand.export("U", "http://127.0.0.1:8080/graphql"))
        .isEqualTo("export U=http://127.0.0.1:8080/graphql");
    assertThat(EmulatorCommand.export("U", "http://[::1]:8080/graphql"))
        .isEqualTo("export U='http://[::1]:8080/graphql'");
    assertThat(EmulatorCommand.export("T", "it's $x")).isEqualTo("export T='it'\\''s $x'");
  }

  @Test
  void listeningOnEveryInterfaceIsWarnedAbout() throws Exception {
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(dir, "emulator", "--port", "0", "--bind", "0.0.0.0")) {
      assertThat(emu.err.toString())
          .isEqualTo(
              "Warning: the emulator listens on every network interface (0.0.0.0): anyone who can"
                  + " reach this machine can use it with the tokens it prints. Leave out --host to"
                  + " listen on 127.0.0.1 only.\n");
      // The URL it prints still works from this machine.
      assertThat(emu.value("BORGBASE_API_URL")).startsWith("http://127.0.0.1:");
      CliRun.Result plan =
          CliRun.run(
              Map.of(
                  "BORGBASE_API_URL",
                  emu.value("BORGBASE_API_URL"),
                  "BORGBASE_TOKEN",
                  emu.value("BORGBASE_TOKEN_READ")),
              "plan",
              "-f",
              Path.of("examples/borgbase.yaml").toAbsolutePath().toString());
      assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(0);
    }
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(dir, "emulator", "--port", "0", "--host", "127.0.0.1")) {
      assertThat(emu.err.toString()).isEmpty();
    }
  }

  @Test
  void anUnknownTokenLevelIsAUsageError() {
    StringWriter err = new StringWriter();
    Environment env =
        new Environment(
            Map.of(),
            dir,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Terminal.none(),
            () -> {});
    assertThat(Cli.run(new String[] {"emulator", "--port", "0", "--token", "admin=x"}, env))
        .isEqualTo(64);
    assertThat(err.toString()).contains("unknown token level \"admin\"");
  }

  @Test
  void aPortInUseIsAClearFailure() throws Exception {
    try (EmulatorCommandRun first = new EmulatorCommandRun(dir, "emulator", "--port", "0")) {
      String url = first.value("BORGBASE_API_URL");
      String port = url.replaceAll(".*:(\\d+)/.*", "$1");
      StringWriter err = new StringWriter();
      Environment env =
          new Environment(
              Map.of(),
              dir,
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              Terminal.none(),
              () -> {});
      assertThat(Cli.run(new String[] {"emulator", "--port", port}, env)).isEqualTo(1);
      assertThat(err.toString()).contains("Could not start the emulator").contains("--port");
    }
  }

  @Test
  void faultsFromTheCommandLineStrikeAndAreListedInTheBanner() throws Exception {
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(
            dir,
            "emulator",
            "--port",
            "0",
            "--fault",
            "repoAdd:lost@2",
            "--fault",
            "query:error=502@1",
            "--latency",
            "5ms",
            "--seed",
            "7")) {
      assertThat(emu.out.toString())
          .contains("# fault: repoAdd:lost@2\n")
          .contains("# fault: query:error=502@1\n");
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL",
              emu.value("BORGBASE_API_URL"),
              "BORGBASE_TOKEN",
              emu.value("BORGBASE_TOKEN_FULL"));
      String spec = Path.of("examples/borgbase.yaml").toAbsolutePath().toString();
      CliRun.Result apply =
          CliRun.run(env, "apply", "-f", spec, "--auto-approve", "--batch-size=1");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.err()).contains("Note: BorgBase answered HTTP 502 to the account read");
      assertThat(apply.out())
          .contains("repo.nas: create OUTCOME UNKNOWN")
          .contains("(round 2 of 3)");
      assertThat(CliRun.run(env, "plan", "-f", spec, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  @Test
  void anExpiredTokenAndARepoLimitCanBeSet() throws Exception {
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(
            dir,
            "emulator",
            "--port",
            "0",
            "--expired-token",
            "expired-token-1",
            "--max-repos",
            "1")) {
      assertThat(emu.out.toString()).doesNotContain("expired-token-1");
      String url = emu.value("BORGBASE_API_URL");
      String spec = Path.of("examples/borgbase.yaml").toAbsolutePath().toString();
      CliRun.Result expired =
          CliRun.run(
              Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", "expired-token-1"),
              "plan",
              "-f",
              spec);
      assertThat(expired.err())
          .startsWith("Error: BorgBase refused the token: Signature has expired");
      CliRun.Result full =
          CliRun.run(
              Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", emu.value("BORGBASE_TOKEN_FULL")),
              "apply",
              "-f",
              spec,
              "--auto-approve");
      assertThat(full.out()).contains("create FAILED: Over quota or too many repos.");
    }
  }

  @Test
  void aBadFaultIsAUsageErrorThatShowsTheSyntax() {
    StringWriter err = new StringWriter();
    Environment env =
        new Environment(
            Map.of(),
            dir,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Terminal.none(),
            () -> {});
    assertThat(Cli.run(new String[] {"emulator", "--port", "0", "--fault", "repoAdd:explode"}, env))
        .isEqualTo(64);
    assertThat(err.toString())
        .contains("Error: bad --fault repoAdd:explode: unknown fault \"explode\"")
        .contains("Write OPERATION:KIND[=ARG][@WHEN], e.g. --fault repoAdd:lost@2");
    StringWriter err2 = new StringWriter();
    Environment env2 =
        new Environment(
            Map.of(),
            dir,
            new PrintWriter(new StringWriter()),
            new PrintWriter(err2),
            Terminal.none(),
            () -> {});
    assertThat(Cli.run(new String[] {"emulator", "--port", "0", "--latency", "2h"}, env2))
        .isEqualTo(64);
    assertThat(err2.toString()).contains("--latency takes a duration such as 500ms, 30s or 2m");
  }

  @Test
  void theHelpExplainsFaultsWithExamples() {
    StringWriter out = new StringWriter();
    Environment env =
        new Environment(
            Map.of(),
            dir,
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            Terminal.none(),
            () -> {});
    assertThat(Cli.run(new String[] {"emulator", "--help"}, env)).isZero();
    assertThat(out.toString())
        .contains("--fault=RULE")
        .contains("lost            runs and commits, then drops the connection\n")
        .contains("borgform emulator --fault repoAdd:lost@2")
        .contains("borgform emulator --fault any:ratelimit=1@rate=0.2 --seed 7");
  }
}
