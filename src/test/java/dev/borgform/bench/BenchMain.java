package dev.borgform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.api.BorgBaseClient;
import dev.borgform.api.MeteredClient;
import dev.borgform.apply.ApplyListener;
import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.Executor;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import dev.borgform.testing.SyntheticSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Every borgform benchmark, run by {@code mvn -B -Pbench verify}; writes target/bench/report.md.
 *
 * <ul>
 *   <li>startup: wall time of {@code --version} and {@code validate}, plain {@code java -jar}
 *       against the {@code ./borgform} launcher (class-data sharing), each a fresh process.
 *   <li>cores: validate of 10,000 + 10,000 on every core and on one, and SnakeYAML's parser alone
 *       over the same file: what the goals at that size leave to borgform's own work.
 *   <li>jmh: the planner at each size (steady state, JMH), then one cold planning run per size in a
 *       fresh {@code -Xmx256m} JVM, as the CLI plans.
 *   <li>e2e: the CLI in a fresh {@code -Xmx256m} JVM per command against the emulator with latency
 *       per request: plan, apply in batches, apply one mutation per request (as peers work), plan
 *       again. Requests come from the emulator's own count.
 *   <li>sweep: apply of 1,000 keys and 1,000 repos at several batch sizes: requests, time and
 *       document size.
 * </ul>
 */
public final class BenchMain {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(30);

  private final Set<String> only;
  private final List<Integer> sizes;
  private final Duration latency;
  private final String heap;
  private final Path jar;
  private final Path out;
  private final String baseline;
  private final StringBuilder report = new StringBuilder();

  private BenchMain(Map<String, String> opts) {
    only = Set.of(opts.getOrDefault("only", "goal,cores,startup,jmh,e2e,sweep").split(","));
    sizes =
        Arrays.stream(opts.getOrDefault("sizes", "10,100,1000,10000").split(","))
            .map(String::strip)
            .map(Integer::parseInt)
            .toList();
    latency = Duration.ofMillis(Long.parseLong(opts.getOrDefault("latency-ms", "20")));
    heap = opts.getOrDefault("heap", "256m");
    jar = Path.of(opts.getOrDefault("jar", "target/borgform.jar")).toAbsolutePath();
    out = Path.of(opts.getOrDefault("out", "target/bench")).toAbsolutePath();
    baseline = opts.getOrDefault("baseline", "").strip();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("="))
        throw new IllegalArgumentException("expected --name=value: " + a);
      opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    new BenchMain(opts).run();
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    line("# borgform benchmarks, " + LocalDate.now(java.time.ZoneOffset.UTC));
    line("");
    machine();
    if (only.contains("goal")) goals();
    if (only.contains("cores")) cores();
    if (only.contains("startup")) startup();
    if (only.contains("jmh")) planner();
    if (only.contains("e2e")) endToEnd();
    if (only.contains("sweep")) sweep();
    Files.writeString(out.resolve("report.md"), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println("Written: " + out.resolve("report.md"));
  }

  // ---- machine -------------------------------------------------------------------------------

  private void machine() throws IOException {
    String cpu = grepFirst(Path.of("/proc/cpuinfo"), "model name");
    String mem = grepFirst(Path.of("/proc/meminfo"), "MemTotal");
    line(
        "Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores (nproc), CPU \""
            + cpu
            + "\", RAM "
            + mem
            + "; "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + "; "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ".");
    line("");
  }

  private static String grepFirst(Path file, String prefix) throws IOException {
    if (!Files.exists(file)) return "unknown";
    for (String l : Files.readAllLines(file)) {
      if (l.startsWith(prefix)) return l.substring(l.indexOf(':') + 1).strip();
    }
    return "unknown";
  }

  // ---- startup -------------------------------------------------------------------------------

  private void startup() throws Exception {
    Path launcher = Path.of("borgform").toAbsolutePath();
    String java = javaBin();
    List<List<String>> commands =
        List.of(List.of("--version"), List.of("validate", "-f", "examples/borgbase.yaml"));
    Baseline before = baseline();
    // The launcher builds its class-data archive on its first run; that run is not measured.
    runQuiet(concat(List.of(launcher.toString()), List.of("--version")));
    if (before.launcher != null)
      runQuiet(concat(List.of(before.launcher.toString()), List.of("--version")));
    line("## Startup");
    line("");
    line(
        "Each a fresh process, 3 warm-up runs then 20 measured; wall time from process start to"
            + " exit. `./borgform` is the launcher with its class-data sharing archive (the release's"
            + " `bin/borgform` makes and maps the same kind of archive). "
            + before.what);
    line("");
    if (before.launcher == null) {
      line("| command | `java -jar target/borgform.jar` | `./borgform` (launcher) |");
      line("|---|---|---|");
    } else {
      line(
          "| command | `java -jar` | `./borgform` (launcher) | before: `java -jar` | before:"
              + " launcher | launcher, now vs before |");
      line("|---|---|---|---|---|---|");
    }
    for (List<String> c : commands) {
      double[] plain = timeProcess(concat(List.of(java, "-jar", jar.toString()), c));
      double[] viaLauncher = timeProcess(concat(List.of(launcher.toString()), c));
      String row = "| `" + String.join(" ", c) + "` | " + ms(plain) + " | " + ms(viaLauncher);
      if (before.launcher != null) {
        double[] oldPlain = timeProcess(concat(List.of(java, "-jar", before.jar.toString()), c));
        double[] oldLauncher = timeProcess(concat(List.of(before.launcher.toString()), c));
        row +=
            " | "
                + ms(oldPlain)
                + " | "
                + ms(oldLauncher)
                + " | "
                + String.format(Locale.ROOT, "%.2f×", viaLauncher[0] / oldLauncher[0]);
      }
      line(row + " |");
    }
    line("");
  }

  /** The jar to compare startup with, and a launcher for it laid out as in a checkout. */
  private record Baseline(Path jar, Path launcher, String what) {}

  /**
   * The previous release (the newest tag), or the revision given with {@code --baseline}, built
   * with Maven in a temporary clone of this repository. Without either, startup is measured alone.
   */
  private Baseline baseline() throws Exception {
    String rev = baseline;
    if (rev.isEmpty()) {
      String tags = capture(List.of("git", "tag", "--sort=-creatordate")).strip();
      if (tags.isEmpty()) {
        return new Baseline(
            null,
            null,
            "No earlier version to compare with: the repository has no release tag (`git tag` is"
                + " empty) and no `-Dbench.baseline=REV` was given.");
      }
      rev = tags.lines().findFirst().orElseThrow();
    }
    Path dir = Files.createTempDirectory(out, "baseline-");
    Path clone = dir.resolve("src");
    runQuiet(
        List.of("git", "clone", "--quiet", "--shared", "--no-checkout", ".", clone.toString()));
    runQuiet(List.of("git", "-C", clone.toString(), "checkout", "--quiet", rev));
    String commit =
        capture(List.of("git", "-C", clone.toString(), "rev-parse", "--short", "HEAD")).strip();
    runQuiet(
        List.of(
            "mvn",
            "-B",
            "-q",
            "-o",
            "-f",
            clone.resolve("pom.xml").toString(),
            "-DskipTests",
            "package"));
    // A checkout's layout for the launcher: its script, the jar in target/, the training spec.
    // pom.xml and src/main exist and are older than the jar, so the launcher never rebuilds.
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve("target"));
    Files.createDirectories(home.resolve("src/main"));
    Files.writeString(home.resolve("pom.xml"), "");
    Path oldJar = home.resolve("target/borgform.jar");
    Files.copy(clone.resolve("target/borgform.jar"), oldJar);
    // cp -a: the launcher keeps its executable bit, the example its key files.
    Path script = home.resolve("borgform");
    runQuiet(List.of("cp", "-a", clone.resolve("borgform").toString(), script.toString()));
    runQuiet(
        List.of(
            "cp", "-a", clone.resolve("examples").toString(), home.resolve("examples").toString()));
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(0);
    Files.setLastModifiedTime(home.resolve("pom.xml"), old);
    Files.setLastModifiedTime(home.resolve("src/main"), old);
    return new Baseline(
        oldJar,
        script,
        "Before: `"
            + rev
            + "` ("
            + commit
            + "), its jar built in a temporary clone with `mvn -o"
            + " -DskipTests package` and run with its own launcher.");
  }

  private static String capture(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd);
    }
    return text;
  }

  private static String ms(double[] m) {
    return String.format(Locale.ROOT, "%.0f ms ± %.0f (min %.0f)", m[0], m[1], m[2]);
  }

  /** Mean, standard deviation and minimum wall time in milliseconds. */
  private static double[] timeProcess(List<String> cmd) throws Exception {
    for (int i = 0; i < 3; i++) runQuiet(cmd);
    double[] ms = new double[20];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      runQuiet(cmd);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    double mean = Arrays.stream(ms).average().orElse(0);
    double sd =
        Math.sqrt(Arrays.stream(ms).map(x -> (x - mean) * (x - mean)).sum() / (ms.length - 1));
    double min = Arrays.stream(ms).min().orElse(0);
    return new double[] {mean, sd, min};
  }

  private static void runQuiet(List<String> cmd) throws Exception {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("failed: " + cmd + " (exit " + p.exitValue() + ")");
    }
  }

  // ---- planner -------------------------------------------------------------------------------

  private void planner() throws Exception {
    line("## Planner");
    line("");
    line(
        "JMH (1 fork, `-Xmx256m`, 3 warm-up and 5 measured iterations of 1 s): average time of one"
            + " `Planner.plan` call in a warm JVM, and bytes allocated per call (`-prof gc`).");
    line("");
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(PlannerBench.class.getName())
                    .param("size", sizes.stream().map(String::valueOf).toArray(String[]::new))
                    .addProfiler(GCProfiler.class)
                    .build())
            .run();
    line("| keys + repos | account | time per plan | allocated per plan |");
    line("|---|---|---|---|");
    List<RunResult> sorted = new ArrayList<>(results);
    sorted.sort(
        (a, b) -> {
          int c =
              Integer.compare(
                  Integer.parseInt(a.getParams().getParam("size")),
                  Integer.parseInt(b.getParams().getParam("size")));
          return c != 0
              ? c
              : a.getParams().getParam("scenario").compareTo(b.getParams().getParam("scenario"));
        });
    for (RunResult r : sorted) {
      Result<?> p = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      int n = Integer.parseInt(r.getParams().getParam("size"));
      line(
          String.format(
              Locale.ROOT,
              "| %s + %s | %s | %.3f ms ± %.3f | %s |",
              fmt(n),
              fmt(n),
              r.getParams().getParam("scenario").toLowerCase(Locale.ROOT),
              p.getScore(),
              p.getScoreError(),
              alloc == null
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.1f MB", alloc.getScore() / 1_048_576)));
    }
    line("");
    line(
        "Cold: one `Planner.plan` call in a fresh `-Xmx"
            + heap
            + "` JVM, no warm-up, as the CLI"
            + " plans. CPU is the whole process during the call (JIT and GC threads included); the"
            + " planning thread alone in brackets.");
    line("");
    line(
        "| keys + repos | account | changes | wall | CPU (planning thread) | peak heap | max in use after GC |");
    line("|---|---|---|---|---|---|---|");
    for (int n : sizes) {
      for (Accounts.Scenario s : Accounts.Scenario.values()) {
        JsonNode m =
            child(
                List.of("-Xmx" + heap),
                ColdPlan.class,
                List.of(String.valueOf(n), s.name()),
                Map.of());
        line(
            String.format(
                Locale.ROOT,
                "| %s + %s | %s | %d | %.0f ms | %.0f ms (%.0f ms) | %.0f MB | %.0f MB |",
                fmt(n),
                fmt(n),
                s.name().toLowerCase(Locale.ROOT),
                m.get("changes").asInt(),
                m.get("wallMs").asDouble(),
                m.get("cpuMs").asDouble(),
                m.get("threadCpuMs").asDouble(),
                m.get("peakHeapMb").asDouble(),
                m.get("maxLiveMb").asDouble()));
      }
    }
    line("");
  }

  // ---- the goals, side by side ---------------------------------------------------------------

  /**
   * The figures the performance goals are stated in, each pair measured in this one run so both
   * sides see the same machine: apply of 1,000 + 1,000 against a fresh emulator with no added
   * latency against plan of the same spec; batched apply against one request per mutation through
   * the configured latency; plan and validate of 10,000 + 10,000 under the heap limit.
   */
  private void goals() throws Exception {
    int n = 1000;
    int big = 10_000;
    line("## The goals, side by side");
    line("");
    launcherArchive();
    line(archiveNote);
    line("");
    line(
        "Every command a fresh JVM with `-Xmx"
            + heap
            + "` and the launchers' options (`"
            + String.join(" ", Launcher.COMMAND_OPTIONS)
            + "`, and their class-data archive) through `Main.run` (classes from the jar), against an emulator in the"
            + " benchmark's JVM started fresh for each group; wall is the whole process, JVM start"
            + " included. The spec has one key and one repo per server, each repo with its key as"
            + " append-only, a quota and alert days.");
    line("");
    line(
        "| keys + repos | emulator | command | requests | wall | CPU | peak heap | max in use after"
            + " GC | emulator CPU |");
    line("|---|---|---|---|---|---|---|---|---|");
    Path spec = SyntheticSpec.write(Files.createTempDirectory(out, "goal-" + n + "-"), n);
    Measured planNew;
    Measured apply;
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      planNew = command(emulator, 2, "plan", "-f", spec.toString(), "--detailed-exitcode");
      goalRow(n, "no latency", "plan (new account)", planNew);
      apply = command(emulator, 0, "apply", "-f", spec.toString(), "--auto-approve");
      goalRow(n, "no latency", "apply, batched", apply);
      goalRow(
          n,
          "no latency",
          "plan (account in sync)",
          command(emulator, 0, "plan", "-f", spec.toString(), "--detailed-exitcode"));
    }
    String slow = latency.toMillis() + " ms per request";
    Measured batched;
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
      batched = command(emulator, 0, "apply", "-f", spec.toString(), "--auto-approve");
      goalRow(n, slow, "apply, batched", batched);
    }
    Measured single;
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
      single =
          command(emulator, 0, "apply", "-f", spec.toString(), "--auto-approve", "--batch-size=1");
      goalRow(n, slow, "apply, one mutation per request", single);
    }
    Path bigSpec = SyntheticSpec.write(Files.createTempDirectory(out, "goal-" + big + "-"), big);
    // Before any emulator is started: validate sends nothing, and a server starting up in this
    // JVM (its classes loaded, then compiled) would take CPU from it on a machine of two cores.
    Measured validate = command(null, 0, "validate", "-f", bigSpec.toString());
    goalRow(big, "none", "validate", validate);
    double validateLauncher = launcherWall(null, 0, "validate", "-f", bigSpec.toString());
    Measured bigPlanNew;
    Measured bigPlanSync;
    double planNewLauncher;
    double planSyncLauncher;
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      bigPlanNew = command(emulator, 2, "plan", "-f", bigSpec.toString(), "--detailed-exitcode");
      goalRow(big, "no latency", "plan (new account)", bigPlanNew);
      planNewLauncher =
          launcherWall(emulator, 2, "plan", "-f", bigSpec.toString(), "--detailed-exitcode");
      goalRow(
          big,
          "no latency",
          "apply, batched",
          command(emulator, 0, "apply", "-f", bigSpec.toString(), "--auto-approve"));
      bigPlanSync = command(emulator, 0, "plan", "-f", bigSpec.toString(), "--detailed-exitcode");
      goalRow(big, "no latency", "plan (account in sync)", bigPlanSync);
      planSyncLauncher =
          launcherWall(emulator, 0, "plan", "-f", bigSpec.toString(), "--detailed-exitcode");
    }
    line("");
    line(
        "The same three commands through `./borgform` (the launcher, as a user runs it, with"
            + " `JDK_JAVA_OPTIONS=-Xmx"
            + heap
            + "`), each the median of "
            + LAUNCHER_RUNS
            + " runs: the harness above (`Main.run` inside a probe that follows every collection"
            + " through JMX and writes its figures as JSON) adds its own time to each.");
    line("");
    line("| keys + repos | command | wall through `./borgform` | wall in the harness |");
    line("|---|---|---|---|");
    launcherRow(big, "validate", validateLauncher, validate);
    launcherRow(big, "plan (new account)", planNewLauncher, bigPlanNew);
    launcherRow(big, "plan (account in sync)", planSyncLauncher, bigPlanSync);
    line("");
    line("| goal | measured | holds |");
    line("|---|---|---|");
    double applyRatio = apply.wallMs / planNew.wallMs;
    goal(
        "apply of 1,000 + 1,000, no latency: at most 2× plan of the same spec",
        String.format(
            Locale.ROOT,
            "%.2f s vs %.2f s: %.2f×",
            apply.wallMs / 1000,
            planNew.wallMs / 1000,
            applyRatio),
        applyRatio <= 2);
    double batchRatio = single.wallMs / batched.wallMs;
    goal(
        "apply of 1,000 + 1,000 through "
            + slow
            + ": batched at least 10× faster than one mutation per request",
        String.format(
            Locale.ROOT,
            "%.2f s (%d requests) vs %.2f s (%d requests): %.1f×",
            batched.wallMs / 1000,
            batched.requests,
            single.wallMs / 1000,
            single.requests,
            batchRatio),
        batchRatio >= 10);
    planGoal("(new account)", bigPlanNew, planNewLauncher);
    planGoal("(account in sync)", bigPlanSync, planSyncLauncher);
    goal(
        "validate of 10,000 + 10,000: under 1 s",
        String.format(
            Locale.ROOT,
            "%.2f s through `./borgform` (%.2f s in the harness)",
            validateLauncher / 1000,
            validate.wallMs / 1000),
        validateLauncher < 1000);
    line("");
  }

  // ---- cores ---------------------------------------------------------------------------------

  /** Runs of each row of {@link #cores}; the median is reported. */
  private static final int CORE_RUNS = 3;

  /**
   * Where validate's time at 10,000 + 10,000 goes against the machine's cores: the command on every
   * core and on one ({@code taskset -c 0}, where the machine has it), and SnakeYAML's parser alone
   * over the same file ({@link YamlParseOnly}), each a fresh JVM with the launchers' options and
   * archive. With one core the wall time is the CPU time; the difference shows how much of the work
   * the threads overlap, and the parser alone is a part no overlap shortens.
   */
  private void cores() throws Exception {
    int big = 10_000;
    Path spec = SyntheticSpec.write(Files.createTempDirectory(out, "cores-" + big + "-"), big);
    List<String> validate = List.of("validate", "-f", spec.toString());
    List<String> jvm =
        concat(
            concat(List.of("-Xmx" + heap), launcherArchive()),
            Launcher.jvmOptions("validate", System.getenv()));
    line("## The cores");
    line("");
    line(
        String.format(
            Locale.ROOT,
            "`validate` of %s + %s, each a fresh JVM with the launchers' options and archive, in"
                + " the harness of the goals above; medians of %d runs. CPU is the whole process's"
                + " (every thread: the spec's, the compiler's, the collector's). The machine has"
                + " %d cores.",
            fmt(big),
            fmt(big),
            CORE_RUNS,
            Runtime.getRuntime().availableProcessors()));
    line("");
    line("| run | wall | CPU | CPU ÷ wall |");
    line("|---|---|---|---|");
    coreRow(
        "validate, every core", median(() -> coreRun(List.of(), jvm, CommandRun.class, validate)));
    if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
      coreRow(
          "validate, one core (`taskset -c 0`)",
          median(
              () ->
                  coreRun(
                      List.of("/usr/bin/taskset", "-c", "0"), jvm, CommandRun.class, validate)));
    } else {
      line("| validate, one core | no `/usr/bin/taskset` here | | |");
    }
    JsonNode parse =
        median(() -> coreRun(List.of(), jvm, YamlParseOnly.class, List.of(spec.toString())));
    coreRow(
        "SnakeYAML's parser alone over the same file ("
            + fmt(parse.get("events").asInt())
            + " events), one thread",
        parse);
    line("");
    line(
        "The harness's wall is from the command's start inside a started JVM to its end: JVM start"
            + " (the startup section's `--version`) comes on top.");
    line("");
  }

  /** One run of {@link #cores}: {@code main} in a fresh JVM on the commands' classpath. */
  private JsonNode coreRun(List<String> prefix, List<String> jvm, Class<?> main, List<String> args)
      throws Exception {
    return child(prefix, jvm, commandClasspath(), main, args, Map.of());
  }

  /** The run of {@link #CORE_RUNS} with the median wall time. */
  private static JsonNode median(Callable<JsonNode> run) throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    for (int i = 0; i < CORE_RUNS; i++) {
      awaitQuiet();
      runs.add(run.call());
    }
    runs.sort(Comparator.comparingDouble(m -> m.get("wallMs").asDouble()));
    return runs.get(runs.size() / 2);
  }

  private void coreRow(String what, JsonNode m) {
    double wall = m.get("wallMs").asDouble();
    double cpu = m.get("cpuMs").asDouble();
    line(
        String.format(
            Locale.ROOT,
            "| %s | %.2f s | %.2f s | %.2f |",
            what,
            wall / 1000,
            cpu / 1000,
            cpu / wall));
  }

  /** Runs of a command through the launcher for its wall time; the median is reported. */
  private static final int LAUNCHER_RUNS = 3;

  /**
   * The median wall time of {@code args} run {@link #LAUNCHER_RUNS} times through {@code
   * ./borgform}, as a user runs it, against {@code emulator} (or none), under this run's heap
   * limit. Only for commands that change nothing, so every run sees the same account.
   */
  private double launcherWall(@Nullable EmulatorServer emulator, int expectedExit, String... args)
      throws Exception {
    List<String> cmd =
        concat(List.of(Path.of("borgform").toAbsolutePath().toString()), List.of(args));
    double[] ms = new double[LAUNCHER_RUNS];
    for (int i = 0; i < ms.length; i++) {
      awaitQuiet();
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("JDK_JAVA_OPTIONS", "-Xmx" + heap);
      if (emulator != null) {
        pb.environment().put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
        pb.environment().put("BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
      }
      long t = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != expectedExit) {
        throw new IllegalStateException("failed: " + cmd + " (exit " + p.exitValue() + ")");
      }
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private void launcherRow(int n, String what, double launcherMs, Measured harness) {
    line(
        String.format(
            Locale.ROOT,
            "| %,d + %,d | %s | %.2f s | %.2f s |",
            n,
            n,
            what,
            launcherMs / 1000,
            harness.wallMs / 1000));
  }

  private void planGoal(String account, Measured p, double launcherMs) {
    double peak = p.inside.get("peakHeapMb").asDouble();
    goal(
        "plan of 10,000 + 10,000 " + account + ": under 1.5 s wall and 256 MB heap",
        String.format(
            Locale.ROOT,
            "%.2f s through `./borgform` (%.2f s in the harness), peak heap %.0f MB (ran under"
                + " `-Xmx%s`)",
            launcherMs / 1000,
            p.wallMs / 1000,
            peak,
            heap),
        launcherMs < 1500 && peak < 256);
  }

  private void goalRow(int n, String emulator, String what, Measured r) {
    line(
        String.format(
            Locale.ROOT,
            "| %s + %s | %s | %s | %d | %.2f s | %.2f s | %.0f MB | %.0f MB | %.2f s |",
            fmt(n),
            fmt(n),
            emulator,
            what,
            r.requests,
            r.wallMs / 1000,
            r.inside.get("cpuMs").asDouble() / 1000,
            r.inside.get("peakHeapMb").asDouble(),
            r.inside.get("maxLiveMb").asDouble(),
            r.emulatorCpuMs / 1000));
  }

  private void goal(String what, String measured, boolean holds) {
    line("| " + what + " | " + measured + " | " + (holds ? "yes" : "**no**") + " |");
  }

  // ---- end to end ----------------------------------------------------------------------------

  private void endToEnd() throws Exception {
    line("## End to end: the CLI against the emulator");
    line("");
    launcherArchive();
    line(archiveNote);
    line("");
    line(
        "The emulator adds "
            + latency.toMillis()
            + " ms to every request (one simulated network"
            + " round trip) and counts requests. Every command runs in a fresh JVM with `-Xmx"
            + heap
            + "` and the launchers' options (`"
            + String.join(" ", Launcher.COMMAND_OPTIONS)
            + "`, and their class-data archive), classes from the jar; wall is that whole process (JVM start included), CPU the process's CPU time for the"
            + " command, heap as measured inside it. The spec has one key and one repo per server, each"
            + " repo with its own key as append-only. \"one per request\" is `apply --batch-size 1`: one"
            + " mutation per HTTP request, the way peer tools work. Emulator CPU is the CPU time of the"
            + " benchmark JVM, which only serves the emulator meanwhile: the server's share of the wall time.");
    line("");
    line(
        "| keys + repos | command | requests | wall | CPU | peak heap | max in use after GC | emulator CPU |");
    line("|---|---|---|---|---|---|---|---|");
    List<String[]> summary = new ArrayList<>();
    for (int n : sizes) {
      Path spec = SyntheticSpec.write(Files.createTempDirectory(out, "spec-" + n + "-"), n);
      Measured batchedApply;
      try (EmulatorServer emulator =
          EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
        row(
            n,
            "plan (new account)",
            command(
                emulator, n == 0 ? 0 : 2, "plan", "-f", spec.toString(), "--detailed-exitcode"));
        batchedApply = command(emulator, 0, "apply", "-f", spec.toString(), "--auto-approve");
        row(n, "apply, batched (default 50 per request)", batchedApply);
        row(
            n,
            "plan (account in sync)",
            command(emulator, 0, "plan", "-f", spec.toString(), "--detailed-exitcode"));
      }
      Measured singleApply;
      try (EmulatorServer emulator =
          EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
        singleApply =
            command(
                emulator, 0, "apply", "-f", spec.toString(), "--auto-approve", "--batch-size=1");
        row(n, "apply, one per request", singleApply);
        command(emulator, 0, "plan", "-f", spec.toString(), "--detailed-exitcode"); // converged too
      }
      summary.add(
          new String[] {
            fmt(n) + " + " + fmt(n),
            batchedApply.requests + " vs " + singleApply.requests,
            String.format(
                Locale.ROOT,
                "%.1f s vs %.1f s",
                batchedApply.wallMs / 1000,
                singleApply.wallMs / 1000),
            String.format(Locale.ROOT, "%.1f×", singleApply.wallMs / batchedApply.wallMs)
          });
    }
    line("");
    line("Apply, batched vs one mutation per request:");
    line("");
    line("| keys + repos | requests | wall | batched is faster by |");
    line("|---|---|---|---|");
    for (String[] s : summary) line("| " + String.join(" | ", s) + " |");
    line("");
  }

  /** Requests served, process wall time, the emulator's CPU time, and the child's own figures. */
  private record Measured(long requests, double wallMs, double emulatorCpuMs, JsonNode inside) {}

  /** {@code args} run as a borgform command against {@code emulator}, or none at all. */
  private Measured command(@Nullable EmulatorServer emulator, int expectedExit, String... args)
      throws Exception {
    List<String> jvm =
        concat(
            concat(List.of("-Xmx" + heap), launcherArchive()),
            Launcher.jvmOptions(args[0], System.getenv()));
    if (emulator != null) emulator.resetStats();
    awaitQuiet();
    long cpu = processCpuNanos(); // this JVM runs only the emulator while the child works
    long t = System.nanoTime();
    JsonNode m =
        child(
            List.of(),
            jvm,
            commandClasspath(),
            CommandRun.class,
            List.of(args),
            emulator == null
                ? Map.of()
                : Map.of(
                    "BORGBASE_API_URL",
                    emulator.graphqlUrl().toString(),
                    "BORGBASE_TOKEN",
                    emulator.token(TokenLevel.FULL_ACCESS)));
    double wall = (System.nanoTime() - t) / 1e6;
    double emulatorCpu = (processCpuNanos() - cpu) / 1e6;
    if (m.get("exit").asInt() != expectedExit) {
      throw new IllegalStateException(
          "borgform "
              + String.join(" ", args)
              + " exited "
              + m.get("exit")
              + " (expected "
              + expectedExit
              + "): "
              + m.path("error").asText());
    }
    return new Measured(emulator == null ? 0 : emulator.stats().requests(), wall, emulatorCpu, m);
  }

  private void row(int n, String what, Measured r) {
    line(
        String.format(
            Locale.ROOT,
            "| %s + %s | %s | %d | %.2f s | %.2f s | %.0f MB | %.0f MB | %.2f s |",
            fmt(n),
            fmt(n),
            what,
            r.requests,
            r.wallMs / 1000,
            r.inside.get("cpuMs").asDouble() / 1000,
            r.inside.get("peakHeapMb").asDouble(),
            r.inside.get("maxLiveMb").asDouble(),
            r.emulatorCpuMs / 1000));
  }

  // ---- batch size sweep ----------------------------------------------------------------------

  private void sweep() throws Exception {
    int n = 1000;
    int[] batchSizes = {1, 10, 25, 50, 100, 250, 500, 1000};
    line("## Batch size");
    line("");
    line(
        "Apply of "
            + fmt(n)
            + " keys and "
            + fmt(n)
            + " repos (two phases) with "
            + latency.toMillis()
            + " ms per request, in one warm JVM; the account read and planning are not counted."
            + " Document size is the HTTP request body.");
    line("");
    line(
        "| batch size | requests | apply wall | per mutation | average request | largest request |");
    line("|---|---|---|---|---|---|");
    DesiredState desired = Accounts.desired(n);
    applyOnce(desired, 50); // warm-up, not reported
    for (int b : batchSizes) {
      double[] r = applyOnce(desired, b);
      line(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %.2f s | %.2f ms | %.1f KB | %.1f KB |",
              b,
              r[0],
              r[1] / 1000,
              r[1] / (2.0 * n),
              r[2] / r[0] / 1024,
              r[3] / 1024));
    }
    line("");
  }

  /** requests, apply wall ms, total request bytes, largest request bytes. */
  private double[] applyOnce(DesiredState desired, int batchSize) throws Exception {
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
      MeteredClient.Meter meter = new MeteredClient.Meter();
      try (BorgBaseClient client =
          MeteredClient.create(
              emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS), meter)) {
        LiveState live = client.read();
        Plan plan = new Planner().plan(desired, live);
        emulator.resetStats();
        meter.totalBytes().set(0);
        meter.maxBytes().set(0);
        long t = System.nanoTime();
        ApplyReport report = new Executor(client, batchSize).apply(plan, ApplyListener.NONE);
        double wall = (System.nanoTime() - t) / 1e6;
        if (!report.succeeded())
          throw new IllegalStateException("apply failed at batch size " + batchSize);
        return new double[] {
          emulator.stats().requests(), wall, meter.totalBytes().get(), meter.maxBytes().get()
        };
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Waits, up to 5 s, until this JVM is idle: a command measured while this JVM still compiles or
   * collects what the previous group left (an emulator that served 2,000 requests) shares two cores
   * with it. Measured so on 2026-11-30, validate of 10,000 + 10,000 ran while this JVM used 0.58 s
   * of CPU. Quiet is under 5 ms of CPU in 100 ms.
   */
  private static void awaitQuiet() throws InterruptedException {
    System.gc();
    for (int i = 0; i < 50; i++) {
      long before = processCpuNanos();
      Thread.sleep(100);
      if (processCpuNanos() - before < 5_000_000L) return;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Runs {@code main} in a fresh JVM and returns the JSON of its last output line. */
  private static JsonNode child(
      List<String> jvmArgs, Class<?> main, List<String> args, Map<String, String> env)
      throws Exception {
    return child(List.of(), jvmArgs, System.getProperty("java.class.path"), main, args, env);
  }

  /**
   * {@link #child}, with {@code classpath}, the JVM started through {@code prefix} (such as {@code
   * taskset -c 0}; empty for none).
   */
  private static JsonNode child(
      List<String> prefix,
      List<String> jvmArgs,
      String classpath,
      Class<?> main,
      List<String> args,
      Map<String, String> env)
      throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(javaBin());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + main.getSimpleName() + " " + args);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          main.getSimpleName()
              + " "
              + args
              + " failed (exit "
              + p.exitValue()
              + ", e.g. out of memory under -Xmx): "
              + text);
    }
    List<String> lines = text.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  /**
   * The classpath a measured command runs with: borgform's jar, as the launchers run it, then the
   * bench's own classes ({@code CommandRun}, {@code Probe}) from the test build. The launchers'
   * class-data archive was made with the jar alone; the JVM maps it for any classpath that starts
   * the same way.
   */
  private String commandClasspath() {
    String testClasses =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> e.endsWith("test-classes"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no test-classes on the classpath"));
    return jar + File.pathSeparator + testClasses;
  }

  private @Nullable List<String> archive;

  /** What {@link #launcherArchive} found, for the report. */
  private String archiveNote = "";

  /**
   * The options that map the launchers' class-data archive ({@code target/borgform.jsa}), which
   * {@code ./borgform} makes from this jar on its first run: measured commands start as they do
   * through the launchers. The first time, the share of classes the JVM took from the archive is
   * checked ({@link #archiveNote}, in the report), so a silently unused archive shows.
   */
  private List<String> launcherArchive() throws Exception {
    if (archive != null) return archive;
    runQuiet(List.of(Path.of("borgform").toAbsolutePath().toString(), "--version"));
    Path jsa = jar.resolveSibling("borgform.jsa");
    if (!Files.exists(jsa)) {
      archive = List.of();
      archiveNote =
          "No class-data archive: `./borgform` made none; commands load every class from the jar.";
      return archive;
    }
    archive = List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    List<String> cmd = new ArrayList<>(List.of(javaBin()));
    cmd.addAll(archive);
    cmd.addAll(List.of("-Xlog:class+load=info", "-cp", commandClasspath()));
    cmd.addAll(List.of(CommandRun.class.getName(), "--version"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> loaded =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains(" source: "))
            .toList();
    p.waitFor(1, TimeUnit.MINUTES);
    long shared = loaded.stream().filter(l -> l.contains("shared objects file")).count();
    archiveNote =
        String.format(
            Locale.ROOT,
            "Class-data archive: `%s`, made by `./borgform` from this jar; of the %d classes"
                + " `borgform --version` loads, %d came from an archive (the JDK's and this one).",
            jar.getParent().getFileName().resolve(jsa.getFileName()),
            loaded.size(),
            shared);
    return archive;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String fmt(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private void line(String s) {
    report.append(s).append('\n');
    System.out.println(s);
    System.out.flush();
  }
}
