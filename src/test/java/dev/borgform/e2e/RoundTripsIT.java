package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.EmulatorStats;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Forwarder;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.SyntheticSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Round trips, counted by the emulator over real HTTP: plan reads the account in one request at any
 * size; apply costs one read plus one request per batch of each dependency phase, and against a
 * server (or proxy) that refuses large documents it learns the size accepted and sends documents of
 * that size, never one mutation per request unless that is all the server takes.
 *
 * <p>Apply makes no confirming re-read today, so none is counted: after the read, every request is
 * a batch of mutations.
 */
class RoundTripsIT {
  @TempDir Path dir;

  private static Map<String, String> env(EmulatorServer emulator) {
    return Map.of(
        "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
        "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
  }

  private static Result borgform(EmulatorServer emulator, String... args) {
    return CliRun.run(env(emulator), args);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  @ParameterizedTest(name = "{0} keys and {0} repos")
  @ValueSource(ints = {0, 10, 1000})
  void planIsOneRequestAtEverySizeBeforeAndAfterApply(int n) throws Exception {
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Result empty = borgform(emulator, "plan", "-f", spec, "--detailed-exitcode");
      assertThat(empty.exitCode()).as(empty.err()).isEqualTo(n == 0 ? 0 : 2);
      assertThat(emulator.stats().requests()).isEqualTo(1);
      assertThat(emulator.stats().perOperation()).containsExactly(Map.entry("query", 1L));

      emulator.resetStats();
      assertThat(borgform(emulator, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
      long batches = ceilDiv(n, 50); // per phase, at the default batch size
      long recheck = n > 0 ? 1 : 0; // the confirming read after creating repos
      assertThat(emulator.stats().requests())
          .as("apply")
          .isEqualTo(1 + batches + batches + recheck);
      emulator.resetStats();
      Result full = borgform(emulator, "plan", "-f", spec, "--detailed-exitcode");
      assertThat(full.exitCode()).as(full.err()).isZero();
      assertThat(emulator.stats().requests()).isEqualTo(1);
      assertThat(emulator.stats().perOperation()).containsExactly(Map.entry("query", 1L));
    }
  }

  @ParameterizedTest(name = "{0} keys and {0} repos, --batch-size {1}")
  @CsvSource({"10, 0", "120, 0", "25, 7", "3, 1"})
  void applyIsOneReadPlusOneRequestPerBatchOfEachPhase(int n, int batchSize) throws Exception {
    String spec = SyntheticSpec.write(dir, n).toString();
    List<String> args = new ArrayList<>(List.of("apply", "-f", spec, "--auto-approve"));
    long batch = 50; // the default, when the test gives none
    if (batchSize > 0) {
      args.add("--batch-size=" + batchSize);
      batch = batchSize;
    }
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Result apply = borgform(emulator, args.toArray(String[]::new));
      assertThat(apply.exitCode()).as(apply.err()).isZero();
      assertThat(apply.out()).contains("Apply complete! " + (2 * n) + " applied, 0 failed");

      EmulatorStats s = emulator.stats();
      long perPhase = ceilDiv(n, batch);
      // One read, one request per batch of each phase, and the confirming read (repos were made).
      assertThat(s.requests()).isEqualTo(1 + perPhase + perPhase + 1);
      assertThat(s.perOperation())
          .containsExactly(
              Map.entry("query", 2L),
              Map.entry("repoAdd", perPhase),
              Map.entry("sshAdd", perPhase));
      assertThat(s.field("sshAdd")).isEqualTo(n);
      assertThat(s.field("repoAdd")).isEqualTo(n);

      assertThat(borgform(emulator, "plan", "-f", spec, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  @Test
  void aServerThatRefusesBatchesStillConvergesWithOneRequestPerMutation() throws Exception {
    int n = 30;
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      Result apply = borgform(emulator, "apply", "-f", spec, "--auto-approve");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.out()).contains("Apply complete! " + (2 * n) + " applied, 0 failed");

      EmulatorStats s = emulator.stats();
      // The read; in the key phase the batch of 30 (refused unread), one key alone (accepted, so
      // the size was at fault), 15, 8, 4 and 2 keys (each refused unread); then one request per
      // mutation. The client keeps what it learned, so the repo phase has no refusal.
      assertThat(s.requests()).isEqualTo(1 + 5 + n + n + 1); // + the confirming read
      assertThat(s.operation("sshAdd")).isEqualTo(n);
      assertThat(s.operation("repoAdd")).isEqualTo(n);
      // Nothing was made twice: every mutation ran exactly once.
      assertThat(s.field("sshAdd")).isEqualTo(n);
      assertThat(s.field("repoAdd")).isEqualTo(n);
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY));
      var data = api.data("{ sshList { id } repoList { id } }", Map.of());
      assertThat(data.get("sshList")).hasSize(n);
      assertThat(data.get("repoList")).hasSize(n);

      emulator.resetStats();
      Result plan = borgform(emulator, "plan", "-f", spec, "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      assertThat(emulator.stats().requests()).isEqualTo(1);
    }
  }

  @Test
  void aServerCappingMutationsPerDocumentGetsDocumentsOfItsCapNotOneMutationEach()
      throws Exception {
    int n = 120;
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(10))) {
      Result apply = borgform(emulator, "apply", "-f", spec, "--auto-approve");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.out()).contains("Apply complete! " + (2 * n) + " applied, 0 failed");

      EmulatorStats s = emulator.stats();
      // Keys: 50 refused, 1, 25 refused, 13 refused, 7, 10, 11 refused, then 10 at a time (the
      // rest of the first batch of 50 in 4 documents, 5 for the second, 2 for the last 20): 18.
      // Repos: 10 at a time, never refused: 12. With the read and the confirming read: 32,
      // against 243 when a refused batch fell back to one mutation per request.
      assertThat(s.requests()).isEqualTo(32);
      assertThat(s.field("sshAdd")).as("each key made once").isEqualTo(n);
      assertThat(s.field("repoAdd")).as("each repo made once").isEqualTo(n);
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY));
      var data = api.data("{ sshList { id } repoList { id } }", Map.of());
      assertThat(data.get("sshList")).hasSize(n);
      assertThat(data.get("repoList")).hasSize(n);
      assertThat(borgform(emulator, "plan", "-f", spec, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  @Test
  void aProxyRefusingLargeBodiesWithAnHtml413GetsSmallerDocumentsAndNothingTwice()
      throws Exception {
    int n = 120;
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        MockWebServer proxy = new MockWebServer()) {
      // About 16 repo adds or 40 key adds fit in 16 KiB with the synthetic spec's values.
      Forwarder forwarder = Forwarder.limitingBodies(emulator.graphqlUrl(), 16 * 1024);
      proxy.setDispatcher(forwarder);
      proxy.start();
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL", proxy.url("/graphql").toString(),
              "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
      Result apply = CliRun.run(env, "apply", "-f", spec, "--auto-approve");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(apply.out()).contains("Apply complete! " + (2 * n) + " applied, 0 failed");
      assertThat(apply.out() + apply.err()).doesNotContain("unknown");

      EmulatorStats s = emulator.stats();
      assertThat(forwarder.refusedForSize()).as("the proxy refused some documents").isPositive();
      assertThat(s.field("sshAdd")).as("each key made once").isEqualTo(n);
      assertThat(s.field("repoAdd")).as("each repo made once").isEqualTo(n);
      // Far fewer than one request per mutation (242 with the reads).
      assertThat(s.requests() + forwarder.refusedForSize()).isLessThan(60);
      assertThat(CliRun.run(env, "plan", "-f", spec, "--detailed-exitcode").exitCode()).isZero();
    }
  }

  @Test
  void eachFailureInABatchLandsOnItsOwnChange() throws Exception {
    String spec = SyntheticSpec.write(dir, 5).toString();
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxRepos(3))) {
      Result apply = borgform(emulator, "apply", "-f", spec, "--auto-approve");
      assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
      // One document of five repoAdds: the account has room for three; the server ran all five.
      assertThat(emulator.stats().requests()).isEqualTo(3);
      assertThat(apply.out())
          .contains("repo.server-00002: create done (id ")
          .contains("repo.server-00003: create FAILED: Over quota or too many repos.")
          .contains("repo.server-00004: create FAILED: Over quota or too many repos.")
          .contains("Apply failed. 8 applied, 2 failed, 0 not attempted.");
    }
  }

  @Test
  void aBatchSizeOfOneNeverSendsABatchToBeRefused() throws Exception {
    int n = 5;
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      Result apply = borgform(emulator, "apply", "-f", spec, "--auto-approve", "--batch-size=1");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(emulator.stats().requests()).isEqualTo(1 + n + n + 1); // + the confirming read
    }
  }

  @Test
  void noRecheckKeepsApplyAtOneReadPlusOneRequestPerBatch() throws Exception {
    int n = 10;
    String spec = SyntheticSpec.write(dir, n).toString();
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Result apply = borgform(emulator, "apply", "-f", spec, "--auto-approve", "--no-recheck");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      assertThat(emulator.stats().requests()).isEqualTo(1 + 1 + 1);
    }
  }

  @Test
  void anApplyThatCreatesNoRepoDoesNotReadAgain() throws Exception {
    String spec = SyntheticSpec.write(dir, 3).toString();
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      assertThat(borgform(emulator, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
      String id =
          api.data("{ repoList { id } }", Map.of()).get("repoList").get(0).get("id").asText();
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, alertDays: 9) { repoEdited { id } } }",
          Map.of("id", id));
      emulator.resetStats();
      assertThat(borgform(emulator, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
      // A plan that edits asks the token's level once (one query, no change) before sending:
      // a Create Only token is then refused before a first change.
      assertThat(emulator.stats().requests())
          .as("read + the level query + one repoEdit batch")
          .isEqualTo(3);
      assertThat(emulator.stats().field("overageList")).isEqualTo(1);
    }
  }
}
