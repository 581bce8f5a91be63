package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.SyntheticSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's state file as users meet it, with the shaded jar as separate processes: two
 * sandboxes on one file (one writer at a time), kill -9 in the middle of a large apply, a full
 * disk, and how much a large apply writes.
 */
class StateFileIT {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A child JVM running the shaded jar in {@code dir}, output to files. */
  private Process start(String name, String... args) throws IOException {
    String jar = System.getProperty("borgform.jar");
    assertThat(jar).as("failsafe passes -Dborgform.jar").isNotNull();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  private int finish(Process p) throws InterruptedException {
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished within 5 minutes").isTrue();
    return p.exitValue();
  }

  private String read(String file) throws IOException {
    return Files.readString(dir.resolve(file));
  }

  /**
   * {@code n} keys and repos whose names start with {@code prefix}; unlisted keys are kept, so two
   * such specs can share one account.
   */
  private Path spec(String prefix, int n, int keyOffset) throws IOException {
    StringBuilder y = new StringBuilder("version: 1\npolicy: {pruneKeys: false}\nkeys:\n");
    for (int i = 0; i < n; i++) {
      y.append("  - name: ")
          .append(prefix)
          .append(i)
          .append("\n    publicKey: ")
          .append(dev.borgform.testing.TestKeys.ed25519(keyOffset + i, prefix + i + "@host"))
          .append('\n');
    }
    y.append("repos:\n");
    for (int i = 0; i < n; i++) {
      y.append("  - name: ")
          .append(prefix)
          .append(i)
          .append("\n    region: eu\n    appendOnlyKeys: [")
          .append(prefix)
          .append(i)
          .append("]\n");
    }
    Path p = dir.resolve(prefix + ".yaml");
    Files.writeString(p, y);
    return p;
  }

  /** The state file's objects: names counted by prefix, and every id once. */
  private static void assertHolds(Path state, Map<String, Integer> perPrefix) throws IOException {
    JsonNode doc = JSON.readTree(state.toFile());
    Map<String, Integer> counts = new java.util.TreeMap<>();
    Set<String> ids = new HashSet<>();
    for (String list : List.of("sshKeys", "repos")) {
      for (JsonNode o : doc.get(list)) {
        counts.merge(list + " " + o.get("name").asText().substring(0, 1), 1, Integer::sum);
        assertThat(ids.add(list + o.get("id").asText())).as("id given out once").isTrue();
      }
    }
    Map<String, Integer> expected = new java.util.TreeMap<>();
    perPrefix.forEach(
        (p, n) -> {
          expected.put("sshKeys " + p, n);
          expected.put("repos " + p, n);
        });
    assertThat(counts).isEqualTo(expected);
  }

  private static Set<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void twoSandboxAppliesOnOneFileOneIsRefusedAndNothingIsLost() throws Exception {
    spec("a", 150, 0);
    spec("b", 150, 1000);
    // Started together, as two CI jobs would be. Should a loaded machine start one only after the
    // other finished, the pair did not overlap: try again (up to three times).
    for (int attempt = 1; ; attempt++) {
      String state = "cc" + attempt + ".json";
      Process a = start("a", "apply", "--sandbox=" + state, "--auto-approve", "-f", "a.yaml");
      Process b = start("b", "apply", "--sandbox=" + state, "--auto-approve", "-f", "b.yaml");
      int ra = finish(a);
      int rb = finish(b);
      if (ra == 0 && rb == 0 && attempt < 3) continue;
      assertThat(List.of(ra, rb)).as(read("a.err") + read("b.err")).containsExactlyInAnyOrder(0, 1);
      String refused = ra == 1 ? "a" : "b";
      String kept = ra == 1 ? "b" : "a";
      Process winner = ra == 1 ? b : a;
      assertThat(read(refused + ".err"))
          .contains(
              "Error: The state file "
                  + dir.resolve(state)
                  + " is in use by process "
                  + winner.pid())
          .contains(
              "One process at a time may use a sandbox file, so this one stopped before changing")
          .contains("or add --lock-timeout 2m to wait for it")
          .doesNotContain("\tat ");
      assertHolds(dir.resolve(state), Map.of(kept, 150));

      // The refused run, again: now both specs' objects are there.
      int again =
          finish(
              start(
                  "again",
                  "apply",
                  "--sandbox=" + state,
                  "--auto-approve",
                  "-f",
                  refused + ".yaml"));
      assertThat(again).as(read("again.err")).isZero();
      assertHolds(dir.resolve(state), Map.of("a", 150, "b", 150));
      return;
    }
  }

  @Test
  void withALockTimeoutTheSecondSandboxWaitsAndBothApply() throws Exception {
    spec("a", 100, 0);
    spec("b", 100, 1000);
    Process a =
        start(
            "a",
            "apply",
            "--sandbox=cc.json",
            "--lock-timeout=3m",
            "--auto-approve",
            "-f",
            "a.yaml");
    Process b =
        start(
            "b",
            "apply",
            "--sandbox=cc.json",
            "--lock-timeout=3m",
            "--auto-approve",
            "-f",
            "b.yaml");
    assertThat(finish(a)).as(read("a.err")).isZero();
    assertThat(finish(b)).as(read("b.err")).isZero();
    assertHolds(dir.resolve("cc.json"), Map.of("a", 100, "b", 100));
    assertThat(files(dir)).doesNotContain("cc.json.journal").contains("cc.json", "cc.json.lock");
  }

  @Test
  void anEmulatorAndASandboxOnOneFile() throws Exception {
    Path state = dir.resolve("shared.json");
    try (EmulatorServer e = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(state))) {
      Result r =
          CliRun.run(Map.of(), "plan", "--sandbox=" + state, "-f", spec("a", 1, 0).toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .contains("is in use by process " + ProcessHandle.current().pid())
          .contains("or add --lock-timeout 2m to wait for it");
      assertThat(e.token(TokenLevel.FULL_ACCESS)).isNotBlank();
      dev.borgform.testing.Golden.check(
          "errors/state-in-use.txt",
          r.err()
              .replace(state.toString(), "FILE")
              .replace(String.valueOf(ProcessHandle.current().pid()), "PID")
              .replaceAll("started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "started TIME"));
    }
  }

  private static void waitFor(Path file, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
  }

  /**
   * Ten times: a large sandbox apply, killed with SIGKILL at a random moment after it started
   * writing. The file must load, nothing but the known companions may lie beside it, and one more
   * apply must bring the account to the spec.
   */
  @Test
  void killNineAtRandomPointsLeavesALoadableStateThatOneMoreApplyConverges() throws Exception {
    Path spec = spec("k", 100, 0);
    Random random = new Random(20261129);
    // How long the apply writes on this machine now (a loaded machine is several times slower than
    // an idle one): the kills are spread over that span, so most land while it runs.
    Path calibration = dir.resolve("calibration/sandbox.json");
    Files.createDirectories(calibration.getParent());
    Process timed =
        start(
            "calibration", "apply", "--sandbox=" + calibration, "--auto-approve", "-f", "" + spec);
    waitFor(calibration.resolveSibling("sandbox.json.journal"), timed);
    long writingStarted = System.nanoTime();
    assertThat(timed.waitFor(3, TimeUnit.MINUTES)).isTrue();
    int writingMillis =
        (int) Math.max(100, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writingStarted));
    int killedMidApply = 0;
    for (int trial = 0; trial < 10; trial++) {
      Path state = dir.resolve("t" + trial + "/sandbox.json");
      Files.createDirectories(state.getParent());
      Process p =
          start(
              "kill" + trial,
              "apply",
              "--sandbox=" + state,
              "--auto-approve",
              "-f",
              spec.toString());
      waitFor(state.resolveSibling("sandbox.json.journal"), p);
      Thread.sleep(random.nextInt(writingMillis));
      if (p.isAlive()) killedMidApply++;
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      p.waitFor(1, TimeUnit.MINUTES);

      Set<String> left = files(state.getParent());
      for (String f : left) {
        assertThat(f)
            .as("trial %d: only the state file and its companions: %s", trial, left)
            .matches("sandbox\\.json(\\.journal|\\.lock|\\.[^.]+\\.tmp)?");
      }
      String sandbox = "--sandbox=" + state;
      // One more apply: it loads what the kill left (folding the journal in) and converges.
      Result apply =
          CliRun.run(Map.of(), "apply", sandbox, "-f", spec.toString(), "--auto-approve");
      assertThat(apply.exitCode()).as("trial %d: loadable, converges: %s", trial, apply).isZero();
      assertThat(files(state.getParent()))
          .as("trial %d: recovered, nothing stray", trial)
          .containsExactly("sandbox.json", "sandbox.json.lock");
      Result after =
          CliRun.run(Map.of(), "plan", sandbox, "-f", spec.toString(), "--detailed-exitcode");
      assertThat(after.exitCode()).as("trial %d: %s", trial, after).isZero();
      assertHolds(state, Map.of("k", 100));
    }
    assertThat(killedMidApply).as("trials killed while the apply ran").isGreaterThanOrEqualTo(5);
    System.out.printf(
        "kill -9: %d of 10 trials killed mid-apply (writing took %d ms)%n",
        killedMidApply, writingMillis);
  }

  /**
   * 2,000 keys and 2,000 repos applied to an emulator keeping its account in a file (the sandbox's
   * store), counting every byte the store writes (journal lines, snapshots): less than 10 times the
   * final file.
   */
  @Test
  void aLargeApplyWritesInProportionToTheAccount() throws Exception {
    Path state = dir.resolve("big.json");
    Path spec = SyntheticSpec.write(dir.resolve("spec"), 2000);
    EmulatorServer e = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(state));
    try {
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL",
              e.graphqlUrl().toString(),
              "BORGBASE_TOKEN",
              e.token(TokenLevel.FULL_ACCESS));
      Result r = CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains("Apply complete! 4000 applied");
    } finally {
      e.close(); // folds the journal into the file: part of what the apply costs
    }
    long written = e.stateBytesWritten();
    long size = Files.size(state);
    System.out.printf(
        "2,000 + 2,000 apply: %,d bytes written for a %,d-byte state file (%.2fx)%n",
        written, size, (double) written / size);
    assertThat(written).isLessThan(10 * size);
    assertThat(written).as("the journal and the final snapshot at least").isGreaterThan(size);
  }

  /**
   * A disk that fills during a sandbox apply (a 192 KiB tmpfs in a private mount namespace): one
   * error line, the report of what was applied, no stack trace; the state holds what was applied,
   * and once there is room one more apply converges.
   */
  @Test
  void aFullDiskGivesOneErrorLineAndLosesNothing() throws Exception {
    Assumptions.assumeTrue(canMountTmpfs(), "needs unshare and mount (root in a Linux container)");
    Path spec = spec("f", 200, 0);
    Path mnt = dir.resolve("mnt");
    Path saved = dir.resolve("saved");
    Files.createDirectories(mnt);
    Files.createDirectories(saved);
    String jar = System.getProperty("borgform.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script =
        "mount -t tmpfs -o size=192k tmpfs "
            + mnt
            + " && "
            + java
            + " -XX:TieredStopAtLevel=1 -jar "
            + jar
            + " apply --sandbox="
            + mnt.resolve("s.json")
            + " --auto-approve -f "
            + spec
            + " > "
            + dir.resolve("full.out")
            + " 2> "
            + dir.resolve("full.err")
            + "; echo $? > "
            + dir.resolve("full.rc")
            + "; cp -a "
            + mnt
            + "/. "
            + saved
            + "/";
    Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", script).inheritIO().start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String err = read("full.err");
    String out = read("full.out");
    assertThat(read("full.rc").strip()).as(out + err).isEqualTo("1");
    List<String> errorLines = err.lines().filter(l -> l.startsWith("Error:")).toList();
    assertThat(errorLines).hasSize(1);
    assertThat(errorLines.get(0)).contains("No space left on device").contains("s.json");
    assertThat(err + out).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(out).contains("applied").contains("failed");

    Path copy = saved.resolve("s.json");
    String sandbox = "--sandbox=" + copy;
    Result plan =
        CliRun.run(Map.of(), "plan", sandbox, "-f", spec.toString(), "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
    Result apply = CliRun.run(Map.of(), "apply", sandbox, "-f", spec.toString(), "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertHolds(copy, Map.of("f", 200));
    assertThat(files(saved)).containsExactly("s.json", "s.json.lock");
  }

  private static boolean canMountTmpfs() {
    try {
      Path probe = Files.createTempDirectory("bf-mount-probe");
      Process p =
          new ProcessBuilder(
                  "unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs " + probe)
              .redirectErrorStream(true)
              .redirectOutput(new File("/dev/null"))
              .start();
      boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      Files.deleteIfExists(probe);
      return ok;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
