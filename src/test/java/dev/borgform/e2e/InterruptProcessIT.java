package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.FaultScenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C as a person sends it: the shaded jar as a separate process, a real SIGINT while a change
 * is in flight. The process's own signal handler has to do what the in-process tests fake.
 */
class InterruptProcessIT {
  @TempDir Path dir;
  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();
  private Path spec;

  @BeforeEach
  void start() throws Exception {
    spec = FaultScenario.writeSpec(dir);
    FaultScenario.seed(emulator.server());
    // The second repoAdd (request 6) is held long enough to be interrupted in flight.
    emulator.addFault(FaultRule.parse("repoAdd:delay=3s@2"));
  }

  private record Proc(int exit, String out, String err) {}

  /** Runs apply, sends {@code signals} SIGINTs once request 6 arrived, and waits for the end. */
  private Proc applyWithSigint(int signals) throws Exception {
    String jar = System.getProperty("borgform.jar");
    assertThat(jar).as("failsafe passes -Dborgform.jar").isNotNull();
    List<String> cmd = new ArrayList<>(defaultSigint());
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar,
            "apply",
            "-f",
            spec.toString(),
            "--auto-approve",
            "--allow-destroy",
            "--batch-size=1",
            "--no-color"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> penv = pb.environment();
    for (String v : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
      penv.remove(v);
    }
    penv.put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
    penv.put("BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // The read, the token-level query the plan's edits need, three sshAdd, two repoAdd.
      while (emulator.stats().requests() < 7 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(emulator.stats().requests())
          .as("the apply got to the second repoAdd")
          .isEqualTo(7);
      for (int i = 0; i < signals; i++) {
        sigint(p.pid());
        Thread.sleep(200);
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("borgform ended").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Proc(
        p.exitValue(),
        java.nio.file.Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        java.nio.file.Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  /**
   * A process started in the background by a shell without job control inherits SIGINT as ignored,
   * and then no handler can be installed. GNU env can give the jar the default back, so the test
   * means the same wherever it runs; without it, the test needs SIGINT not ignored here.
   */
  private static List<String> defaultSigint() throws IOException, InterruptedException {
    Process probe =
        new ProcessBuilder("env", "--default-signal=INT", "true")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (probe.waitFor() == 0) return List.of("env", "--default-signal=INT");
    String status = java.nio.file.Files.readString(Path.of("/proc/self/status"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("SigIgn:\\s*([0-9a-f]+)").matcher(status);
    boolean ignored = m.find() && (Long.parseLong(m.group(1), 16) & 0x2) != 0;
    org.junit.jupiter.api.Assumptions.assumeFalse(ignored, "SIGINT is ignored in this process");
    return List.of();
  }

  private static void sigint(long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  @Test
  void sigintFinishesTheChangeInFlightPrintsTheReportAndExits130() throws Exception {
    Proc p = applyWithSigint(1);
    assertThat(p.exit()).as(p.out() + p.err()).isEqualTo(130);
    assertThat(p.out())
        .contains("repo.add-2: create done (id ")
        .contains("Apply interrupted. 5 applied, 0 outcomes unknown, 10 not attempted.\n")
        .contains("  not attempted: repo.add-3 create\n");
    assertThat(p.err())
        .contains("Interrupted: finishing the request in flight, then stopping")
        .contains("Error: Apply interrupted (Ctrl-C)");
    assertThat(emulator.stats().field("repoAdd")).isEqualTo(2);
    assertThat(emulator.stats().requests()).isEqualTo(7);
  }

  @Test
  void aSecondSigintStopsAtOnceWithoutWaitingForTheAnswer() throws Exception {
    Proc p = applyWithSigint(2);
    assertThat(p.exit()).as(p.out() + p.err()).isEqualTo(130);
    assertThat(p.err()).contains("Interrupted again: stopping at once.");
    // It did not wait for the held answer: no line for the change in flight, no report.
    assertThat(p.out()).doesNotContain("Apply interrupted.").doesNotContain("repo.add-2: create");
    assertThat(emulator.stats().requests()).isEqualTo(7);
  }
}
