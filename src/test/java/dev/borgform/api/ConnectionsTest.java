package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client on a real network, against OkHttp's MockWebServer: which connection each request goes
 * out on (never one that may be closed), redirects (never followed), and answers (bounded, gzip).
 */
class ConnectionsTest {
  private static final String SECRET = "aaaa.bbbb.cccc-secret-token";
  private static final String EMPTY_ACCOUNT = "{\"data\":{\"sshList\":[],\"repoList\":[]}}";
  private static final String KEY_ADDED = "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"1001\"}}}}";

  private final FakeTiming timing = new FakeTiming();
  private final List<String> notices = new ArrayList<>();
  private final List<String> httpLog = new ArrayList<>();
  private MockWebServer server;
  private BorgBaseClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = client(GraphQlTransport.MAX_ANSWER_BYTES);
  }

  private BorgBaseClient client(long maxAnswerBytes) {
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
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
        options,
        Network.direct(),
        maxAnswerBytes);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static Mutation addKey() {
    return new Mutation.AddKey("k", "ssh-ed25519 AAAA");
  }

  private List<Integer> connectionIndexes(int requests) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < requests; i++) out.add(server.takeRequest().getConnectionIndex());
    return out;
  }

  // ---- which connection ------------------------------------------------------------------------

  @Test
  void aKeepAliveConnectionIsReusedRightAway() throws Exception {
    server.enqueue(json(EMPTY_ACCOUNT));
    server.enqueue(json(KEY_ADDED));
    client.read();
    assertThat(client.submit(List.of(addKey())).get(0).isApplied()).isTrue();
    assertThat(connectionIndexes(2)).containsExactly(0, 0);
  }

  /**
   * An HTTP/1.0 server (Python's http.server, old proxies) closes the connection after each answer
   * without saying so. The next request, a mutation, must not go out on it: it would get
   * "unexpected end of stream", an unknown outcome, though the server never saw it.
   */
  @Test
  void afterAnHttp10AnswerWhoseServerClosesTheConnectionTheMutationGoesOutOnAFreshOne()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .status("HTTP/1.0 200 OK")
            .addHeader("Content-Type", "application/json")
            .body(EMPTY_ACCOUNT)
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(KEY_ADDED));
    client.read();
    MutationResult r = client.submit(List.of(addKey())).get(0);
    assertThat(r).isEqualTo(MutationResult.applied("1001"));
    assertThat(connectionIndexes(2)).containsExactly(0, 1);
    assertThat(notices).isEmpty();
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Connection", "close")
            .addHeader("Content-Type", "application/json")
            .body(EMPTY_ACCOUNT)
            .build());
    server.enqueue(json(KEY_ADDED));
    client.read();
    assertThat(client.submit(List.of(addKey())).get(0).isApplied()).isTrue();
    assertThat(connectionIndexes(2)).containsExactly(0, 1);
  }

  /** Idle longer than the bound (here: a retry's wait on fake time), the connection is dropped. */
  @Test
  void aConnectionIdleLongerThanTheBoundIsNotUsedAgain() throws Exception {
    server.enqueue(json(EMPTY_ACCOUNT));
    server.enqueue(json(KEY_ADDED));
    client.read();
    timing.sleep(GraphQlTransport.IDLE_BOUND.plusMillis(1));
    assertThat(client.submit(List.of(addKey())).get(0).isApplied()).isTrue();
    assertThat(connectionIndexes(2)).containsExactly(0, 1);
  }

  @Test
  void aConnectionIdleForLessThanTheBoundIsUsedAgain() throws Exception {
    server.enqueue(json(EMPTY_ACCOUNT));
    server.enqueue(json(KEY_ADDED));
    client.read();
    timing.sleep(GraphQlTransport.IDLE_BOUND.minusMillis(1));
    client.submit(List.of(addKey()));
    assertThat(connectionIndexes(2)).containsExactly(0, 0);
  }

  /** After the apply prompt the server may have closed the connection: a fresh one is opened. */
  @Test
  void afterAPauseTheNextRequestOpensAFreshConnection() throws Exception {
    server.enqueue(json(EMPTY_ACCOUNT));
    server.enqueue(json(KEY_ADDED));
    client.read();
    client.dropIdleConnections();
    client.submit(List.of(addKey()));
    assertThat(connectionIndexes(2)).containsExactly(0, 1);
  }

  /**
   * A request written into a connection the server had already closed without a word is not
   * provably unsent (its bytes went into the socket), so its outcome stays unknown. The rules above
   * keep this from happening; this is what they prevent.
   */
  @Test
  void aMutationWrittenIntoAClosedConnectionIsUnknownNeverSentAgain() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body(EMPTY_ACCOUNT)
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(KEY_ADDED));
    client.read();
    MutationResult r = client.submit(List.of(addKey())).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- redirects
  // ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectedReadIsNeverFollowedAndNamesWhereItPointed(int status) throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(java.net.InetAddress.getByName("127.0.0.2"), 0);
      String target = elsewhere.url("/graphql").toString();
      server.enqueue(new MockResponse.Builder().code(status).addHeader("Location", target).build());
      assertThatThrownBy(client::read)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ApiException.Kind.PROTOCOL);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "The endpoint "
                            + server.url("/graphql")
                            + " answered the account read with HTTP "
                            + status
                            + ", a redirect to "
                            + target
                            + "; borgform does not follow redirects, so nothing was sent there");
                assertThat(e.hint()).startsWith("If BorgBase's API has moved");
              });
      assertThat(elsewhere.getRequestCount()).isZero();
      assertThat(server.getRequestCount()).as("a redirect is not retried").isEqualTo(1);
      assertThat(httpLog)
          .contains("  -> HTTP " + status + " in 0 ms: a redirect to " + target + ", not followed");
    }
  }

  @Test
  void aRedirectedMutationIsUnknownAndNothingGoesToTheOtherPlace() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(java.net.InetAddress.getByName("127.0.0.2"), 0);
      server.enqueue(
          new MockResponse.Builder()
              .code(307)
              .addHeader("Location", elsewhere.url("/graphql").toString())
              .build());
      MutationResult r = client.submit(List.of(addKey())).get(0);
      assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
      assertThat(r.message())
          .isEqualTo(
              "BorgBase answered HTTP 307, a redirect to "
                  + elsewhere.url("/graphql")
                  + " (not followed); the change may or may not have been made");
      assertThat(elsewhere.getRequestCount()).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aLocationIsShownNeutralisedAndShort() {
    String evil = "https://evil.example/\u001b[2J\u202Egraphql\r\nX: " + "a".repeat(300);
    assertThat(GraphQlTransport.neutralise(evil))
        .startsWith("https://evil.example/?[2J?graphql??X: aaa")
        .endsWith("a...")
        .hasSize(203)
        .doesNotContain("\u001b", "\u202E", "\r", "\n");
  }

  // ---- answers
  // -----------------------------------------------------------------------------------

  @Test
  void aGzipAnswerIsReadBecauseOkHttpAskedForIt() throws Exception {
    Buffer gz = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(gz.outputStream())) {
      out.write(EMPTY_ACCOUNT.getBytes(StandardCharsets.UTF_8));
    }
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .addHeader("Content-Encoding", "gzip")
            .body(gz)
            .build());
    assertThat(client.read().keys()).isEmpty();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getHeaders().get("Accept-Encoding")).isEqualTo("gzip");
  }

  @Test
  void anAnswerDeclaredLargerThanTheBoundIsNotReadAndNotRetried() throws Exception {
    client.close();
    client = client(1000);
    server.enqueue(json("{\"data\":{\"pad\":\"" + "x".repeat(2000) + "\"}}"));
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "BorgBase's answer to the account read was not read: the answer is"
                            + " larger than 1000 bytes (HTTP 200), far more than any account"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** The bound holds for what gzip unpacks to: a small compressed answer cannot flood the heap. */
  @Test
  void aGzipBombIsCutOffAtTheBoundAfterUnpacking() throws Exception {
    client.close();
    client = client(1024 * 1024);
    Buffer gz = new Buffer();
    try (GZIPOutputStream out = new GZIPOutputStream(gz.outputStream())) {
      out.write("{\"data\":{\"pad\":\"".getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[64 * 1024];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 32; i++) out.write(spaces); // 2 MiB unpacked
    }
    assertThat(gz.size()).isLessThan(20_000);
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .addHeader("Content-Encoding", "gzip")
            .body(gz)
            .build());
    assertThatThrownBy(client::read).hasMessageContaining("the answer is larger than 1 MiB");
  }

  @Test
  void aTooLargeAnswerToAMutationLeavesItsOutcomeUnknown() {
    client.close();
    client = client(100);
    server.enqueue(json("{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"" + "9".repeat(200) + "\"}}}}"));
    MutationResult r = client.submit(List.of(addKey())).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(r.message()).contains("the answer is larger than");
  }

  @Test
  void anAnswerWithinTheBoundIsReadWhole() {
    client.close();
    client = client(EMPTY_ACCOUNT.length());
    server.enqueue(json(EMPTY_ACCOUNT));
    assertThat(client.read().repos()).isEmpty();
  }
}
