package dev.borgform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both launchers start each command with the JVM options the bench uses ({@link Launcher}): run
 * here with a stand-in {@code java} that writes down its arguments, laid out as in a checkout
 * ({@code ./borgform}) and as in the release ({@code bin/borgform} beside {@code runtime/}).
 */
class LauncherOptionsTest {
  private static final String FAKE_JAVA = "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$CALLS\"\n";

  @TempDir Path dir;

  /** A launcher laid out for a run, and the folder to put first on PATH (null: none). */
  private record Layout(Path script, @Nullable Path pathFirst) {}

  @ParameterizedTest
  @ValueSource(strings = {"plan", "apply", "validate", "export", "--version", "emulator"})
  void theReleaseLauncherGivesTheBenchsOptions(String command) throws Exception {
    assertThat(optionsOfTheRun(release(), command, Map.of()))
        .isEqualTo(Launcher.jvmOptions(command, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plan", "apply", "validate", "export", "--version", "emulator"})
  void theCheckoutLauncherGivesTheBenchsOptions(String command) throws Exception {
    assertThat(optionsOfTheRun(checkout(), command, Map.of()))
        .isEqualTo(Launcher.jvmOptions(command, Map.of()));
  }

  /** The JVM refuses to start with two collectors: one chosen in the environment wins. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "JAVA_TOOL_OPTIONS, -XX:+UseG1GC",
    "JDK_JAVA_OPTIONS, -Xmx1g -XX:+UseParallelGC",
    "JAVA_TOOL_OPTIONS, -Xmx1g",
  })
  void aCollectorChosenInTheEnvironmentWins(String variable, String value) throws Exception {
    Map<String, String> env = Map.of(variable, value);
    List<String> expected = Launcher.jvmOptions("plan", env);
    assertThat(expected.contains("-XX:+UseSerialGC")).isEqualTo(!value.contains("GC"));
    assertThat(optionsOfTheRun(release(), "plan", env)).isEqualTo(expected);
    assertThat(optionsOfTheRun(checkout(), "plan", env)).isEqualTo(expected);
  }

  private Layout release() throws IOException {
    Path home = dir.resolve("borgform-1.0");
    Path script = home.resolve("bin/borgform");
    if (Files.exists(script)) return new Layout(script, null);
    Files.createDirectories(script.getParent());
    Files.copy(Path.of("src/dist/bin/borgform"), script);
    executable(script);
    Path java = home.resolve("runtime/bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, FAKE_JAVA);
    executable(java);
    Files.createDirectories(home.resolve("lib"));
    Files.writeString(home.resolve("lib/borgform.jar"), "");
    return new Layout(script, null);
  }

  private Layout checkout() throws IOException {
    Path checkout = dir.resolve("checkout");
    Path script = checkout.resolve("borgform");
    Path bin = dir.resolve("fake-bin");
    if (Files.exists(script)) return new Layout(script, bin);
    Files.createDirectories(checkout.resolve("src/main"));
    Files.copy(Path.of("borgform"), script);
    executable(script);
    Path pom = Files.writeString(checkout.resolve("pom.xml"), "");
    Path jar = checkout.resolve("target/borgform.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "");
    // The jar is newer than the sources, so the launcher does not build it.
    FileTime before = FileTime.from(Instant.now().minusSeconds(3600));
    Files.setLastModifiedTime(pom, before);
    Files.setLastModifiedTime(checkout.resolve("src/main"), before);
    Files.createDirectories(bin);
    Files.writeString(bin.resolve("java"), FAKE_JAVA);
    executable(bin.resolve("java"));
    return new Layout(script, bin);
  }

  /** The options of the last {@code java} the launcher ran: the command's own run. */
  private List<String> optionsOfTheRun(Layout layout, String command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path calls = dir.resolve("calls.txt");
    Files.deleteIfExists(calls);
    ProcessBuilder pb =
        new ProcessBuilder(layout.script().toString(), command, "-f", "spec.yaml")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().putAll(env);
    pb.environment().put("CALLS", calls.toString());
    pb.environment().put("HOME", dir.toString());
    if (layout.pathFirst() != null) {
      pb.environment().put("PATH", layout.pathFirst() + ":" + System.getenv("PATH"));
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    List<String> lines = Files.readAllLines(calls, StandardCharsets.UTF_8);
    List<String> last = Arrays.asList(lines.get(lines.size() - 1).split(" "));
    assertThat(last)
        .as("the command's run")
        .endsWith("-jar", last.get(last.indexOf("-jar") + 1), command, "-f", "spec.yaml");
    List<String> options = new ArrayList<>();
    for (String a : last.subList(0, last.indexOf("-jar"))) {
      // Class-data sharing (mapping the archive, or listing the classes to make it of) and its
      // logging are the launcher's own business.
      if (!a.startsWith("-XX:SharedArchiveFile")
          && !a.startsWith("-XX:DumpLoadedClassList")
          && !a.startsWith("-Xlog:")) {
        options.add(a);
      }
    }
    return options;
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
