package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.GraphQl;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one request may cost the emulator: each limit is reached with small limits, answered as
 * documented (413, 503, or a GraphQL error with HTTP 200 and nothing run), and the emulator goes on
 * answering others. Slow clients lose their connection at the read deadline and hold nobody up
 * before it.
 */
class RequestLimitsTest {
  private static final String READ = "{ sshList { id } }";

  private final List<Socket> sockets = new ArrayList<>();
  private EmulatorServer server;
  private GraphQl gql;

  private void start(EmulatorLimits limits) throws IOException {
    start(limits, query -> {});
  }

  private void start(EmulatorLimits limits, EmulatorServer.RequestProbe probe) throws IOException {
    server =
        EmulatorServer.start(
            EmulatorConfig.inMemory().withLimits(limits), Clock.systemUTC(), probe);
    gql = GraphQl.of(server);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static EmulatorLimits small() {
    return EmulatorLimits.defaults()
        .withMaxBodyBytes(64 * 1024)
        .withMaxBufferedBodyBytes(64 * 1024)
        .withMaxAnswerValues(1_000)
        .withMaxDepth(8)
        .withMaxFields(500)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  private void assertStillAnswers() {
    GraphQl.Reply r = gql.post(READ);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.errors()).isNull();
  }

  /** A connection that sends {@code head} (and nothing more), kept open until the test ends. */
  private Socket slowClient(String head) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    sockets.add(s);
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private String postHead(long contentLength) {
    return "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization:"
        + " Bearer "
        + server.token(TokenLevel.FULL_ACCESS)
        + "\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** What the server sends before closing the connection (waits at most {@code timeout}). */
  private static String readAll(Socket s, Duration timeout) throws IOException {
    s.setSoTimeout((int) timeout.toMillis());
    InputStream in = s.getInputStream();
    StringBuilder out = new StringBuilder();
    byte[] buf = new byte[4096];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open: " + out, e);
    } catch (IOException e) {
      // reset by the server: it closed the connection, which is what is checked
    }
    return out.toString();
  }

  @Test
  void aBodyDeclaredTooLargeIsRefusedBeforeItIsSent() throws Exception {
    start(small());
    Socket s = slowClient(postHead(60L * 1024 * 1024));
    String answer = readAll(s, Duration.ofSeconds(10));
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("Request body too large: this server accepts at most 65536 bytes.");
    assertStillAnswers();
  }

  @Test
  void aChunkedBodyIsRefusedWhenItPassesTheLimit() throws Exception {
    start(small());
    RequestBody endless =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return MediaType.get("application/json");
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            // No Content-Length: OkHttp sends it chunked. 1 MB, far past the limit.
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 64; i++) {
              sink.write(chunk);
            }
          }
        };
    Request request =
        new Request.Builder()
            .url(server.graphqlUrl().toString())
            .header("Authorization", "Bearer " + server.token(TokenLevel.FULL_ACCESS))
            .post(endless)
            .build();
    int status;
    try (Response r = new OkHttpClient().newCall(request).execute()) {
      status = r.code();
    } catch (IOException e) {
      status = -1; // the server answered and closed while the rest was still being sent
    }
    assertThat(status).isIn(413, -1);
    assertStillAnswers();
  }

  @Test
  void aBodySentWhereNoneIsReadIsNotWaitedFor() throws Exception {
    start(small());
    // GET on the stats path with a 1 MB body that never comes: answered, then cut off.
    Socket s =
        slowClient("GET /emulator/stats HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n{");
    assertThat(readAll(s, Duration.ofSeconds(5)))
        .startsWith("HTTP/1.1 200")
        .contains("\"requests\"");
    assertStillAnswers();
  }

  @Test
  void bodiesBeyondTheMemorySetAsideAreAnswered503AtOnce() throws Exception {
    start(small().withMaxBufferedBodyBytes(64 * 1024));
    // One slow client has sent 60 KB of a 64 KB body: the memory for bodies is nearly spent.
    Socket slow = slowClient(postHead(64 * 1024) + "{" + " ".repeat(60 * 1024));
    Thread.sleep(200);
    String big = "{\"query\":\"" + READ + "\",\"x\":\"" + "y".repeat(8 * 1024) + "\"}";
    GraphQl.Raw busy =
        gql.send(
            big,
            "Authorization",
            "Bearer " + server.token(TokenLevel.FULL_ACCESS),
            "Content-Type",
            "application/json");
    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.text()).contains("The emulator is busy; try again.");
    // Small requests still fit.
    assertStillAnswers();
    // The slow client loses its connection at the read deadline, and its memory with it.
    assertThat(readAll(slow, Duration.ofSeconds(10))).isEmpty();
    assertThat(
            gql.send(
                    big,
                    "Authorization",
                    "Bearer " + server.token(TokenLevel.FULL_ACCESS),
                    "Content-Type",
                    "application/json")
                .status())
        .isEqualTo(200);
  }

  @Test
  void slowClientsHoldNobodyUpAndLoseTheirConnectionAtTheDeadline() throws Exception {
    start(small());
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      slow.add(slowClient("POST /graphql HTTP/1.1\r\nHost: x\r\n")); // headers never finished
    }
    for (int i = 0; i < 10; i++) {
      slow.add(slowClient(postHead(1000) + "{")); // one byte of a promised body
    }
    for (int i = 0; i < 5; i++) {
      slow.add(slowClient("")); // connected, nothing sent
    }
    Thread.sleep(200);
    for (int i = 0; i < 5; i++) {
      assertStillAnswers();
    }
    // Connections that sent nothing are closed by the JDK server's own request timer, which the
    // first emulator of the JVM set (its read timeout; 10 s by default).
    for (Socket s : slow) {
      assertThat(readAll(s, Duration.ofSeconds(30))).isEmpty();
    }
    assertStillAnswers();
  }

  @Test
  void aliasAmplificationIsRefusedWithAGraphqlErrorBeforeAnythingRuns() throws Exception {
    start(small());
    for (int i = 0; i < 20; i++) {
      gql.addRepo("r" + i, "eu");
    }
    // Each alias answers 1 + 20 x (1 + 9) = 201 values: 10 pass 1,000, 4 do not.
    StringBuilder q = new StringBuilder("{");
    for (int i = 0; i < 10; i++) {
      q.append(" a")
          .append(i)
          .append(": repoList { id name region quota alertDays appendOnlyKeys fullAccessKeys")
          .append(" rsyncKeys repoPath }");
    }
    GraphQl.Reply r = gql.post(q.append(" }").toString());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("data").isNull()).isTrue();
    assertThat(r.firstError())
        .isEqualTo(
            "Query too large: its answer would hold more than 1000 values (fields of every list"
                + " item counted). Ask for fewer fields or aliases.");
    assertThat(server.stats().requests()).isEqualTo(21);
    assertThat(server.stats().operation("query")).isZero();
    assertThat(gql.post(q.toString().replaceAll(" a[4-9]: repoList \\{[^}]*}", "")).errors())
        .isNull();
  }

  @Test
  void aNameFilterCountsOnlyTheReposItMatches() throws Exception {
    start(small());
    for (int i = 0; i < 200; i++) {
      gql.addRepo("r" + i, "eu");
    }
    // The whole list would be 200 x 9 values; the filtered one is one repo.
    assertThat(
            gql.post(
                    "{ repoList(name: \"r7\") { id name region quota alertDays appendOnlyKeys"
                        + " fullAccessKeys rsyncKeys repoPath } }")
                .data("repoList"))
        .hasSize(1);
    assertThat(gql.post("{ repoList { id name region quota alertDays } }").firstError())
        .startsWith("Query too large");
  }

  @Test
  void deepAndWideDocumentsAreRefused() throws Exception {
    start(small());
    String deep =
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } }"
            + " } } }";
    GraphQl.Reply tooDeep = gql.post(deep);
    assertThat(tooDeep.status()).isEqualTo(200);
    assertThat(tooDeep.firstError())
        .isEqualTo("Introspection query refused: Query depth 9 exceeds maximum allowed depth 8.");
    assertThat(tooDeep.body().get("data").isNull()).isTrue();

    StringBuilder wide = new StringBuilder("{");
    for (int i = 0; i < 600; i++) {
      wide.append(" a").append(i).append(": isAuthenticated");
    }
    GraphQl.Reply tooWide = gql.post(wide.append(" }").toString());
    assertThat(tooWide.status()).isEqualTo(200);
    assertThat(tooWide.firstError()).startsWith("Query too large: it selects 501 fields");

    // Fragments that double at each step: 2^20 fields from a 300-byte document.
    StringBuilder bomb = new StringBuilder("{ ...F0 } fragment F20 on Query { isAuthenticated }");
    for (int i = 0; i < 20; i++) {
      bomb.append(" fragment F")
          .append(i)
          .append(" on Query { a: __typename ...F")
          .append(i + 1)
          .append(" b: __typename ...F")
          .append(i + 1)
          .append(" }");
    }
    GraphQl.Reply exploded = gql.post(bomb.toString());
    assertThat(exploded.status()).isEqualTo(200);
    assertThat(exploded.firstError()).startsWith("Query too large: it selects");

    // Nesting far past the parser's bound fails as quickly.
    String nested = "{ sshList " + "{ id ".repeat(5000) + "}".repeat(5000) + " }";
    GraphQl.Reply cancelled = gql.post(nested);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.firstError()).contains("To prevent Denial Of Service attacks");
    assertStillAnswers();
  }

  @Test
  void anAnswerPastItsByteLimitIsRefused() throws Exception {
    start(small().withMaxAnswerBytes(2_000));
    for (int i = 0; i < 30; i++) {
      gql.addKey("key-" + i, TestKeys.ed25519());
    }
    GraphQl.Reply r = gql.post("{ sshList { id name keyData hashMd5 } }");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.firstError())
        .isEqualTo("Answer too large: more than 2000 bytes. Ask for fewer fields or aliases.");
    assertThat(r.body().get("data").isNull()).isTrue();
    assertThat(gql.post("{ sshList { id } }").data("sshList")).hasSize(30);
  }

  @Test
  void aMutationAnswerIsSentWhateverItsSize() throws Exception {
    // The mutation has run: refusing its answer would hide what was done.
    start(small().withMaxAnswerBytes(50));
    GraphQl.Reply r =
        gql.post(
            "mutation($k: String!) { sshAdd(name: \"a-rather-long-key-name\", keyData: $k)"
                + " { keyAdded { id name keyData hashMd5 hashSha256 } } }",
            Map.of("k", TestKeys.ED25519_LINE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("sshAdd").get("keyAdded").get("name").asText())
        .isEqualTo("a-rather-long-key-name");
  }

  @Test
  void anyThrowableIsA500AndOneLogLineAndTheServerGoesOn() throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(EmulatorServer.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      start(
          small(),
          query -> {
            if (query.contains("explode")) {
              throw new OutOfMemoryError("Java heap space");
            }
          });
      GraphQl.Reply r = gql.post("{ explode: isAuthenticated }");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.firstError()).isEqualTo("Internal server error.");
      assertStillAnswers();
      assertThat(records).hasSize(1);
      LogRecord record = records.get(0);
      assertThat(record.getThrown()).isNull();
      assertThat(record.getMessage())
          .startsWith(
              "Emulator answered HTTP 500 to POST /graphql: java.lang.OutOfMemoryError: Java heap"
                  + " space at ")
          .doesNotContain("\n");
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void manyClientsAtOnceAreAllAnswered() throws Exception {
    start(EmulatorLimits.defaults());
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 100; i++) {
      Thread t =
          new Thread(() -> statuses.add(gql.post("{ sshList { id } repoList { id } }").status()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(statuses).hasSize(100).containsOnly(200);
  }

  @Test
  void limitsHaveSaneDefaultsAndRefuseNonsense() {
    EmulatorLimits d = EmulatorLimits.defaults();
    assertThat(d.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(d.maxBufferedBodyBytes()).isGreaterThanOrEqualTo(d.maxBodyBytes());
    assertThat(EmulatorConfig.inMemory().limits()).isEqualTo(d);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.withMaxDepth(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDepth must be at least 1: 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> d.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be positive: PT0S");
  }
}
