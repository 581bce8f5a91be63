package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.UsageException;
import dev.borgform.live.LiveState;
import dev.borgform.testing.CliRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The account read that plan, apply and output start while their spec is read ({@link EarlyRead}),
 * against a server of its own (mockwebserver): it runs before it is awaited; problems and lines for
 * standard error wait for the spec; an abandoned read stops, is not retried and says nothing; the
 * sandbox opens only when awaited.
 */
class EarlyReadTest {
  private static final String TOKEN = "early.read-0123456789abcdef";
  private static final String EMPTY_ACCOUNT = "{\"data\":{\"sshList\":[],\"repoList\":[]}}";

  @TempDir Path dir;

  private MockWebServer server;
  private final StringWriter err = new StringWriter();

  /** A spec large enough for the read to start while it is read ({@link EarlyRead#FROM_BYTES}). */
  private Path big;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    big = Files.writeString(dir.resolve("big.yaml"), largeSpec(""));
  }

  /** Keys enough to pass {@link EarlyRead#FROM_BYTES}, then {@code tail}. */
  private static String largeSpec(String tail) {
    StringBuilder b = new StringBuilder("version: 1\nkeys:\n");
    for (int i = 0; b.length() < EarlyRead.FROM_BYTES + 1000; i++) {
      b.append("  - name: k")
          .append(i)
          .append("\n    publicKey: ssh-ed25519")
          .append(" AAAAC3NzaC1lZDI1NTE5AAAAIKb5xGgaP/d+cEVDpGdbNiADgyCt4lgEWTOqA1IR6HDb k")
          .append(i)
          .append('\n');
    }
    return b.append(tail).toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> variables() {
    Map<String, String> v = new HashMap<>();
    v.put("BORGBASE_API_URL", server.url("/graphql").toString());
    v.put("BORGBASE_TOKEN", TOKEN);
    return v;
  }

  private Environment env(Map<String, String> variables) {
    return new Environment(
        variables,
        dir,
        new PrintWriter(new StringWriter()),
        new PrintWriter(err),
        Terminal.none(),
        () -> {});
  }

  private static MockResponse answer(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void theReadRunsOnAThreadOfItsOwnBeforeItIsAwaited() throws Exception {
    server.enqueue(answer(200, EMPTY_ACCOUNT));
    CountDownLatch read = new CountDownLatch(1);
    AtomicReference<String> thread = new AtomicReference<>();
    try (EarlyRead<LiveState> early =
        EarlyRead.start(
            new GlobalOptions(),
            env(variables()),
            big,
            s -> {
              thread.set(Thread.currentThread().getName());
              LiveState live = s.reader().read();
              read.countDown();
              return live;
            })) {
      // The caller is still "reading its spec": the request has gone out and been answered.
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
      EarlyRead.Opened<LiveState> opened = early.await();
      try (Session session = opened.session()) {
        assertThat(opened.value().keys()).isEmpty();
        assertThat(session.description()).isEqualTo(server.url("/graphql").toString());
      }
    }
    assertThat(thread.get()).isEqualTo("borgform-account-read");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(err.toString()).isEmpty();
  }

  /** What opening the session refuses is thrown when the read is awaited, not when it starts. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "BORGBASE_TOKEN, -, No BorgBase API token",
        "BORGBASE_TOKEN, '   ', No BorgBase API token",
        "BORGBASE_API_URL, ftp://example.test/graphql, Bad endpoint",
        "BORGBASE_API_URL, http://api.example.test/graphql, Bad endpoint",
      })
  void aProblemOpeningTheSessionIsThrownByAwait(
      String variable, @Nullable String value, String message) {
    Map<String, String> v = variables();
    if (value == null) v.remove(variable);
    else v.put(variable, value);
    EarlyRead<LiveState> early =
        EarlyRead.start(new GlobalOptions(), env(v), big, s -> s.reader().read());
    assertThat(err.toString()).isEmpty();
    assertThatThrownBy(early::await)
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
    early.close();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void retryNotesAreHeldUntilTheReadIsAwaitedThenPrintedInOrder() throws Exception {
    server.enqueue(answer(503, "{}"));
    server.enqueue(answer(502, "{}"));
    server.enqueue(answer(200, EMPTY_ACCOUNT));
    try (EarlyRead<LiveState> early =
        EarlyRead.start(new GlobalOptions(), env(variables()), big, s -> s.reader().read())) {
      for (int i = 0; i < 3; i++) assertThat(server.takeRequest(20, TimeUnit.SECONDS)).isNotNull();
      assertThat(err.toString()).isEmpty();
      EarlyRead.Opened<LiveState> opened = early.await();
      opened.session().close();
      assertThat(opened.value().repos()).isEmpty();
    }
    String[] lines = err.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("Note: ").contains("HTTP 503").contains("attempt 2 of");
    assertThat(lines[1]).startsWith("Note: ").contains("HTTP 502").contains("attempt 3 of");
  }

  /**
   * A read given up while its answer is awaited, or while it waits to try again: its thread ends at
   * once, no request follows, and nothing is printed.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"answer in flight", "waiting to try again"})
  void anAbandonedReadStopsAndSaysNothing(String when) throws Exception {
    if (when.equals("answer in flight")) {
      server.enqueue(
          new MockResponse.Builder()
              .headersDelay(30, TimeUnit.SECONDS)
              .code(200)
              .body(EMPTY_ACCOUNT)
              .build());
    } else {
      server.enqueue(answer(429, "{}").newBuilder().addHeader("Retry-After", "30").build());
    }
    AtomicReference<@Nullable Thread> thread = new AtomicReference<>();
    EarlyRead<LiveState> early =
        EarlyRead.start(
            new GlobalOptions(),
            env(variables()),
            big,
            s -> {
              thread.set(Thread.currentThread());
              return s.reader().read();
            });
    assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
    long before = System.nanoTime();
    early.close();
    Thread t = thread.get();
    assertThat(t).isNotNull();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    // Neither the 30 s delay nor the 30 s Retry-After was waited for.
    assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(10));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(err.toString()).isEmpty();
  }

  /**
   * The sandbox, or a spec under {@link EarlyRead#FROM_BYTES}: nothing is opened or read until the
   * read is awaited, and then on the caller's thread, as when the session was opened after the
   * spec.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"the sandbox, a large spec", "an endpoint, a small spec"})
  void otherwiseTheSessionIsOpenedOnlyWhenAwaited(String which) throws Exception {
    boolean sandbox = which.startsWith("the sandbox");
    server.enqueue(answer(200, EMPTY_ACCOUNT));
    GlobalOptions g = new GlobalOptions();
    if (sandbox) g.sandbox = "sandbox.json";
    Path spec = sandbox ? big : Files.writeString(dir.resolve("small.yaml"), "version: 1\n");
    List<String> readOn = new CopyOnWriteArrayList<>();
    try (EarlyRead<LiveState> early =
        EarlyRead.start(
            g,
            env(variables()),
            spec,
            s -> {
              readOn.add(Thread.currentThread().getName());
              return s.reader().read();
            })) {
      // Time enough for a read started at once to have been made (it takes milliseconds).
      Thread.sleep(500);
      assertThat(readOn).isEmpty();
      assertThat(err.toString()).isEmpty();
      assertThat(server.getRequestCount()).isZero();
      assertThat(dir.resolve("sandbox.json")).doesNotExist();
      EarlyRead.Opened<LiveState> opened = early.await();
      opened.session().close();
      assertThat(opened.value().keys()).isEmpty();
    }
    assertThat(readOn).containsExactly(Thread.currentThread().getName());
    if (sandbox) {
      assertThat(err.toString()).startsWith("Sandbox: using the local emulator's account in");
      assertThat(server.getRequestCount()).isZero();
    } else {
      assertThat(err.toString()).isEmpty();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void theSizeOfASpecIsItsFileOrTheFilesOfItsFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("spec.d"));
    Files.writeString(folder.resolve("a.yaml"), "x".repeat(150_000));
    Files.writeString(folder.resolve("b.yaml"), "y".repeat(60_000));
    Files.createDirectories(folder.resolve("sub"));
    assertThat(EarlyRead.bytesOf(folder)).isEqualTo(210_000);
    assertThat(EarlyRead.bytesOf(folder.resolve("a.yaml"))).isEqualTo(150_000);
    assertThat(EarlyRead.bytesOf(dir.resolve("missing.yaml"))).isZero();
    assertThat(EarlyRead.bytesOf(big)).isGreaterThanOrEqualTo(EarlyRead.FROM_BYTES);
  }

  /**
   * Through the CLI: a large spec broken at its end is reported alone, with its exit code, whatever
   * the server answers the read meanwhile (at most that one read went out); a small one makes no
   * request at all.
   */
  @ParameterizedTest(name = "{0}, {1} spec, server {2}")
  @CsvSource({
    "plan, large, 503",
    "plan, large, 200",
    "plan, small, 200",
    "apply, large, 503",
    "apply, large, 200",
    "apply, small, 200",
    "output, large, 503",
    "output, large, 200",
    "output, small, 200",
  })
  void aBrokenSpecIsReportedAloneWhateverTheReadGets(String command, String size, int status)
      throws IOException {
    for (int i = 0; i < 10; i++) server.enqueue(answer(status, EMPTY_ACCOUNT));
    String broken = "repos:\n  - name: [web\n";
    Path spec =
        Files.writeString(
            dir.resolve("borgbase.yaml"),
            size.equals("large") ? largeSpec(broken) : "version: 1\n" + broken);
    CliRun.Result r = CliRun.run(variables(), command, "-f", spec.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(r.err())
        .contains("not valid YAML")
        .doesNotContain("Note:")
        .doesNotContain("HTTP")
        .doesNotContain("Sandbox");
    assertThat(r.out()).isEmpty();
    assertThat(server.getRequestCount()).isLessThanOrEqualTo(size.equals("large") ? 1 : 0);
  }

  @ParameterizedTest(name = "{0}, {1} spec")
  @CsvSource({"plan, large", "plan, small", "apply, large", "output, large"})
  void withoutATokenTheSpecIsStillCheckedFirst(String command, String size) throws IOException {
    Map<String, String> v = variables();
    v.remove("BORGBASE_TOKEN");
    boolean large = size.equals("large");
    String broken = "repos:\n  - name: [web\n";
    Path spec =
        Files.writeString(
            dir.resolve("broken.yaml"), large ? largeSpec(broken) : "version: 1\n" + broken);
    CliRun.Result r = CliRun.run(v, command, "-f", spec.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(r.err()).doesNotContain("No BorgBase API token");
    Path good =
        Files.writeString(
            dir.resolve("good.yaml"), large ? largeSpec("") : "version: 1\nkeys: []\n");
    r = CliRun.run(v, command, "-f", good.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
    assertThat(r.err()).startsWith("Error: No BorgBase API token");
    assertThat(server.getRequestCount()).isZero();
  }
}
