package dev.borgform.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The release the integration tests share, built once per test run with {@link ReleaseBuilder} from
 * the jar failsafe built (jlink is the slow part), and the tools to use it as a user would: with no
 * Java on PATH, and through the GitHub Action's install step.
 */
public final class ReleaseFixture {
  /** A fixed commit time: the tests compare builds of the same inputs. */
  static final Instant TIME = Instant.parse("2026-11-29T12:00:00Z");

  private static ReleaseBuilder.Release first;

  private ReleaseFixture() {}

  public static String version() {
    String v = System.getProperty("borgform.version");
    assertThat(v).as("failsafe passes -Dborgform.version").isNotNull();
    return v;
  }

  static Path jar() {
    String jar = System.getProperty("borgform.jar");
    assertThat(jar).as("failsafe passes -Dborgform.jar").isNotNull();
    return Path.of(jar);
  }

  /** The release, built on first use into target/release-it/a. */
  public static synchronized ReleaseBuilder.Release release() throws Exception {
    if (first == null) first = build("a");
    return first;
  }

  static ReleaseBuilder.Release build(String name) throws Exception {
    Path out = jar().getParent().resolve("release-it").resolve(name);
    return ReleaseBuilder.build(Path.of("").toAbsolutePath(), jar(), version(), TIME, out);
  }

  /** The tools the launcher and the install step use, and nothing else (no java). */
  private static final List<String> TOOLS =
      List.of(
          "sh",
          "bash",
          "readlink",
          "dirname",
          "cksum",
          "cut",
          "mkdir",
          "mv",
          "rm",
          "cat",
          "curl",
          "sha256sum",
          "tar",
          "gzip",
          "tr",
          "uname",
          "printf",
          "env",
          "ls");

  /** A folder of links to {@link #TOOLS}, to be the whole PATH. */
  public static Path pathWithoutJava(Path dir) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("tools"));
    for (String tool : TOOLS) {
      Path wrapper = bin.resolve(tool);
      if (Files.exists(wrapper)) continue;
      for (String d : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
        Path p = Path.of(d, tool);
        if (Files.isExecutable(p)) {
          // A script, not a link: the temporary folder's clean-up then never meets a link.
          Files.writeString(wrapper, "#!/bin/sh\nexec '" + p.toRealPath() + "' \"$@\"\n");
          Files.setPosixFilePermissions(
              wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
          break;
        }
      }
    }
    return bin;
  }

  /** A user's environment: this PATH, a home, no JAVA_HOME, nothing of the build's. */
  public static Map<String, String> userEnv(Path path, Path home) throws IOException {
    Files.createDirectories(home);
    return Map.of(
        "PATH", path.toString(), "HOME", home.toString(), "LANG", "C.UTF-8", "NO_COLOR", "1");
  }

  public record Run(int exit, String output) {}

  public static Run run(Path dir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "(unreadable: " + e + ")";
              }
            });
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new Run(-1, out.getNow("") + "\n(killed after 3 minutes)");
    }
    return new Run(p.exitValue(), out.join());
  }

  /**
   * Runs the install step of action.yml (the repository's GitHub Action) as GitHub's runner does:
   * its {@code ${{ inputs.* }}} filled in, through {@code bash --noprofile --norc -eo pipefail},
   * with {@code GITHUB_PATH}, {@code GITHUB_OUTPUT} and {@code RUNNER_TEMP} in {@code work}.
   */
  public static Run runAction(Path work, Map<String, String> inputs, Map<String, String> env)
      throws IOException, InterruptedException {
    Map<?, ?> action = actionYml();
    Map<?, ?> runs = (Map<?, ?>) action.get("runs");
    assertThat(runs.get("using")).isEqualTo("composite");
    List<?> steps = (List<?>) runs.get("steps");
    assertThat(steps).hasSize(1);
    Map<?, ?> step = (Map<?, ?>) steps.get(0);
    assertThat(step.get("shell")).isEqualTo("bash");
    Map<String, String> all = new java.util.HashMap<>(env);
    ((Map<?, ?>) step.get("env"))
        .forEach((k, v) -> all.put(String.valueOf(k), fill(String.valueOf(v), inputs)));
    Files.createDirectories(work);
    Path runnerTemp = Files.createDirectories(work.resolve("runner-temp"));
    all.put("RUNNER_TEMP", runnerTemp.toString());
    all.put("GITHUB_PATH", work.resolve("github-path").toString());
    all.put("GITHUB_OUTPUT", work.resolve("github-output").toString());
    String script = fill(String.valueOf(step.get("run")), inputs);
    return run(
        work, all, List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script));
  }

  /** action.yml as GitHub reads it (YAML 1.2). */
  public static Map<?, ?> actionYml() throws IOException {
    LoadSettings settings =
        LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
    return (Map<?, ?>) new Load(settings).loadFromString(Files.readString(Path.of("action.yml")));
  }

  private static String fill(String text, Map<String, String> inputs) {
    String s = text;
    for (Map.Entry<String, String> e : inputs.entrySet()) {
      s = s.replace("${{ inputs." + e.getKey() + " }}", e.getValue());
    }
    assertThat(s).as("every input the step uses is given").doesNotContain("${{ inputs.");
    return s;
  }
}
