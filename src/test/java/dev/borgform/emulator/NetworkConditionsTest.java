package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.testing.GraphQl;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's imitation of a real network and server: latency per request, refused batches. */
class NetworkConditionsTest {
  private static final String TWO_ADDS =
      "mutation($a: String!, $b: String!) {"
          + " m0: sshAdd(name: \"a\", keyData: $a) { keyAdded { id } }"
          + " m1: sshAdd(name: \"b\", keyData: $b) { keyAdded { id } } }";

  @Test
  void defaultsAddNoLatencyAndAcceptBatches() {
    EmulatorConfig c = EmulatorConfig.inMemory();
    assertThat(c.latency()).isEqualTo(Duration.ZERO);
    assertThat(c.maxMutationsPerRequest()).isEqualTo(EmulatorConfig.UNLIMITED);
    assertThat(c.withLatency(Duration.ofMillis(20)).toString())
        .contains("latency=PT0.02S")
        .contains("maxMutationsPerRequest=unlimited");
  }

  @Test
  void badValuesAreRefused() {
    EmulatorConfig c = EmulatorConfig.inMemory();
    assertThatThrownBy(() -> c.withLatency(Duration.ofMillis(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> c.withLatency(Duration.ofHours(1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> c.withLatency(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.withMaxMutationsPerRequest(0)).hasMessageContaining("at least 1");
  }

  @Test
  void theServerSendsWithoutNaglesDelaySoLatencyIsOnlyWhatIsConfigured() throws Exception {
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      assertThat(server.port()).isPositive();
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }
  }

  @Test
  void everyGraphqlRequestWaitsAtLeastTheConfiguredLatency() throws Exception {
    Duration latency = Duration.ofMillis(150);
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withLatency(latency))) {
      GraphQl gql = GraphQl.of(server);
      long start = System.nanoTime();
      GraphQl.Reply r = gql.post("{ sshList { id } repoList { id } }");
      long elapsed = System.nanoTime() - start;
      assertThat(r.status()).isEqualTo(200);
      // A lower bound only: sleeping never ends early, so this cannot flake on a slow machine.
      assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(latency);
      assertThat(server.stats().requests()).isEqualTo(1);
    }
  }

  @Test
  void aServerThatRefusesBatchesAnswers400AndRunsNothing() throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      GraphQl gql = GraphQl.of(server);
      GraphQl.Reply r =
          gql.post(TWO_ADDS, Map.of("a", TestKeys.ED25519_LINE, "b", TestKeys.ED25519_LINE));

      assertThat(r.status()).isEqualTo(400);
      assertThat(r.data()).isNull();
      assertThat(r.firstError())
          .isEqualTo(
              "Too many mutation fields in one request: 2 (m0, m1);"
                  + " this server allows 1. Send the mutations in separate requests.");
      assertThat(r.errors().get(0).path("locations").get(0).path("line").asInt()).isEqualTo(1);
      assertThat(server.stats().requests()).isEqualTo(1);
      assertThat(server.stats().field("sshAdd")).as("nothing ran").isZero();
      assertThat(gql.post("{ sshList { id } }").data("sshList")).isEmpty();
    }
  }

  @Test
  void fieldsHiddenInFragmentsCountToo() throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      GraphQl gql = GraphQl.of(server);
      GraphQl.Reply r =
          gql.post(
              "mutation($a: String!) { m0: sshAdd(name: \"a\", keyData: $a) { keyAdded { id } }"
                  + " ... on Mutation { m1: sshAdd(name: \"b\", keyData: $a) { keyAdded { id } } } ...More }"
                  + " fragment More on Mutation { m2: sshAdd(name: \"c\", keyData: $a) { keyAdded { id } } }",
              Map.of("a", TestKeys.ED25519_LINE));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.firstError()).contains("3 (m0, m1, m2)");
      assertThat(gql.post("{ sshList { id } }").data("sshList")).isEmpty();
    }
  }

  @Test
  void singleMutationsAndQueriesWithManyFieldsStillRun() throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      GraphQl gql = GraphQl.of(server);
      assertThat(gql.addKey("a", TestKeys.ED25519_LINE)).isNotEmpty();
      GraphQl.Reply read = gql.post("{ sshList { id } repoList { id } isAuthenticated }");
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.data("sshList")).hasSize(1);
    }
  }

  @Test
  void aLimitAboveOneAllowsBatchesUpToIt() throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(2))) {
      GraphQl gql = GraphQl.of(server);
      GraphQl.Reply r =
          gql.post(TWO_ADDS, Map.of("a", TestKeys.ED25519_LINE, "b", TestKeys.ED25519_LINE));
      assertThat(r.status()).isEqualTo(200);
      assertThat(server.stats().field("sshAdd")).isEqualTo(2);
    }
  }
}
