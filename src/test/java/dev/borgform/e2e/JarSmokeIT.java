package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a separate process, as users run it (terraform's e2etest). */
class JarSmokeIT {
  @TempDir Path dir;

  private record Proc(int exit, String out) {}

  private Proc run(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("borgform.jar");
    assertThat(jar).as("failsafe passes -Dborgform.jar").isNotNull();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    assertThat(done).as("borgform finished within 60 s").isTrue();
    return new Proc(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theJarAppliesTheExampleOnTheSandboxThenPlansNoChanges() throws Exception {
    String state = "--sandbox=" + dir.resolve("sandbox.json");
    Proc apply = run("apply", state, "--auto-approve", "-f", "examples/borgbase.yaml");
    assertThat(apply.exit()).as(apply.out()).isZero();
    assertThat(apply.out()).contains("Apply complete! 7 applied");

    Proc plan = run("plan", state, "-f", "examples/borgbase.yaml", "--detailed-exitcode");
    assertThat(plan.exit()).as(plan.out()).isZero();
    assertThat(plan.out()).contains("No changes. The account matches the spec.");
  }

  @Test
  void versionAndHelpWork() throws Exception {
    Proc v = run("--version");
    assertThat(v.exit()).isZero();
    assertThat(v.out()).startsWith("borgform ").doesNotContain("${");
    Proc h = run("--help");
    assertThat(h.exit()).isZero();
    assertThat(h.out())
        .contains("validate")
        .contains("plan")
        .contains("apply")
        .contains("emulator");
  }
}
