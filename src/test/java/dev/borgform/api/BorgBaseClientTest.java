package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.apply.FailureKind;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.live.LiveState;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import dev.borgform.testing.Repos;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server: what it sends, and how it reads each answer. */
class BorgBaseClientTest {
  private static final String SECRET = "aaaa.bbbb.cccc-secret-token";
  private final ObjectMapper json = new ObjectMapper();
  private MockWebServer server;
  private BorgBaseClient client;
  private final FakeTiming timing = new FakeTiming();
  private final List<String> notices = new java.util.ArrayList<>();
  private final List<String> httpLog = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = client(Duration.ofSeconds(2));
  }

  /** A client on fake time: retries wait no real time, and every wait is recorded. */
  private BorgBaseClient client(Duration readTimeout) {
    OkHttpClient http =
        new OkHttpClient.Builder().readTimeout(readTimeout).retryOnConnectionFailure(false).build();
    ClientOptions options =
        ClientOptions.defaults()
            .withTiming(timing, () -> 0.5)
            .withNotices(notices::add)
            .withHttpLog(httpLog::add);
    return new BorgBaseClient(
        http,
        Endpoint.parse(server.url("/graphql").toString()),
        Token.of(SECRET),
        "borgform/test",
        options);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private JsonNode sentBody(RecordedRequest r) throws Exception {
    return json.readTree(r.getBody().utf8());
  }

  @Test
  void readsTheWholeAccountInOneRequestWithTheBearerToken() throws Exception {
    answer(
        200,
        """
        {"data":{"sshList":[{"id":"481","name":"web","keyData":"ssh-ed25519 AAAA","comment":"root@web",
          "keyType":"ssh-ed25519","bits":256,"hashMd5":"aa","hashSha256":"bb","addedAt":"2026-01-01T00:00:00Z"}],
         "repoList":[{"id":"y4ab823u","name":"web","region":"eu","quota":500000,"quotaEnabled":true,
          "alertDays":2,"appendOnlyKeys":["481"],"fullAccessKeys":[],"rsyncKeys":null,"someNewField":1}]}}
        """);
    LiveState live = client.read();

    assertThat(server.getRequestCount()).isEqualTo(1);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    String query = sentBody(r).get("query").asText();
    assertThat(query).contains("sshList").contains("repoList");

    assertThat(live.keys()).hasSize(1);
    assertThat(live.keys().get(0).id()).isEqualTo("481");
    assertThat(live.keys().get(0).comment()).isEqualTo("root@web");
    assertThat(live.repos()).hasSize(1);
    var repo = live.repos().get(0);
    assertThat(repo.get(RepoField.QUOTA).megabytes()).isEqualTo(500_000);
    assertThat(repo.get(RepoField.APPEND_ONLY_KEYS)).containsExactly("481");
    assertThat(repo.get(RepoField.RSYNC_KEYS)).isEmpty(); // null on the wire
    assertThat(repo.get(RepoField.BORG_VERSION)).isEqualTo("LATEST"); // absent: the default
    assertThat(repo.get(RepoField.COMPACTION_INTERVAL)).isEqualTo(6);
  }

  /**
   * Keys the API sends in a shape borgform cannot read stop the read as a protocol error, whichever
   * key of the list it is, with nothing half read; a key with fields borgform does not know, or
   * with some left out, is read.
   */
  @Test
  void keysOfAnotherShapeStopTheReadAsAProtocolError() {
    String good =
        "{\"id\":\"1\",\"name\":\"a\",\"keyData\":\"ssh-ed25519 AAAA\",\"bits\":256,"
            + "\"future\":[1]}";
    String lacking = "{\"id\":\"2\",\"name\":\"b\"}";
    answer(200, "{\"data\":{\"sshList\":[" + good + "," + lacking + "],\"repoList\":[]}}");
    assertThat(client.read().keys())
        .extracting(k -> k.id() + " " + k.name() + " " + k.bits())
        .containsExactly("1 a 256", "2 b null");
    for (String bad :
        List.of(
            good + ",{\"id\":\"2\",\"bits\":\"many\"}",
            good + ",null",
            good + ",[\"2\"]",
            "{\"id\":{\"nested\":1}}," + good)) {
      answer(200, "{\"data\":{\"sshList\":[" + bad + "],\"repoList\":[]}}");
      assertThatThrownBy(client::read)
          .as(bad)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ApiException.Kind.PROTOCOL);
                assertThat(e.getMessage())
                    .startsWith("BorgBase's account data could not be read: ");
                assertThat(e.getMessage() + e.hint()).doesNotContain(SECRET);
              });
    }
  }

  /**
   * A client of an http endpoint is one of plain HTTP alone, with no TLS context made; a client of
   * an https endpoint has TLS. The http client still reads the account.
   */
  @Test
  void aClientOfAnHttpEndpointMakesNoTlsContext() {
    try (BorgBaseClient plain =
            BorgBaseClient.create(
                Endpoint.parse(server.url("/graphql").toString()), Token.of(SECRET), "t");
        BorgBaseClient tls =
            BorgBaseClient.create(
                Endpoint.parse("https://api.borgbase.com/graphql"), Token.of(SECRET), "t")) {
      assertThat(plain.http().connectionSpecs()).containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
      assertThat(plain.http().x509TrustManager()).isNull();
      assertThat(tls.http().connectionSpecs()).anyMatch(okhttp3.ConnectionSpec::isTls);
      assertThat(tls.http().x509TrustManager()).isNotNull();
      answer(200, "{\"data\":{\"sshList\":[],\"repoList\":[]}}");
      assertThat(plain.read().keys()).isEmpty();
    }
  }

  /**
   * A client closed while its read waits to try again (the read was given up by the command) sends
   * no further request: the read ends with the failure it had.
   */
  @Test
  void aReadClosedWhileItWaitsToTryAgainSendsNothingMore() {
    for (int i = 0; i < 5; i++) answer(503, "{}");
    List<Duration> sleeps = new java.util.ArrayList<>();
    Timing closing =
        new Timing() {
          @Override
          public java.time.Instant now() {
            return timing.now();
          }

          @Override
          public void sleep(Duration d) {
            sleeps.add(d);
            client.close();
          }
        };
    client.close();
    client =
        new BorgBaseClient(
            new OkHttpClient.Builder().retryOnConnectionFailure(false).build(),
            Endpoint.parse(server.url("/graphql").toString()),
            Token.of(SECRET),
            "borgform/test",
            ClientOptions.defaults().withTiming(closing, () -> 0.5).withNotices(notices::add));
    assertThatThrownBy(client::read).isInstanceOf(ApiException.class).hasMessageContaining("503");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).hasSize(1);
    assertThat(notices).hasSize(1);
  }

  /** A client closed while its read awaits the answer: the request is cancelled, not retried. */
  @Test
  void aReadClosedWhileItsAnswerIsAwaitedEndsAtOnceWithoutRetrying() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(30, java.util.concurrent.TimeUnit.SECONDS)
            .body("{\"data\":{\"sshList\":[],\"repoList\":[]}}")
            .build());
    Thread closer =
        new Thread(
            () -> {
              try {
                server.takeRequest();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              client.close();
            });
    closer.start();
    long before = System.nanoTime();
    assertThatThrownBy(client::read).isInstanceOf(ApiException.class);
    assertThat(System.nanoTime() - before)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(10));
    closer.join();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(timing.sleeps).isEmpty();
    assertThat(notices).isEmpty();
  }

  @Test
  void aRefusedTokenIsAnAuthenticationErrorThatNamesTheLevelNeededAndNeverTheToken() {
    answer(
        200,
        """
        {"data":{"sshList":null,"repoList":null},"errors":[{"locations":[{"column":7,"line":3}],
         "message":"Not enough segments","path":["sshList"]}]}
        """);
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.AUTHENTICATION);
              assertThat(e.getMessage())
                  .isEqualTo("BorgBase refused the token: Not enough segments");
              assertThat(e.hint()).contains("Read Only");
              assertThat(e.getMessage() + e.hint() + e).doesNotContain(SECRET);
            });
  }

  @Test
  void aServerErrorOnReadIsReportedWithItsStatusOnceTheRetriesRunOut() {
    for (int i = 0; i < 5; i++) answer(502, "<html>Bad gateway</html>");
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.PROTOCOL);
              assertThat(e.getMessage())
                  .contains("HTTP 502")
                  .endsWith("(gave up after 5 attempts in 5.6 s)");
            });
    assertThat(server.getRequestCount()).isEqualTo(5);
    // Equal jitter at 0.5: three quarters of 0.5 s, 1 s, 2 s, 4 s.
    assertThat(timing.sleeps)
        .containsExactly(
            Duration.ofMillis(375),
            Duration.ofMillis(750),
            Duration.ofMillis(1500),
            Duration.ofMillis(3000));
    assertThat(notices).hasSize(4);
    assertThat(notices.get(0)).endsWith("; trying again in 0.4 s (attempt 2 of 5)");
  }

  @Test
  void anUnreachableServerIsANetworkError() {
    server.close();
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.NETWORK));
  }

  @Test
  void aBatchIsOneDocumentOfAliasedFieldsWithBorgBasesVariableTypes() throws Exception {
    answer(
        200,
        """
        {"data":{"m0":{"keyAdded":{"id":"1001"}},"m1":{"ok":true},"m2":{"repoAdded":{"id":"abcd1234"}},
                 "m3":{"repoEdited":{"id":"zzzz9999"}}}}
        """);
    RepoSettings add =
        Repos.settings(
            "web",
            Region.EU,
            Quota.ofMegabytes(500_000),
            2,
            List.of(new KeyRef("web", "1001")),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    RepoSettings edit =
        Repos.settings(
            null,
            null,
            Quota.none(),
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.AddKey("web", "ssh-ed25519 AAAA root@web"),
                new Mutation.DeleteKey("481"),
                new Mutation.AddRepo(add),
                new Mutation.EditRepo("zzzz9999", edit)));

    assertThat(results)
        .containsExactly(
            MutationResult.applied("1001"), MutationResult.applied(null),
            MutationResult.applied("abcd1234"), MutationResult.applied(null));
    assertThat(server.getRequestCount()).isEqualTo(1);
    JsonNode body = sentBody(server.takeRequest());
    String doc = body.get("query").asText();
    assertThat(doc)
        .startsWith("mutation Apply(")
        .contains("$m1_id: String!")
        .doesNotContain("Int!")
        .contains(
            "$m2_name: String!",
            "$m2_region: String!",
            "$m2_quota: Int",
            "$m2_appendOnlyKeys: [String]")
        .contains("m0: sshAdd(name: $m0_name, keyData: $m0_keyData) { keyAdded { id } }")
        .contains(
            "m3: repoEdit(id: $m3_id, quotaEnabled: $m3_quotaEnabled, fullAccessKeys: $m3_fullAccessKeys)");
    JsonNode vars = body.get("variables");
    assertThat(vars.get("m1_id").isTextual()).isTrue();
    assertThat(vars.get("m2_quota").asInt()).isEqualTo(500_000);
    assertThat(vars.get("m2_quotaEnabled").asBoolean()).isTrue();
    assertThat(vars.get("m2_appendOnlyKeys").get(0).asText()).isEqualTo("1001");
    assertThat(vars.has("m3_quota")).as("a disabled quota sends only the switch").isFalse();
    assertThat(vars.get("m3_fullAccessKeys").isArray()).isTrue();
  }

  @Test
  void eachAliasGetsItsOwnErrorBack() {
    answer(
        200,
        """
        {"data":{"m0":{"keyAdded":{"id":"1001"}},"m1":null},
         "errors":[{"message":"Over quota or too many repos.","path":["m1"],"locations":[{"line":3,"column":3}]}]}
        """);
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.AddKey("a", "ssh-ed25519 AAAA"),
                new Mutation.AddRepo(
                    Repos.settings(
                        "r", Region.US, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null))));
    assertThat(results.get(0)).isEqualTo(MutationResult.applied("1001"));
    assertThat(results.get(1))
        .isEqualTo(MutationResult.failed(FailureKind.LIMIT, "Over quota or too many repos."));
  }

  @Test
  void okFalseIsAFailure() {
    answer(200, "{\"data\":{\"m0\":{\"ok\":false}}}");
    assertThat(client.submit(List.of(new Mutation.DeleteRepo("abcd1234"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.FAILED);
  }

  @Test
  void aRefusedDocumentWhoseFirstMutationIsRefusedAloneTooFailsEveryMutationAndNothingIsUnknown()
      throws Exception {
    String wrongType =
        "{\"errors\":[{\"message\":\"Variable \\\"$id\\\" of type \\\"Int!\\\" used in position expecting type \\\"String!\\\".\"}]}";
    answer(400, wrongType);
    answer(400, wrongType);
    List<MutationResult> results =
        client.submit(List.of(new Mutation.DeleteKey("1"), new Mutation.DeleteKey("2")));
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
              assertThat(r.message()).contains("Int!").contains("HTTP 400");
            });
    // The batch, then the first mutation alone to tell a refused batch from a bad mutation.
    assertThat(server.getRequestCount()).isEqualTo(2);
    server.takeRequest();
    assertThat(aliases(server.takeRequest())).containsExactly("m0");
    assertThat(client.sendsOneMutationPerRequest())
        .as("the mutations were at fault, not batching")
        .isFalse();
  }

  @Test
  void aServerThatRefusesBatchesGetsOneMutationPerRequestAndNothingTwice() throws Exception {
    String tooMany =
        "{\"errors\":[{\"message\":\"Too many mutation fields in one request: 3 (m0, m1, m2)\"}]}";
    answer(400, tooMany);
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"1001\"}}}}");
    answer(400, tooMany);
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"1002\"}}}}");
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"1003\"}}}}");
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.AddKey("a", "ssh-ed25519 AAAA a"),
                new Mutation.AddKey("b", "ssh-ed25519 AAAA b"),
                new Mutation.AddKey("c", "ssh-ed25519 AAAA c")));

    assertThat(results)
        .containsExactly(
            MutationResult.applied("1001"),
            MutationResult.applied("1002"),
            MutationResult.applied("1003"));
    // The batch (refused), the first alone (accepted: the size was at fault), the other two
    // (refused: a cap under 2), then one by one.
    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(aliases(server.takeRequest())).containsExactly("m0", "m1", "m2");
    assertThat(sentNames(server.takeRequest())).containsExactly("a");
    assertThat(sentNames(server.takeRequest())).containsExactly("b", "c");
    assertThat(sentNames(server.takeRequest())).containsExactly("b");
    assertThat(sentNames(server.takeRequest())).containsExactly("c");

    // Learned: the next batch goes out one mutation per request without trying a batch first.
    assertThat(client.sendsOneMutationPerRequest()).isTrue();
    answer(200, "{\"data\":{\"m0\":{\"ok\":true}}}");
    answer(200, "{\"data\":{\"m0\":{\"ok\":true}}}");
    assertThat(client.submit(List.of(new Mutation.DeleteRepo("r1"), new Mutation.DeleteRepo("r2"))))
        .containsOnly(MutationResult.applied(null));
    assertThat(server.getRequestCount()).isEqualTo(7);
    assertThat(aliases(server.takeRequest())).containsExactly("m0");
    assertThat(aliases(server.takeRequest())).containsExactly("m0");
  }

  @Test
  void aCapIsFoundByBisectionAndKeptForTheRun() throws Exception {
    // A server taking at most 3 mutations per document, answering a batch of 8 deletes.
    String tooMany = "{\"errors\":[{\"message\":\"Too many mutation fields in one request\"}]}";
    answer(400, tooMany); // 8
    answer(200, okDeletes(1)); // 1
    answer(400, tooMany); // 1 + 7/2 = 4
    answer(200, okDeletes(2)); // 1 + 3/2 = 2
    answer(200, okDeletes(3)); // 2 + 2/2 = 3
    answer(200, okDeletes(2)); // the last 2
    List<Mutation> eight = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) eight.add(new Mutation.DeleteRepo("r" + i));
    assertThat(client.submit(eight)).hasSize(8).containsOnly(MutationResult.applied(null));
    List<Integer> sizes = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) sizes.add(aliases(server.takeRequest()).size());
    assertThat(sizes).containsExactly(8, 1, 4, 2, 3, 2);
    assertThat(client.learnedBatchLimit()).isEqualTo(3);
  }

  @Test
  void anHtmlPageRefusingTheSizeSplitsTheBatchAndNothingRunsTwice() throws Exception {
    // A proxy in front of the API answering its own page for bodies over its limit.
    server.enqueue(
        new MockResponse.Builder()
            .code(413)
            .setHeader("Content-Type", "text/html")
            .body("<html><body><h1>413 Request Entity Too Large</h1></body></html>")
            .build());
    answer(200, okDeletes(1));
    answer(200, okDeletes(1));
    List<MutationResult> results =
        client.submit(List.of(new Mutation.DeleteRepo("r1"), new Mutation.DeleteRepo("r2")));
    assertThat(results).containsOnly(MutationResult.applied(null));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aSingleMutationRefusedForItsSizeFailsWithNothingUnknown() {
    for (int status : new int[] {413, 414, 431}) {
      server.enqueue(
          new MockResponse.Builder().code(status).body("<html>too large</html>").build());
      List<MutationResult> results = client.submit(List.of(addRepo("r-" + status)));
      assertThat(results.get(0).outcome()).isEqualTo(MutationResult.Outcome.FAILED);
      assertThat(results.get(0).message())
          .contains("refused the request as too large (HTTP " + status + "); nothing ran");
    }
  }

  @Test
  void oneByOneGoesOnPastAFailureAsABatchWould() throws Exception {
    answer(400, "{\"errors\":[{\"message\":\"batching is not supported\"}]}");
    answer(200, "{\"data\":{\"m0\":{\"ok\":true}}}");
    answer(400, "{\"errors\":[{\"message\":\"batching is not supported\"}]}");
    answer(
        200,
        "{\"data\":{\"m0\":null},\"errors\":[{\"message\":\"Repo not found.\",\"path\":[\"m0\"]}]}");
    answer(200, "{\"data\":{\"m0\":{\"ok\":true}}}");
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.DeleteRepo("r1"),
                new Mutation.DeleteRepo("r2"),
                new Mutation.DeleteRepo("r3")));
    assertThat(results)
        .containsExactly(
            MutationResult.applied(null),
            MutationResult.failed(FailureKind.NOT_FOUND, "Repo not found."),
            MutationResult.applied(null));
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void anUnknownOutcomeInOneByOneModeIsNeverSentAgainAndNothingAfterItIsSent() throws Exception {
    answer(400, "{\"errors\":[{\"message\":\"batching is not supported\"}]}");
    answer(200, "{\"data\":{\"m0\":{\"repoAdded\":{\"id\":\"aaaa1111\"}}}}");
    answer(400, "{\"errors\":[{\"message\":\"batching is not supported\"}]}");
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    answer(200, "{\"data\":{\"m0\":{\"repoAdded\":{\"id\":\"must-not-be-used\"}}}}");
    List<MutationResult> results =
        client.submit(List.of(addRepo("r1"), addRepo("r2"), addRepo("r3"), addRepo("r4")));

    assertThat(results.get(0)).isEqualTo(MutationResult.applied("aaaa1111"));
    assertThat(results.get(1).outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(results.subList(2, 4))
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.NOT_SENT);
              assertThat(r.message()).startsWith("not sent");
            });
    // batch (refused), r1, r2+r3 (refused), r2 (lost): r2 is not sent again, r3 and r4 not at all.
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void anUnknownOutcomeOfTheFirstMutationAloneStopsWithoutLearningAnything() {
    answer(400, "{\"errors\":[{\"message\":\"batching is not supported\"}]}");
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    List<MutationResult> results = client.submit(List.of(addRepo("r1"), addRepo("r2")));
    assertThat(results.get(0).outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(results.get(1).outcome()).isEqualTo(MutationResult.Outcome.NOT_SENT);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(client.sendsOneMutationPerRequest()).isFalse();
  }

  @Test
  void aServerErrorOnABatchIsUnknownForEveryMutationAndNothingIsSentAgain() {
    answer(502, "{\"errors\":[{\"message\":\"bad gateway\"}]}");
    List<MutationResult> results = client.submit(List.of(addRepo("r1"), addRepo("r2")));
    assertThat(results)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void errorsAreMappedToTheirAliasEvenAmongManyAliases() {
    StringBuilder data = new StringBuilder("{\"data\":{");
    List<Mutation> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      batch.add(new Mutation.AddKey("k" + i, "ssh-ed25519 AAAA"));
      if (i > 0) data.append(',');
      data.append("\"m")
          .append(i)
          .append("\":")
          .append(i == 10 || i == 3 ? "null" : "{\"keyAdded\":{\"id\":\"" + (2000 + i) + "\"}}");
    }
    data.append("},\"errors\":[")
        .append("{\"message\":\"Invalid key for m10.\",\"path\":[\"m10\"]},")
        .append("{\"message\":\"Invalid key for m3.\",\"path\":[\"m3\",\"keyAdded\"]}]}");
    answer(200, data.toString());
    List<MutationResult> results = client.submit(batch);
    for (int i = 0; i < 12; i++) {
      MutationResult expected =
          i == 10
              ? MutationResult.failed(FailureKind.INVALID_INPUT, "Invalid key for m10.")
              : i == 3
                  ? MutationResult.failed(FailureKind.INVALID_INPUT, "Invalid key for m3.")
                  : MutationResult.applied(String.valueOf(2000 + i));
      assertThat(results.get(i)).as("m" + i).isEqualTo(expected);
    }
  }

  private static Mutation addRepo(String name) {
    return new Mutation.AddRepo(
        Repos.settings(
            name, Region.EU, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null));
  }

  /** The aliases of the fields of a sent mutation document, in order. */
  private List<String> aliases(RecordedRequest r) throws Exception {
    String doc = sentBody(r).get("query").asText();
    return java.util.regex.Pattern.compile("(?m)^\\s*(m\\d+): ")
        .matcher(doc)
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  @Test
  void aConnectionLostBeforeTheAnswerLeavesTheOutcomeUnknown() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    MutationResult r = client.submit(List.of(new Mutation.AddKey("a", "ssh-ed25519 AAAA"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(r.message()).contains("may or may not have been made");
  }

  @Test
  void aServerErrorOnAMutationLeavesTheOutcomeUnknown() {
    answer(503, "{\"errors\":[{\"message\":\"upstream\"}]}");
    assertThat(client.submit(List.of(new Mutation.DeleteRepo("abcd1234"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.UNKNOWN);
  }

  @Test
  void aMalformedAnswerToAMutationLeavesTheOutcomeUnknown() {
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":");
    assertThat(
            client.submit(List.of(new Mutation.AddKey("a", "ssh-ed25519 AAAA"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.UNKNOWN);
  }

  // ---- retries ---------------------------------------------------------------------------

  private static final String EMPTY_ACCOUNT = "{\"data\":{\"sshList\":[],\"repoList\":[]}}";

  @Test
  void aReadIsTriedAgainAfterA5xxAGarbledBodyAndALostConnection() {
    answer(503, "{\"errors\":[{\"message\":\"Service unavailable.\"}]}");
    answer(200, "{\"data\":{\"sshList\":");
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    answer(200, EMPTY_ACCOUNT);
    assertThat(client.read().keys()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(notices).hasSize(3);
    assertThat(notices.get(0))
        .isEqualTo(
            "BorgBase answered HTTP 503 to the account read (Service unavailable); trying again in"
                + " 0.4 s (attempt 2 of 5)");
  }

  @Test
  void aReadHonoursRetryAfterInSecondsAndAsAnHttpDate() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").body("{}").build());
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "Sun, 01 Mar 2026 12:00:20 GMT")
            .body("{}")
            .build());
    answer(200, EMPTY_ACCOUNT);
    client.read();
    // 7 s as asked; then until 12:00:20, which is 13 s after 12:00:07.
    assertThat(timing.sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(13));
  }

  @Test
  void aRetryAfterBeyondTheDeadlineEndsRetryingAtOnce() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").body("{}").build());
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "BorgBase answered HTTP 429 to the account read, asking to wait 3600.0 s"));
    assertThat(timing.sleeps).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retriesStopAtTheDeadlineEvenWithTriesLeft() {
    client.close();
    OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    client =
        new BorgBaseClient(
            http,
            Endpoint.parse(server.url("/graphql").toString()),
            Token.of(SECRET),
            "t",
            ClientOptions.defaults()
                .withTiming(timing, () -> 1.0)
                .withRetry(
                    new RetryPolicy(
                        10, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(6))));
    for (int i = 0; i < 10; i++) answer(503, "{}");
    assertThatThrownBy(client::read).hasMessageContaining("gave up after 3 attempts in 3.0 s");
    // 1 s, 2 s (= 3 s); the next wait, 4 s, would end past 6 s.
    assertThat(timing.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aRefusedTokenIsNeverRetried() {
    answer(
        200,
        "{\"data\":{\"sshList\":null,\"repoList\":null},\"errors\":[{\"message\":\"Signature has expired\",\"path\":[\"sshList\"]}]}");
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.AUTHENTICATION);
              assertThat(e.getMessage())
                  .isEqualTo("BorgBase refused the token: Signature has expired");
              assertThat(e.hint()).startsWith("The token has expired. Create a new one");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMutationRateLimitedWith429IsSentAgainAfterRetryAfterBecauseNothingRan() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "2").body("{}").build());
    answer(200, "{\"data\":{\"m0\":{\"repoAdded\":{\"id\":\"aaaa1111\"}}}}");
    assertThat(client.submit(List.of(addRepo("r1"))))
        .containsExactly(MutationResult.applied("aaaa1111"));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(timing.sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(notices)
        .containsExactly(
            "BorgBase is limiting the request rate (HTTP 429); nothing was made, so the change is sent"
                + " again in 2.0 s (attempt 2 of 5)");
  }

  @Test
  void aMutationStillRateLimitedWhenTheTriesRunOutFailsAsNotMade() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          new MockResponse.Builder().code(429).addHeader("Retry-After", "0").body("{}").build());
    }
    MutationResult r = client.submit(List.of(addRepo("r1"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
    assertThat(r.message()).contains("HTTP 429").contains("nothing was made");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void aMutationThatCouldNotConnectIsSentAgainAndFailsAsNotSentWhenTheServerStaysAway() {
    server.close();
    MutationResult r = client.submit(List.of(addRepo("r1"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
    assertThat(r.message()).startsWith("could not reach BorgBase: ").endsWith("; nothing was sent");
    assertThat(notices)
        .hasSize(4)
        .allSatisfy(n -> assertThat(n).startsWith("could not reach BorgBase ("));
  }

  @Test
  void aMutationWhoseAnswerTimesOutIsUnknownAndNotSentAgain() {
    client.close();
    client = client(Duration.ofMillis(300));
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
            .body("{}")
            .build());
    MutationResult r = client.submit(List.of(addRepo("r1"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(r.message())
        .contains("SocketTimeoutException")
        .contains("may or may not have been made");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(notices).isEmpty();
  }

  @Test
  void aTruncatedAnswerToAMutationIsUnknown() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"data\":{\"m0\":{\"repoAdded\":{\"id\":\"aaaa1111\"}}}}")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    MutationResult r = client.submit(List.of(addRepo("r1"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- secrecy and the debug log ---------------------------------------------------------

  @Test
  void theDebugLogShowsEachExchangeRedactedAndCut() {
    StringBuilder big = new StringBuilder("{\"data\":{\"sshList\":[],\"repoList\":[]},\"pad\":\"");
    big.append("x".repeat(5000)).append(SECRET).append("\"}");
    answer(200, big.toString());
    client.read();
    assertThat(httpLog.get(0)).isEqualTo("POST " + server.url("/graphql"));
    assertThat(httpLog.get(1)).isEqualTo("  Authorization: Bearer [REDACTED]");
    assertThat(httpLog.get(2)).startsWith("  request: {\"query\":\"# The whole account");
    assertThat(httpLog.get(3)).matches("  -> HTTP 200 in \\d+ ms");
    assertThat(httpLog.get(4))
        .startsWith("  response: {\"data\":")
        .endsWith(
            "... ("
                + (big.length()
                    - GraphQlTransport.LOG_BODY_CHARS
                    - SECRET.length()
                    + "[REDACTED]".length())
                + " more characters)");
    assertThat(httpLog.get(4).length()).isLessThan(GraphQlTransport.LOG_BODY_CHARS + 100);
    assertThat(String.join("\n", httpLog)).doesNotContain(SECRET);
  }

  @Test
  void theTokenIsTakenOutOfEverythingTheServerSaysBack() {
    String echo =
        "{\"data\":{\"m0\":null},\"errors\":[{\"message\":\"token "
            + SECRET
            + " may not\",\"path\":[\"m0\"]}]}";
    answer(200, echo);
    MutationResult r = client.submit(List.of(new Mutation.DeleteRepo("x"))).get(0);
    assertThat(r.message()).isEqualTo("token [REDACTED] may not");
    answer(200, echo.replace("m0", "sshList"));
    assertThatThrownBy(client::read)
        .satisfies(
            e ->
                assertThat(e.getMessage() + ((ApiException) e).hint())
                    .doesNotContain(SECRET)
                    .contains("[REDACTED]"));
    assertThat(String.join("\n", httpLog)).doesNotContain(SECRET);
  }

  @Test
  void aFailedExchangeIsLoggedWithWhetherAnythingWasSent() {
    server.close();
    client.submit(List.of(addRepo("r1")));
    assertThat(httpLog)
        .anySatisfy(
            l -> assertThat(l).startsWith("  -> no answer after ").endsWith("(nothing was sent)"));
  }

  private static String okDeletes(int n) {
    StringBuilder b = new StringBuilder("{\"data\":{");
    for (int i = 0; i < n; i++)
      b.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{\"ok\":true}");
    return b.append("}}").toString();
  }

  private List<String> sentNames(RecordedRequest r) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    JsonNode vars = sentBody(r).get("variables");
    for (int i = 0; vars.has("m" + i + "_name"); i++)
      names.add(vars.get("m" + i + "_name").asText());
    return names;
  }
}
