package dev.borgform.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.release.ReleaseFixture.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it: the tarball unpacked on a PATH without Java runs borgform's
 * commands against the sandbox; its man pages render; its checksums verify; two builds of the same
 * inputs are the same bytes; and the GitHub Action installs it from a file:// URL, refusing a wrong
 * checksum.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseIT {
  private ReleaseBuilder.Release release;
  private Path home;
  private Map<String, String> env;
  private Path work;

  @BeforeAll
  void unpack(@TempDir Path tmp) throws Exception {
    release = ReleaseFixture.release();
    Path unpacked = Files.createDirectories(tmp.resolve("opt"));
    Run tar =
        ReleaseFixture.run(
            tmp,
            Map.of("PATH", "/usr/bin:/bin"),
            List.of("tar", "-xzf", release.tarball().toString(), "-C", unpacked.toString()));
    assertThat(tar.exit()).as(tar.output()).isZero();
    home = unpacked.resolve(release.name());
    env = ReleaseFixture.userEnv(ReleaseFixture.pathWithoutJava(tmp), tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("work"));
    copyTree(Path.of("examples"), work);
  }

  private Run borgform(String... args) throws Exception {
    return borgform(env, args);
  }

  private Run borgform(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/borgform").toString());
    command.addAll(Arrays.asList(args));
    return ReleaseFixture.run(work, environment, command);
  }

  @Test
  void theTarballRunsBorgformOnAMachineWithoutJava() throws Exception {
    Run which = ReleaseFixture.run(work, env, List.of("sh", "-c", "command -v java"));
    assertThat(which.exit()).as("no java on this PATH: " + which.output()).isNotZero();
    assertThat(env).doesNotContainKey("JAVA_HOME");

    Run version = borgform("--version");
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output()).startsWith("borgform " + ReleaseFixture.version() + " ");

    Run validate = borgform("validate", "-f", "borgbase.yaml");
    assertThat(validate.exit()).as(validate.output()).isZero();
    assertThat(validate.output()).contains("The spec is valid");

    // A first plan that stops early (no token) makes no archive: it loaded few classes.
    Run refused = borgform("plan", "-f", "borgbase.yaml");
    assertThat(refused.exit()).as(refused.output()).isEqualTo(64);
    try (var left = Files.list(home.resolve("lib"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("borgform.jar");
    }

    Run apply = borgform("apply", "--sandbox=state.json", "--auto-approve", "-f", "borgbase.yaml");
    assertThat(apply.exit()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
    assertThat(home.resolve("lib/borgform.jsa"))
        .as("the first apply made the class-data archive of the runtime's and borgform's classes")
        .isNotEmptyFile();
    assertThat(home.resolve("lib/runtime.jsa")).as("one archive, not two").doesNotExist();
    try (var left = Files.list(home.resolve("lib"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no temporary file is left")
          .containsExactlyInAnyOrder("borgform.jar", "borgform.jsa");
    }

    // -Xshare:on makes the JVM fail rather than start without its archive: it maps.
    Map<String, String> strict = new HashMap<>(env);
    strict.put("JAVA_TOOL_OPTIONS", "-Xshare:on");
    Run plan =
        borgform(
            strict, "plan", "--sandbox=state.json", "-f", "borgbase.yaml", "--detailed-exitcode");
    assertThat(plan.exit()).as(plan.output()).isZero();
    assertThat(plan.output()).contains("No changes. The account matches the spec.");

    // The archive holds picocli's classes (Java 5 class files, which a dynamic archive of Java 17
    // skips) and borgform's own.
    Map<String, String> logged = new HashMap<>(env);
    logged.put("JAVA_TOOL_OPTIONS", "-Xshare:on -Xlog:class+load=info");
    Run mapped = borgform(logged, "--version");
    assertThat(mapped.exit()).as(mapped.output()).isZero();
    assertThat(mapped.output())
        .contains("picocli.CommandLine source: shared objects file")
        .contains("dev.borgform.Main source: shared objects file");
  }

  @Test
  void theRuntimeHoldsExactlyTheModulesBorgformNeeds() throws Exception {
    Run modules =
        ReleaseFixture.run(
            work, env, List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"));
    assertThat(modules.exit()).as(modules.output()).isZero();
    assertThat(modules.output().lines().map(l -> l.replaceAll("@.*", "")))
        .containsExactlyInAnyOrderElementsOf(ReleaseBuilder.MODULES);

    Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
    Run deps =
        ReleaseFixture.run(
            work,
            Map.of("PATH", "/usr/bin:/bin"),
            List.of(
                jdeps.toString(),
                "--ignore-missing-deps",
                "--multi-release",
                "17",
                "--print-module-deps",
                release.jar().toString()));
    assertThat(deps.exit()).as(deps.output()).isZero();
    List<String> needed = Arrays.asList(deps.output().strip().split(","));
    assertThat(needed).isNotEmpty();
    for (String m : needed) {
      assertThat(ReleaseBuilder.MODULES.contains(m) || ReleaseBuilder.NOT_NEEDED.containsKey(m))
          .as(
              "jdeps finds %s: add it to ReleaseBuilder.MODULES (or, if never loaded, NOT_NEEDED)",
              m)
          .isTrue();
    }
  }

  @Test
  void everyManPageRendersWithoutWarnings() throws Exception {
    List<Path> pages;
    try (Stream<Path> s = Files.list(home.resolve("share/man/man1"))) {
      pages = s.sorted().toList();
    }
    assertThat(pages.stream().map(p -> p.getFileName().toString()))
        .contains("borgform.1", "borgform-plan.1", "borgform-apply.1", "borgform-completion.1");
    Map<String, String> man = new HashMap<>(env);
    man.put("PATH", "/usr/bin:/bin");
    man.put("MANWIDTH", "80");
    for (Path page : pages) {
      String command = page.getFileName().toString().replace(".1", "");
      Run shown = ReleaseFixture.run(work, man, List.of("man", "-l", page.toString()));
      assertThat(shown.exit()).as(shown.output()).isZero();
      assertThat(shown.output())
          .as(page.toString())
          .contains(command.toUpperCase(java.util.Locale.ROOT) + "(1)")
          .contains("NAME")
          .contains("SYNOPSIS")
          .contains("borgform " + ReleaseFixture.version());
      Run warnings =
          ReleaseFixture.run(
              work,
              man,
              List.of("sh", "-c", "man --warnings -l \"$0\" 2>&1 >/dev/null", page.toString()));
      assertThat(warnings.output()).as("groff's warnings for %s", page).isEmpty();
    }
  }

  @Test
  void theCompletionsLoadInTheirShells() throws Exception {
    Path bash = home.resolve("share/bash-completion/completions/borgform");
    Run loaded =
        ReleaseFixture.run(
            work,
            env,
            List.of(
                "bash", "--norc", "-c", "source \"$0\" && complete -p borgform", bash.toString()));
    assertThat(loaded.exit()).as(loaded.output()).isZero();
    assertThat(loaded.output()).contains("borgform");
    assertThat(home.resolve("share/zsh/borgform.zsh")).content().contains("bashcompinit");
    assertThat(home.resolve("share/fish/vendor_completions.d/borgform.fish"))
        .content()
        .contains("complete -c borgform");
  }

  @Test
  void theChecksumsVerifyAndCatchAChangedByte(@TempDir Path tmp) throws Exception {
    Map<String, String> path = Map.of("PATH", "/usr/bin:/bin");
    Run check =
        ReleaseFixture.run(
            release.dir(), path, List.of("sha256sum", "--check", "--strict", "SHA256SUMS"));
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output())
        .contains(release.tarball().getFileName() + ": OK")
        .contains(release.jar().getFileName() + ": OK");

    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.copy(release.sums(), copy.resolve("SHA256SUMS"));
    Files.copy(release.tarball(), copy.resolve(release.tarball().getFileName()));
    byte[] jar = Files.readAllBytes(release.jar());
    jar[jar.length / 2] ^= 1;
    Files.write(copy.resolve(release.jar().getFileName()), jar);
    Run tampered = ReleaseFixture.run(copy, path, List.of("sha256sum", "--check", "SHA256SUMS"));
    assertThat(tampered.exit()).isNotZero();
    assertThat(tampered.output()).contains(release.jar().getFileName() + ": FAILED");
  }

  @Test
  void twoBuildsOfOneCommitAreTheSameBytes() throws Exception {
    ReleaseBuilder.Release second = ReleaseFixture.build("b");
    assertThat(names(second.dir())).isEqualTo(names(release.dir()));
    for (String name : names(release.dir())) {
      assertThat(second.dir().resolve(name))
          .as(name + " of two builds")
          .hasSameBinaryContentAs(release.dir().resolve(name));
    }
    // Sorted entries, owner 0:0, the commit's time, modes 755/644 (links aside).
    Run listing =
        ReleaseFixture.run(
            release.dir(),
            Map.of("PATH", "/usr/bin:/bin", "TZ", "UTC"),
            List.of(
                "tar", "--list", "--verbose", "--full-time", "-zf", release.tarball().toString()));
    assertThat(listing.exit()).as(listing.output()).isZero();
    List<String> entries = new ArrayList<>();
    for (String line : listing.output().lines().toList()) {
      String[] f = line.split("\\s+");
      assertThat(f[0]).as(line).matches("drwxr-xr-x|-rwxr-xr-x|-rw-r--r--|lrwxrwxrwx");
      assertThat(f[1]).as(line).isEqualTo("0/0");
      assertThat(f[3] + "T" + f[4] + "Z").as(line).isEqualTo(ReleaseFixture.TIME.toString());
      entries.add(f[5]);
    }
    assertThat(entries).isSortedAccordingTo(String::compareTo).isNotEmpty();
    assertThat(entries.get(0)).isEqualTo(release.name() + "/");
  }

  @Test
  void theActionInstallsFromAFileUrlAndRefusesAWrongChecksum(@TempDir Path tmp) throws Exception {
    String sha = ReleaseBuilder.sha256(release.tarball());
    String url =
        release.tarball().toUri().toString().replace(ReleaseFixture.version(), "{version}");
    Map<String, String> user =
        ReleaseFixture.userEnv(ReleaseFixture.pathWithoutJava(tmp), tmp.resolve("home"));

    Path good = tmp.resolve("good");
    Run installed =
        ReleaseFixture.runAction(
            good,
            Map.of(
                "version",
                ReleaseFixture.version(),
                "sha256",
                sha.toUpperCase(java.util.Locale.ROOT),
                "download-url",
                url),
            user);
    assertThat(installed.exit()).as(installed.output()).isZero();
    String bin = Files.readString(good.resolve("github-path")).strip();
    assertThat(Path.of(bin, "borgform")).isExecutable();
    assertThat(Files.readString(good.resolve("github-output"))).isEqualTo("bin=" + bin + "\n");
    Run version = ReleaseFixture.run(good, user, List.of(bin + "/borgform", "--version"));
    assertThat(version.output()).startsWith("borgform " + ReleaseFixture.version());

    Path bad = tmp.resolve("bad");
    String wrong = (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1);
    Run refused =
        ReleaseFixture.runAction(
            bad,
            Map.of("version", ReleaseFixture.version(), "sha256", wrong, "download-url", url),
            user);
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output())
        .contains("checksum mismatch")
        .contains("expected " + wrong + ", got " + sha);
    assertThat(bad.resolve("github-path")).doesNotExist();
    assertThat(bad.resolve("runner-temp/borgform-" + ReleaseFixture.version())).doesNotExist();

    Run notHex =
        ReleaseFixture.runAction(
            tmp.resolve("not-hex"),
            Map.of(
                "version",
                ReleaseFixture.version(),
                "sha256",
                "see SHA256SUMS",
                "download-url",
                url),
            user);
    assertThat(notHex.exit()).isNotZero();
    assertThat(notHex.output()).contains("sha256 must be the 64 hex digits");

    Run otherVersion =
        ReleaseFixture.runAction(
            tmp.resolve("other-version"),
            Map.of(
                "version",
                "9.9.9",
                "sha256",
                sha,
                "download-url",
                release.tarball().toUri().toString()),
            user);
    assertThat(otherVersion.exit()).isNotZero();
    assertThat(otherVersion.output()).contains("not borgform 9.9.9");
  }

  @SuppressWarnings("NonApiType") // sorted on purpose: the listing is compared and printed
  private static TreeSet<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
