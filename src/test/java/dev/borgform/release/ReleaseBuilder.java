package dev.borgform.release;

import dev.borgform.Main;
import dev.borgform.cli.Cli;
import dev.borgform.cli.Environment;
import dev.borgform.cli.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Assembles a release from the shaded jar: {@code borgform-VERSION.jar}, the self-contained {@code
 * borgform-VERSION-linux-x64.tar.gz} and {@code SHA256SUMS}. Run by {@code mvn -Prelease package}
 * and by the release tests.
 *
 * <p>The same inputs (jar, version, commit time, JDK, tools) give the same bytes:
 *
 * <ul>
 *   <li>every file in the tarball has the commit's time, owner 0:0, mode 755 or 644, and entries
 *       are sorted by name (GNU tar); gzip writes no name or time into its header;
 *   <li>jlink, run as a process of its own, gives the same output every run; its class-data archive
 *       plugin ({@code --generate-cds-archive}) does not: on JDK 17 what {@code -Xshare:dump}
 *       writes depends on how the JVM's threads interleave (the JDK made the dump deterministic in
 *       19). Measured: dumps with glibc's {@code MALLOC_PERTURB_}, on one CPU ({@code taskset}),
 *       with the serial collector and no JIT still came out in two or three variants (symbol hashes
 *       taken in a different order). So the runtime ships without an archive, and {@code
 *       bin/borgform} makes one static archive of the runtime's classes and borgform's on its first
 *       plan, apply or export (see the launcher).
 * </ul>
 */
@Command(
    name = "release-builder",
    description = "Assembles target/release from the shaded jar (see pom.xml, profile release).")
public final class ReleaseBuilder implements Callable<Integer> {
  /**
   * The Java modules borgform needs: jdeps on the shaded jar (java.logging for OkHttp and the
   * libraries of graphql-java; jdk.httpserver for the emulator behind --sandbox) plus what jdeps
   * cannot see: jdk.crypto.ec, without which TLS cannot agree on ECDHE keys with BorgBase, and
   * jdk.unsupported, whose sun.misc.Signal the CLI reaches by reflection to handle Ctrl-C during
   * apply (without it, Ctrl-C ends the process at once, with no report). {@code ReleaseIT} runs
   * jdeps and fails on a module missing here.
   */
  static final List<String> MODULES =
      List.of("java.base", "java.logging", "jdk.crypto.ec", "jdk.httpserver", "jdk.unsupported");

  /**
   * Modules jdeps reports that borgform never loads: Jackson's and SnakeYAML's optional support for
   * java.beans, java.sql and XML types, each looked up reflectively and skipped when absent.
   */
  static final Map<String, String> NOT_NEEDED =
      Map.of(
          "java.desktop", "java.beans: Jackson's and SnakeYAML's optional JavaBeans support",
          "java.sql", "Jackson's optional java.sql date types",
          "java.xml", "Jackson's optional DOM types");

  @Option(names = "--version", required = true, description = "The release version.")
  String version;

  @Option(
      names = "--commit-time",
      required = true,
      description = "The commit's time (ISO-8601, e.g. 2026-11-29T12:00:00Z): every timestamp.")
  String commitTime;

  @Option(names = "--jar", required = true, description = "The shaded jar.")
  Path jar;

  @Option(names = "--out", required = true, description = "The folder to fill (emptied first).")
  Path out;

  @Option(names = "--root", defaultValue = ".", description = "The project folder.")
  Path root;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReleaseBuilder()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Instant time;
    try {
      time = Instant.parse(commitTime);
    } catch (java.time.format.DateTimeParseException e) {
      System.err.println(
          "release: the commit time "
              + commitTime
              + " is not an ISO-8601 instant; release builds need a git checkout (the commit's"
              + " time fixes every timestamp)");
      return 1;
    }
    Release r = build(root, jar, version, time, out);
    System.out.println("release: " + r.jar());
    System.out.println("release: " + r.tarball());
    System.out.println("release: " + r.sums());
    return 0;
  }

  /** What a build made. */
  public record Release(Path dir, Path jar, Path tarball, Path sums, String name) {}

  public static Release build(Path root, Path jar, String version, Instant time, Path out)
      throws IOException, InterruptedException {
    FileTime mtime = FileTime.from(time);
    String name = "borgform-" + version + "-linux-x64";
    deleteTree(out);
    Files.createDirectories(out);
    Path stageRoot = out.resolveSibling(out.getFileName() + ".stage");
    deleteTree(stageRoot);
    Path stage = Files.createDirectories(stageRoot.resolve(name));

    Path releaseJar = out.resolve("borgform-" + version + ".jar");
    Files.copy(jar, releaseJar);

    Path runtime = stage.resolve("runtime");
    jlink(runtime);

    Files.createDirectories(stage.resolve("lib"));
    Files.copy(jar, stage.resolve("lib/borgform.jar"));
    Files.createDirectories(stage.resolve("bin"));
    Files.copy(root.resolve("src/dist/bin/borgform"), stage.resolve("bin/borgform"));
    for (String doc : List.of("LICENSE", "README.md", "CHANGELOG.md")) {
      Files.copy(root.resolve(doc), stage.resolve(doc));
    }

    Path man = Files.createDirectories(stage.resolve("share/man/man1"));
    ManPages pages = new ManPages(version, time.atZone(ZoneOffset.UTC).toLocalDate());
    for (Map.Entry<String, String> p :
        pages.pages(Cli.commandLine(quietEnvironment())).entrySet()) {
      Files.writeString(man.resolve(p.getKey()), p.getValue());
    }
    writeCompletion(stage.resolve("share/bash-completion/completions/borgform"), "bash");
    writeCompletion(stage.resolve("share/zsh/borgform.zsh"), "zsh");
    writeCompletion(stage.resolve("share/fish/vendor_completions.d/borgform.fish"), "fish");

    normalise(stage, mtime);
    Path tarball = out.resolve(name + ".tar.gz");
    tar(stageRoot, name, time, tarball);
    deleteTree(stageRoot);

    for (Path p : List.of(releaseJar, tarball)) Files.setLastModifiedTime(p, mtime);
    Path sums = out.resolve("SHA256SUMS");
    StringBuilder lines = new StringBuilder();
    for (Path p : List.of(releaseJar, tarball).stream().sorted().toList()) {
      lines.append(sha256(p)).append("  ").append(p.getFileName()).append('\n');
    }
    Files.writeString(sums, lines);
    Files.setLastModifiedTime(sums, mtime);
    return new Release(out, releaseJar, tarball, sums, name);
  }

  /**
   * jlink in a process of its own: run inside the test JVM, two builds once differed in 21
   * java.lang.invoke classes its generate-jli-classes plugin makes (with their SourceFile attribute
   * in one, without in the other); a fresh jlink process gave the same lib/modules in every run
   * measured.
   */
  private static void jlink(Path runtime) throws IOException, InterruptedException {
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IllegalStateException("release: this JDK has no jlink (" + jlink + ")");
    }
    Process p =
        new ProcessBuilder(
                jlink.toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--compress=2",
                "--output",
                runtime.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("release: jlink failed:\n" + log);
    }
  }

  static Environment quietEnvironment() {
    StringWriter sink = new StringWriter();
    return new Environment(
        Map.of(),
        Path.of("").toAbsolutePath(),
        new PrintWriter(sink),
        new PrintWriter(sink),
        Terminal.none(),
        () -> {});
  }

  /** What {@code borgform completion SHELL} prints, as the file the shell loads. */
  private static void writeCompletion(Path file, String shell) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"completion", shell},
            Map.of(),
            new PrintWriter(out),
            new PrintWriter(err));
    if (code != 0) throw new IllegalStateException("release: completion " + shell + ": " + err);
    Files.createDirectories(file.getParent());
    Files.writeString(file, out.toString());
  }

  /** Fixed times and modes: 755 for folders and executables, 644 for everything else. */
  private static void normalise(Path stage, FileTime mtime) throws IOException {
    Set<PosixFilePermission> exec = PosixFilePermissions.fromString("rwxr-xr-x");
    Set<PosixFilePermission> plain = PosixFilePermissions.fromString("rw-r--r--");
    List<Path> all;
    try (Stream<Path> s = Files.walk(stage)) {
      all = s.toList();
    }
    for (Path p : all) {
      if (Files.isSymbolicLink(p)) {
        // jlink links each module's legal notices to java.base's; a link has no mode of its own.
        Path target = Files.readSymbolicLink(p);
        if (target.isAbsolute() || !p.getParent().resolve(target).normalize().startsWith(stage)) {
          throw new IllegalStateException("release: " + p + " links outside the release");
        }
        continue;
      }
      boolean executable =
          Files.isDirectory(p)
              || Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
      Files.setPosixFilePermissions(p, executable ? exec : plain);
    }
    // Children before parents: setting a file's time does not touch its folder's afterwards.
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.getFileAttributeView(
              all.get(i), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(mtime, null, null);
    }
  }

  /** GNU tar with the reproducible-builds options, piped through gzip -n. */
  private static void tar(Path dir, String name, Instant time, Path tarball)
      throws IOException, InterruptedException {
    ProcessBuilder tar =
        new ProcessBuilder(
                "tar",
                "--sort=name",
                "--format=gnu",
                "--owner=0",
                "--group=0",
                "--numeric-owner",
                "--mtime=@" + time.getEpochSecond(),
                "-C",
                dir.toString(),
                "-cf",
                "-",
                name)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    tar.environment().put("LC_ALL", "C");
    ProcessBuilder gzip =
        new ProcessBuilder("gzip", "-n", "-9")
            .redirectOutput(tarball.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    gzip.environment().remove("GZIP");
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(tar, gzip));
    for (Process p : pipeline) {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        pipeline.forEach(Process::destroyForcibly);
        throw new IllegalStateException("release: tar | gzip failed");
      }
    }
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        if (!Files.isSymbolicLink(p)) p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
