package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --sandbox: the emulator in-process, its account kept in a file between runs. */
class SandboxIT {
  @TempDir Path dir;

  @Test
  void theSandboxAccountPersistsBetweenRuns() throws Exception {
    String state = "--sandbox=" + dir.resolve("sandbox.json");
    Result apply =
        CliRun.run(Map.of(), "apply", state, "--auto-approve", "-f", "examples/borgbase.yaml");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.err()).contains("Sandbox: using the local emulator's account");
    assertThat(Files.readString(dir.resolve("sandbox.json"))).contains("\"web-01\"");

    Result plan =
        CliRun.run(Map.of(), "plan", state, "-f", "examples/borgbase.yaml", "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("No changes.");
  }

  @Test
  void sandboxAndEndpointTogetherIsAUsageError() {
    Result r =
        CliRun.run(
            Map.of(),
            "plan",
            "--sandbox=" + dir.resolve("s.json"),
            "--endpoint",
            "https://x/graphql",
            "-f",
            "examples/borgbase.yaml");
    assertThat(r.exitCode()).isEqualTo(64);
  }
}
