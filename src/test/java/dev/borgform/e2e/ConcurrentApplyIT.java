package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applies of one spec started at once against one account. Every mutation is delayed, so both
 * read the account before either writes: both create every key and repo. (Should a loaded machine
 * start one run that much later, it finds the other's objects and there is no race; such a trial
 * still has to converge, and each test needs at least one trial that raced.) Keys with one name and
 * one material converge on the next plan; repos with one name would not (the planner never
 * guesses), so each run (apply rechecks by default) reads once more and gives way, deleting only
 * its own empty repo. One more apply then leaves the account exactly as the spec says, and the repo
 * that held backups before is untouched throughout.
 */
class ConcurrentApplyIT {
  @TempDir Path dir;

  private Path spec() throws Exception {
    String y =
        "version: 1\nkeys:\n"
            + "  - name: web\n    publicKey: "
            + TestKeys.ed25519(11, "web@host")
            + "\n"
            + "  - name: db\n    publicKey: "
            + TestKeys.ed25519(12, "db@host")
            + "\n"
            + "repos:\n"
            + "  - name: web\n    region: eu\n    appendOnlyKeys: [web]\n"
            + "  - name: db\n    region: us\n    appendOnlyKeys: [db]\n"
            + "  - name: archive\n    region: eu\n    alertDays: 3\n    appendOnlyKeys: [web, db]\n";
    Path p = dir.resolve("borgbase.yaml");
    Files.writeString(p, y);
    return p;
  }

  private static Map<String, String> env(EmulatorServer e, TokenLevel level) {
    return Map.of("BORGBASE_API_URL", e.graphqlUrl().toString(), "BORGBASE_TOKEN", e.token(level));
  }

  /** Runs the same command twice at the same moment; returns both results. */
  private static List<Result> together(Map<String, String> env, String... args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Result>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(
          pool.submit(
              () -> {
                go.await();
                return CliRun.run(env, args);
              }));
    }
    go.countDown();
    List<Result> out = new ArrayList<>();
    for (Future<Result> f : runs) out.add(f.get());
    pool.shutdown();
    return out;
  }

  /** The archive repo, with a backup in it, exists before either apply. */
  private static String seedArchive(EmulatorServer e) {
    GraphQl api = new GraphQl(e.graphqlUrl(), e.token(TokenLevel.FULL_ACCESS));
    String id =
        api.data(
                "mutation { repoAdd(name: \"archive\", region: \"eu\") { repoAdded { id } } }",
                Map.of())
            .get("repoAdd")
            .get("repoAdded")
            .get("id")
            .asText();
    e.recordBackup(id, 1234.5);
    return id;
  }

  private static JsonNode repos(EmulatorServer e) {
    return new GraphQl(e.graphqlUrl(), e.token(TokenLevel.FULL_ACCESS))
        .data("{ repoList { id name currentUsage } sshList { id name } }", Map.of());
  }

  private static final Duration DELAY = Duration.ofMillis(400);

  private static EmulatorServer slowWrites() throws java.io.IOException {
    return EmulatorServer.start(
        EmulatorConfig.inMemory().withFault(FaultRule.delay("mutation", DELAY)));
  }

  @Test
  void withRecheckTwoAppliesAtOnceConvergeAfterOneMoreAndNoBackupIsLost() throws Exception {
    Path spec = spec();
    int bothGaveWay = 0;
    int oneGaveWay = 0;
    int raced = 0;
    // A few rounds: the interleaving differs from run to run; every one must converge.
    for (int trial = 0; trial < 4; trial++) {
      try (EmulatorServer e = slowWrites()) {
        String archive = seedArchive(e);
        Map<String, String> env = env(e, TokenLevel.FULL_ACCESS);
        e.resetStats();

        List<Result> runs = together(env, "apply", "-f", spec.toString(), "--auto-approve");
        for (Result r : runs) {
          assertThat(r.exitCode()).as(r.toString()).isZero();
          assertThat(r.out())
              .contains("Reading the account once more to look for repos another apply created");
        }
        boolean twins = e.stats().field("repoAdd") == 4;
        if (twins) raced++;
        int gaveWay = 0;
        int runsGivingWay = 0;
        for (Result r : runs) {
          long n = r.out().lines().filter(l -> l.contains(": give way to id ")).count();
          gaveWay += (int) n;
          if (n > 0) runsGivingWay++;
        }
        if (runsGivingWay == 2) bothGaveWay++;
        if (runsGivingWay == 1) oneGaveWay++;
        if (twins) assertThat(runsGivingWay).as("at least one run gives way").isPositive();
        // Right after both: never two repos with one name, and the archive untouched.
        JsonNode mid = repos(e);
        List<String> names = new ArrayList<>();
        for (JsonNode r : mid.get("repoList")) names.add(r.get("name").asText());
        assertThat(names).doesNotHaveDuplicates();

        e.clearFaults();
        Result again = CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        Result plan = CliRun.run(env, "plan", "-f", spec.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();

        JsonNode end = repos(e);
        Map<String, Integer> count = new HashMap<>();
        for (JsonNode r : end.get("repoList")) count.merge(r.get("name").asText(), 1, Integer::sum);
        for (JsonNode k : end.get("sshList"))
          count.merge("key " + k.get("name").asText(), 1, Integer::sum);
        assertThat(count)
            .containsOnly(
                Map.entry("web", 1),
                Map.entry("db", 1),
                Map.entry("archive", 1),
                Map.entry("key web", 1),
                Map.entry("key db", 1));
        JsonNode kept = null;
        for (JsonNode r : end.get("repoList"))
          if (r.get("name").asText().equals("archive")) kept = r;
        assertThat(kept.get("id").asText())
            .as("the repo with backups is the same repo")
            .isEqualTo(archive);
        assertThat(kept.get("currentUsage").asDouble()).isEqualTo(1234.5);
        assertThat(e.stats().field("repoDelete"))
            .as("only the runs' own empty twins were deleted")
            .isEqualTo(gaveWay);
      }
    }
    assertThat(raced).as("trials in which both runs created the repos").isPositive();
    System.out.printf(
        "concurrent applies: %d of 4 trials raced; both gave way in %d, one in %d%n",
        raced, bothGaveWay, oneGaveWay);
  }

  /** Runs two applies at once until they raced (both created every repo), at most 4 times. */
  private interface Trial {
    void check(EmulatorServer e, List<Result> runs) throws Exception;
  }

  private static void raceUntilTwins(int reposPerRun, TokenLevel level, Trial trial, String... args)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (EmulatorServer e = slowWrites()) {
        List<Result> runs = together(env(e, level), args);
        if (e.stats().field("repoAdd") != 2L * reposPerRun && attempt < 4) continue;
        assertThat(e.stats().field("repoAdd"))
            .as("both runs created every repo")
            .isEqualTo(2L * reposPerRun);
        trial.check(e, runs);
        return;
      }
    }
  }

  @Test
  void withoutRecheckTheTwinReposStayAndTheNextPlanRefusesToGuess() throws Exception {
    Path spec = spec();
    raceUntilTwins(
        3,
        TokenLevel.FULL_ACCESS,
        (e, runs) -> {
          for (Result r : runs) assertThat(r.exitCode()).as(r.toString()).isZero();
          e.clearFaults();
          Result next =
              CliRun.run(
                  env(e, TokenLevel.FULL_ACCESS), "apply", "-f", spec.toString(), "--auto-approve");
          assertThat(next.exitCode()).isEqualTo(1);
          assertThat(next.err())
              .contains("the account has 2 repos named \"web\"")
              .contains("pin one with `id: <repo id>`");
          assertThat(e.stats().field("repoDelete"))
              .as("nothing is ever deleted on a guess")
              .isZero();
        },
        "apply",
        "-f",
        spec.toString(),
        "--auto-approve",
        "--no-recheck");
  }

  @Test
  void aCreateOnlyTokenCannotGiveWayAndSaysWhatToDo() throws Exception {
    Path spec = dir.resolve("adds.yaml");
    Files.writeString(
        spec,
        "version: 1\nkeys:\n  - name: web\n    publicKey: "
            + TestKeys.ed25519(11, "web@host")
            + "\n"
            + "repos:\n  - name: web\n    region: eu\n    appendOnlyKeys: [web]\n");
    raceUntilTwins(
        1,
        TokenLevel.CREATE_ONLY,
        (e, runs) -> {
          int refused = 0;
          for (Result r : runs) {
            if (r.exitCode() == 0) continue;
            refused++;
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err())
                .contains("Another apply created a repo named \"web\"")
                .contains("could not delete its own, empty copy")
                .contains("Both repos are empty. Delete one of them in the BorgBase web UI")
                .contains("repoDelete needs a Full Access token");
          }
          assertThat(refused).as("at least one run met the other's twin").isPositive();
          assertThat(e.stats().field("repoDelete"))
              .as("refused by BorgBase, nothing deleted")
              .isEqualTo(refused);
        },
        "apply",
        "-f",
        spec.toString(),
        "--auto-approve");
  }
}
