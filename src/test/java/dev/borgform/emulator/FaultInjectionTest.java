package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.GraphQl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults injected per operation and count or rate, as seen by a client over real HTTP. */
class FaultInjectionTest {
  private static final String ADD_KEY =
      "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }";
  private static final String ADD_REPO =
      "mutation($n: String!) { repoAdd(name: $n, region: \"eu\") { repoAdded { id } } }";
  private static final String READ = "{ sshList { id name } repoList { id name } }";

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .readTimeout(Duration.ofMillis(700))
          .retryOnConnectionFailure(false)
          .build();
  private EmulatorServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private EmulatorServer start(EmulatorConfig config) throws IOException {
    server = EmulatorServer.start(config);
    return server;
  }

  /** What came back: a status and body, or the exception that stood for no complete answer. */
  private record Answer(int status, String body, String retryAfter, IOException failure) {}

  private Answer post(String query, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    try {
      Request request =
          new Request.Builder()
              .url(server.graphqlUrl().toString())
              .header("Authorization", "Bearer " + server.token(TokenLevel.FULL_ACCESS))
              .post(
                  RequestBody.create(
                      GraphQl.JSON.writeValueAsString(body), MediaType.get("application/json")))
              .build();
      try (Response r = http.newCall(request).execute()) {
        return new Answer(r.code(), r.body().string(), r.header("Retry-After"), null);
      }
    } catch (IOException e) {
      return new Answer(0, null, null, e);
    }
  }

  private Answer addKey(String name) {
    return post(ADD_KEY, Map.of("n", name, "k", TestKeys.ED25519_LINE));
  }

  private List<String> keyNames() {
    JsonNode keys = GraphQl.of(server).post(READ).data("sshList");
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.get("name").asText()));
    return out;
  }

  private List<String> repoNames() {
    JsonNode repos = GraphQl.of(server).post(READ).data("repoList");
    List<String> out = new ArrayList<>();
    repos.forEach(k -> out.add(k.get("name").asText()));
    return out;
  }

  // ---- the text form --------------------------------------------------------------------------

  @Test
  void rulesReadFromTheirTextFormAndPrintBackTheSame() {
    for (String text :
        List.of(
            "repoAdd:lost@2",
            "query:error=502@first=3",
            "any:ratelimit=2@rate=0.25",
            "sshDelete:hang",
            "repoEdit:delay=150ms",
            "mutation:malformed@1",
            "repoDelete:truncated",
            "sshAdd:ratelimit=date:3")) {
      assertThat(FaultRule.parse(text).toString()).isEqualTo(text);
    }
    FaultRule defaults = FaultRule.parse("RepoAdd:error");
    assertThat(defaults.operation()).isEqualTo("repoAdd");
    assertThat(defaults.status()).isEqualTo(503);
    assertThat(defaults.when()).isEqualTo(FaultRule.When.EVERY);
    assertThat(FaultRule.parse("query:ratelimit").retryAfter()).isEqualTo(1);
    assertThat(FaultRule.parse("any:delay=2s").delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badRulesAreRefusedWithAMessageThatSaysWhatIsWrong() {
    assertThatThrownBy(() -> FaultRule.parse("repoAdd")).hasMessageContaining("OPERATION:KIND");
    assertThatThrownBy(() -> FaultRule.parse("repoCreate:lost"))
        .hasMessageContaining("unknown operation");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:explode"))
        .hasMessageContaining("unknown fault \"explode\"");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:error=404")).hasMessageContaining("500-599");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:lost@0")).hasMessageContaining("1 or more");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:lost@rate=2")).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:lost=1"))
        .hasMessageContaining("takes no value");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:delay")).hasMessageContaining("duration");
    assertThatThrownBy(() -> FaultRule.parse("repoAdd:delay=1h")).hasMessageContaining("duration");
  }

  // ---- what each fault does ---------------------------------------------------------------------

  @Test
  void anErrorAnswersTheStatusAndRunsNothing() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("sshAdd:error=502")));
    Answer a = addKey("web");
    assertThat(a.status()).isEqualTo(502);
    assertThat(GraphQl.JSON.readTree(a.body()).path("errors").path(0).path("message").asText())
        .isEqualTo("Service unavailable.");
    assertThat(keyNames()).as("nothing ran").isEmpty();
    assertThat(server.injectedFaults()).containsExactly(Map.entry("error", 1L));
  }

  @Test
  void aRateLimitAnswers429WithRetryAfterInSecondsOrAsADateAndRunsNothing() throws Exception {
    start(
        EmulatorConfig.inMemory()
            .withFault(FaultRule.parse("sshAdd:ratelimit=2@1"))
            .withFault(FaultRule.parse("sshAdd:ratelimit=date:30@2")));
    Answer seconds = addKey("a");
    assertThat(seconds.status()).isEqualTo(429);
    assertThat(seconds.retryAfter()).isEqualTo("2");

    Answer date = addKey("b");
    assertThat(date.status()).isEqualTo(429);
    ZonedDateTime when =
        ZonedDateTime.parse(date.retryAfter(), DateTimeFormatter.RFC_1123_DATE_TIME);
    assertThat(when).isAfter(ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(20));

    assertThat(keyNames()).isEmpty();
    assertThat(addKey("c").status()).as("the rules hit only their request").isEqualTo(200);
    assertThat(keyNames()).containsExactly("c");
  }

  @Test
  void aLostAnswerCommitsTheChangeThenDropsTheConnection() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("sshAdd:lost")));
    Answer a = addKey("web");
    assertThat(a.failure()).as("no answer at all").isNotNull();
    server.clearFaults();
    assertThat(keyNames()).as("committed").containsExactly("web");
    assertThat(server.stats().field("sshAdd")).isEqualTo(1);
  }

  @Test
  void aMalformedAnswerIsHalfAJsonDocumentAfterTheChangeWasCommitted() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("repoAdd:malformed")));
    Answer a = post(ADD_REPO, Map.of("n", "web"));
    assertThat(a.status()).isEqualTo(200);
    assertThatThrownBy(() -> GraphQl.JSON.readTree(a.body())).isInstanceOf(IOException.class);
    assertThat(a.body()).startsWith("{\"data\":");
    server.clearFaults();
    assertThat(repoNames()).containsExactly("web");
  }

  @Test
  void aTruncatedAnswerPromisesMoreThanItSends() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("repoAdd:truncated")));
    Answer a = post(ADD_REPO, Map.of("n", "web"));
    assertThat(a.failure()).as("the body ends early").isNotNull();
    server.clearFaults();
    assertThat(repoNames()).containsExactly("web");
  }

  @Test
  void aHungRequestIsCommittedButNeverAnsweredUntilTheClientGivesUp() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("sshAdd:hang@1")));
    Answer a = addKey("web");
    assertThat(a.failure()).isInstanceOf(InterruptedIOException.class); // the client's read timeout
    assertThat(keyNames()).containsExactly("web");
    assertThat(addKey("db").status()).as("only the first one hangs").isEqualTo(200);
    // close() must not wait for the hung exchange (the @AfterEach would hang the build).
  }

  @Test
  void aDelayServesTheRequestNormallyAfterTheWait() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("query:delay=200ms")));
    long start = System.nanoTime();
    assertThat(post(READ, null).status()).isEqualTo(200);
    // A lower bound only: sleeping never ends early, so this cannot flake on a slow machine.
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(server.injectedFaults()).containsExactly(Map.entry("delay", 1L));
  }

  // ---- which requests are hit -----------------------------------------------------------------

  @Test
  void theNthMatchingRequestIsHitAndOtherOperationsDoNotCount() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("repoAdd:error@2")));
    assertThat(post(ADD_REPO, Map.of("n", "r1")).status()).isEqualTo(200);
    assertThat(addKey("k1").status()).as("not a repoAdd: not counted").isEqualTo(200);
    assertThat(post(READ, null).status()).isEqualTo(200);
    assertThat(post(ADD_REPO, Map.of("n", "r2")).status()).isEqualTo(503);
    assertThat(post(ADD_REPO, Map.of("n", "r3")).status()).isEqualTo(200);
    assertThat(repoNames()).containsExactly("r1", "r3");
  }

  @Test
  void theFirstNMatchingRequestsAreHit() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("query:error@first=2")));
    assertThat(post(READ, null).status()).isEqualTo(503);
    assertThat(post(READ, null).status()).isEqualTo(503);
    assertThat(post(READ, null).status()).isEqualTo(200);
  }

  @Test
  void aBatchedDocumentMatchesEveryMutationItHolds() throws Exception {
    start(EmulatorConfig.inMemory().withFault(FaultRule.parse("repoAdd:error@1")));
    Answer a =
        post(
            "mutation($k: String!) { m0: sshAdd(name: \"k\", keyData: $k) { keyAdded { id } }"
                + " m1: repoAdd(name: \"r\", region: \"eu\") { repoAdded { id } } }",
            Map.of("k", TestKeys.ED25519_LINE));
    assertThat(a.status()).isEqualTo(503);
    assertThat(keyNames()).as("the whole document was refused").isEmpty();
  }

  @Test
  void mutationAndAnyMatchBroadly() throws Exception {
    start(
        EmulatorConfig.inMemory()
            .withFault(FaultRule.parse("mutation:error@1"))
            .withFault(FaultRule.parse("any:error=500@3")));
    assertThat(post(READ, null).status()).as("any #1").isEqualTo(200);
    assertThat(addKey("a").status()).as("mutation #1, any #2").isEqualTo(503);
    assertThat(post("{not graphql", null).status()).as("any #3, even unparsable").isEqualTo(500);
  }

  @Test
  void ratedFaultsAreReproducibleFromTheSeed() throws Exception {
    List<Integer> first = statuses(7);
    List<Integer> again = statuses(7);
    List<Integer> other = statuses(8);
    assertThat(again).isEqualTo(first);
    assertThat(first).contains(503).contains(200);
    assertThat(other).isNotEqualTo(first);
  }

  private List<Integer> statuses(long seed) throws IOException {
    try (EmulatorServer s =
        EmulatorServer.start(
            EmulatorConfig.inMemory()
                .withSeed(seed)
                .withFault(FaultRule.parse("query:error@rate=0.5")))) {
      server = s;
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        out.add(post(READ, null).status());
      }
      server = null;
      return out;
    }
  }

  @Test
  void faultsCanBeAddedAndClearedWhileRunningAndAreCounted() throws Exception {
    start(EmulatorConfig.inMemory());
    assertThat(addKey("a").status()).isEqualTo(200);
    server.addFault(FaultRule.parse("sshAdd:error@1"));
    assertThat(server.faults())
        .extracting(FaultRule::toString)
        .containsExactly("sshAdd:error=503@1");
    assertThat(addKey("b").status()).as("counting starts when the rule is added").isEqualTo(503);
    server.addFault(FaultRule.parse("sshAdd:ratelimit=0"));
    assertThat(addKey("c").status()).isEqualTo(429);
    server.clearFaults();
    assertThat(addKey("d").status()).isEqualTo(200);
    assertThat(server.injectedFaults())
        .containsExactly(Map.entry("error", 1L), Map.entry("ratelimit", 1L));
    assertThat(keyNames()).containsExactly("a", "d");
  }

  // ---- tokens -----------------------------------------------------------------------------------

  @Test
  void anExpiredTokenFailsWithPyJwtsMessage() throws Exception {
    start(EmulatorConfig.inMemory().withExpiredToken("aaaa.bbbb.expired"));
    GraphQl.Reply r = GraphQl.of(server).post("aaaa.bbbb.expired", READ, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.firstError()).isEqualTo("Signature has expired");
    assertThat(r.data("sshList").isNull()).isTrue();
    assertThat(server.toString()).doesNotContain("expired");
  }

  @Test
  void anExpiredTokenCannotAlsoHaveALevel() {
    assertThatThrownBy(
            () ->
                EmulatorConfig.inMemory()
                    .withToken(TokenLevel.FULL_ACCESS, "same-token")
                    .withExpiredToken("same-token"))
        .hasMessage("The full token cannot also be expired")
        .hasMessageNotContaining("same-token");
    assertThat(EmulatorConfig.inMemory().withExpiredToken("secret-token").toString())
        .doesNotContain("secret-token")
        .contains("expiredTokens=1");
  }

  // ---- backups (outside the API) ------------------------------------------------------------

  @Test
  void aRecordedBackupShowsAsUsageAndLastModified() throws Exception {
    start(EmulatorConfig.inMemory());
    String id = GraphQl.of(server).addRepo("web", "eu");
    server.recordBackup(id, 12.5);
    JsonNode repo =
        GraphQl.of(server)
            .post("{ repoList { currentUsage lastModified } }")
            .data("repoList")
            .get(0);
    assertThat(repo.get("currentUsage").asDouble()).isEqualTo(12.5);
    assertThat(repo.get("lastModified").asText()).endsWith("Z");
    assertThatThrownBy(() -> server.recordBackup("nope", 1))
        .hasMessageContaining("no repo with id nope");
  }
}
