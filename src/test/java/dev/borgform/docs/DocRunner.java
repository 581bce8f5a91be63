package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs shell commands from the docs as a reader would: through bash, in a folder of their own, with
 * {@code ./borgform} and {@code borgform} both starting the built jar.
 */
final class DocRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The repository root: failsafe and surefire run in the project's base directory. */
  static Path root() {
    Path root = Path.of("").toAbsolutePath();
    assertThat(root.resolve("README.md")).as("tests run in the project folder").exists();
    return root;
  }

  static Path jar() {
    String jar = System.getProperty("borgform.jar");
    assertThat(jar).as("failsafe passes -Dborgform.jar").isNotNull();
    assertThat(Path.of(jar)).as("the jar is built before the integration tests").exists();
    return Path.of(jar);
  }

  private final Path root;
  private final Path bin;
  private final String launcher;

  private DocRunner(Path root, Path bin, String launcher) {
    this.root = root;
    this.bin = bin;
    this.launcher = launcher;
  }

  /**
   * Writes the {@code borgform} launcher into {@code work/bin}. It is {@code java -jar} on the
   * built jar with the speed-ups of the project's own launcher (a class-data archive made once per
   * jar, the quick compiler only), since the docs test starts borgform dozens of times.
   */
  static DocRunner prepare(Path work) throws IOException, InterruptedException {
    Path root = root();
    Path jar = jar();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path archive = classDataArchive(root, jar, java);
    StringBuilder sh = new StringBuilder("#!/bin/sh\nexec '").append(java).append("'");
    if (archive != null) {
      sh.append(" -XX:SharedArchiveFile='")
          .append(archive)
          .append("' -Xlog:cds=off -Xlog:cds+dynamic=off");
    }
    sh.append(" -XX:TieredStopAtLevel=1 -jar '").append(jar).append("' \"$@\"\n");
    Path bin = Files.createDirectories(work.resolve("bin"));
    writeExecutable(bin.resolve("borgform"), sh.toString());
    return new DocRunner(root, bin, sh.toString());
  }

  /**
   * A class-data archive for this jar in target/docs-it, made by one training run when missing or
   * older than the jar. Null when it cannot be made: the commands then start without it.
   */
  private static Path classDataArchive(Path root, Path jar, String java)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(jar.getParent().resolve("docs-it"));
    Path archive = dir.resolve("borgform.jsa");
    if (Files.exists(archive)
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
      return archive;
    }
    Path tmp = Files.createTempDirectory(dir, "train");
    Path made = tmp.resolve("borgform.jsa");
    Process p =
        new ProcessBuilder(
                java,
                "-XX:ArchiveClassesAtExit=" + made,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-jar",
                jar.toString(),
                "apply",
                "--sandbox=" + tmp.resolve("sandbox.json"),
                "-f",
                root.resolve("examples/borgbase.yaml").toString(),
                "--auto-approve")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(made);
    if (!ok) p.destroyForcibly();
    if (ok)
      Files.move(
          made, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(tmp);
    return ok ? archive : null;
  }

  /**
   * A fresh folder as the docs assume a reader's to be: a copy of {@code examples/}, and a spec of
   * their own ({@code borgbase.yaml} with its {@code keys/}, copied from the example), and {@code
   * ./borgform}.
   */
  Path workspace(Path parent, String name) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    copyTree(root.resolve("examples"), dir.resolve("examples"));
    Files.copy(root.resolve("examples/borgbase.yaml"), dir.resolve("borgbase.yaml"));
    copyTree(root.resolve("examples/keys"), dir.resolve("keys"));
    writeExecutable(dir.resolve("borgform"), launcher);
    return dir;
  }

  /**
   * The environment every command gets: this process's, without any BorgBase, proxy or CA settings
   * of the machine, with borgform on PATH, a home of its own and no colours, plus {@code extra}.
   */
  Map<String, String> environment(Path home, Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("BORGBASE_") && !k.equals("NO_COLOR") && !network(k)) {
                env.put(k, v);
              }
            });
    env.put(
        "PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", Files.createDirectories(home).toString());
    env.put("NO_COLOR", "1");
    env.put("SHELL", "/bin/bash");
    env.putAll(extra);
    return env;
  }

  /**
   * Proxy and CA variables of the machine would reroute the docs' requests to their local emulator
   * (borgform honours them as curl does), so the docs run without them.
   */
  private static boolean network(String variable) {
    String v = variable.toUpperCase(java.util.Locale.ROOT);
    return v.endsWith("_PROXY") || v.startsWith("SSL_CERT_");
  }

  /** Adds an executable to the PATH the commands see (stand-ins for CI tools). */
  void addTool(String name, String script) throws IOException {
    writeExecutable(bin.resolve(name), script);
  }

  void removeTool(String name) throws IOException {
    Files.deleteIfExists(bin.resolve(name));
  }

  record Result(int exit, String output) {}

  /**
   * Runs one command through bash, standard input closed. With {@code typeYes} it runs in a
   * pseudo-terminal (util-linux {@code script}) and {@code yes} is typed, as the reader would.
   */
  static Result run(Path dir, Map<String, String> env, String command, boolean typeYes)
      throws IOException, InterruptedException {
    if (typeYes) {
      assertThat(Path.of("/usr/bin/script"))
          .as("util-linux `script` gives commands that ask for confirmation a terminal")
          .exists();
    }
    ProcessBuilder pb =
        typeYes
            ? new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
            : new ProcessBuilder("bash", "-c", command);
    return start(pb, dir, env, typeYes ? "yes\n" : null);
  }

  /** Runs a CI script as the runners do: bash with -e and -o pipefail. */
  static Result runScript(Path dir, Map<String, String> env, String script)
      throws IOException, InterruptedException {
    return start(
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script),
        dir,
        env,
        null);
  }

  private static Result start(ProcessBuilder pb, Path dir, Map<String, String> env, String input)
      throws IOException, InterruptedException {
    pb.directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    if (input != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new Result(-1, out.getNow("") + "\n(killed after " + TIMEOUT.toSeconds() + " s)");
    }
    return new Result(p.exitValue(), out.join().replace("\r", ""));
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeExecutable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList())
        Files.delete(p);
    }
  }
}
