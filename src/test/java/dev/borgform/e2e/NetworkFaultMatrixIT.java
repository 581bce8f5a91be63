package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.cli.Interrupts;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.FaultScenario;
import dev.borgform.testing.Forwarder;
import dev.borgform.testing.Golden;
import dev.borgform.testing.ScriptedTerminal;
import dev.borgform.testing.TcpRelay;
import dev.borgform.testing.TunnelProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's connection-level rows: faults of the network itself, produced by server stacks
 * other than the emulator's HTTP server (OkHttp's MockWebServer forwarding to it, a TCP relay, a
 * CONNECT proxy, TLS). The account and spec are the fault matrix's (three mutations of each kind,
 * one per request). Every row: one apply with the fault; if it fails, it fails with a clear error
 * and one more apply without the fault converges. Then the plan is empty, every mutation ran on the
 * server exactly once, no change was reported unknown unless its request reached a server, and no
 * host but the endpoint's ever received the token.
 *
 * <p>The table is written into docs/reliability.md between markers and checked against it; {@code
 * -Dgolden.update=true} rewrites it there.
 */
class NetworkFaultMatrixIT {
  @TempDir Path dir;

  /** What one row did, and what each check found wrong. */
  private record Outcome(
      String fault, String madeBy, String first, int unknown, List<String> problems) {}

  /** The endpoint, the environment of the first apply, and that of the apply after it. */
  private record Setup(Map<String, String> first, Map<String, String> after) {}

  private static final String BATCH = "--batch-size=1";

  @Test
  void everyNetworkFaultLeavesTheAccountAsTheSpecSaysAndTheTokenWithTheEndpoint() throws Exception {
    Path spec = FaultScenario.writeSpec(dir);
    List<Outcome> outcomes = new ArrayList<>();
    long start = System.nanoTime();
    outcomes.add(http10(spec));
    outcomes.add(idleClose(spec));
    outcomes.add(resetMidBody(spec));
    for (int status : new int[] {403, 502}) outcomes.add(proxyRefuses(spec, status));
    outcomes.add(proxyWantsCredentials(spec));
    outcomes.add(unknownCa(spec));
    outcomes.add(redirect(spec, "query Account", "the read"));
    outcomes.add(redirect(spec, "sshAdd(", "sshAdd #1"));
    double seconds = (System.nanoTime() - start) / 1e9;

    List<String> problems = new ArrayList<>();
    for (Outcome o : outcomes) for (String p : o.problems()) problems.add(o.fault() + ": " + p);
    assertThat(problems).as("rows that broke a promise").isEmpty();
    checkTableInDoc(table(outcomes));
    System.out.printf("network fault matrix: %d rows in %.1f s%n", outcomes.size(), seconds);
  }

  // ---- the rows ------------------------------------------------------------------------------

  private Outcome http10(Path spec) throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        MockWebServer front = new MockWebServer()) {
      Forwarder forwarder = Forwarder.http10(emulator.graphqlUrl());
      front.setDispatcher(forwarder);
      front.start();
      Map<String, String> env = env(emulator, front.url("/graphql").toString());
      List<String> problems = new ArrayList<>();
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result first = apply(env, spec);
      List<RecordedRequest> requests = new ArrayList<>();
      for (int i = 0; i < front.getRequestCount(); i++) requests.add(front.takeRequest());
      if (requests.stream().map(RecordedRequest::getConnectionIndex).distinct().count()
          != requests.size()) {
        problems.add("a connection was used after the server closed it");
      }
      return check(
          "HTTP/1.0, connection closed after every answer",
          "MockWebServer forwarding to the emulator",
          emulator,
          before,
          spec,
          new Setup(env, env),
          first,
          0,
          List.of(),
          problems);
    }
  }

  private Outcome idleClose(Path spec) throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        TcpRelay relay =
            TcpRelay.closingIdle(new InetSocketAddress("127.0.0.1", emulator.port()), 1000)) {
      Map<String, String> env = env(emulator, "http://127.0.0.1:" + relay.port() + "/graphql");
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result first =
          CliRun.run(
              env,
              new ScriptedTerminal(Duration.ofSeconds(2), "yes"),
              Interrupts.none(),
              "apply",
              "-f",
              spec.toString(),
              "--allow-destroy",
              "--no-color",
              BATCH);
      List<String> problems = new ArrayList<>();
      if (relay.idleClosed() == 0) problems.add("the fault never struck: no connection idled out");
      return check(
          "keep-alive closed after 1 s idle, 2 s at the prompt",
          "TCP relay in front of the emulator",
          emulator,
          before,
          spec,
          new Setup(env, env),
          first,
          0,
          List.of(),
          problems);
    }
  }

  private Outcome resetMidBody(Path spec) throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        TcpRelay relay =
            TcpRelay.resettingMidBody(
                new InetSocketAddress("127.0.0.1", emulator.port()), "repoAdd(", 2)) {
      Map<String, String> env = env(emulator, "http://127.0.0.1:" + relay.port() + "/graphql");
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result first = apply(env, spec);
      List<String> problems = new ArrayList<>();
      if (relay.resets() != 1) problems.add("resets: " + relay.resets() + ", want 1");
      return check(
          "connection reset mid-body (repoAdd #2)",
          "TCP relay in front of the emulator",
          emulator,
          before,
          spec,
          new Setup(env, env),
          first,
          1,
          List.of(),
          problems);
    }
  }

  private Outcome proxyRefuses(Path spec, int status) throws Exception {
    try (EmulatorServer emulator = tlsEmulator();
        TunnelProxy proxy = TunnelProxy.refusing(status)) {
      Map<String, String> direct = tlsEnv(emulator);
      Map<String, String> first = new HashMap<>(direct);
      first.put("HTTPS_PROXY", proxy.url());
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result r = apply(first, spec);
      List<String> problems = new ArrayList<>();
      if (emulator.stats().requests() != 0) problems.add("a request reached the endpoint");
      if (!r.err().startsWith("Error: The proxy " + proxy.url() + " (from HTTPS_PROXY) refused")) {
        problems.add("the error does not name the proxy:\n" + r);
      }
      return check(
          "proxy refuses the CONNECT tunnel (" + status + ")",
          "CONNECT proxy in front of the emulator (HTTPS)",
          emulator,
          before,
          spec,
          new Setup(first, direct),
          r,
          0,
          List.of(String.join("", proxy.heads()), proxy.tunnelled()),
          problems);
    }
  }

  private Outcome proxyWantsCredentials(Path spec) throws Exception {
    try (EmulatorServer emulator = tlsEmulator();
        TunnelProxy proxy = TunnelProxy.requiring(Credentials.basic("ci", "proxy-pa55word"))) {
      Map<String, String> first = new HashMap<>(tlsEnv(emulator));
      first.put("HTTPS_PROXY", proxy.url());
      Map<String, String> after = new HashMap<>(first);
      after.put("HTTPS_PROXY", "http://ci:proxy-pa55word@127.0.0.1:" + proxy.port());
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result r = apply(first, spec);
      List<String> problems = new ArrayList<>();
      if (emulator.stats().requests() != 0) problems.add("a request reached the endpoint");
      if (!r.err().contains("asks for credentials (HTTP 407)")) {
        problems.add("the error does not say what the proxy wants:\n" + r);
      }
      Outcome o =
          check(
              "proxy asks for credentials (407); then given in HTTPS_PROXY",
              "CONNECT proxy in front of the emulator (HTTPS)",
              emulator,
              before,
              spec,
              new Setup(first, after),
              r,
              0,
              List.of(String.join("", proxy.heads()), proxy.tunnelled()),
              problems);
      if (proxy.heads().stream().noneMatch(h -> h.contains("Proxy-Authorization: Basic"))) {
        o.problems().add("the apply with credentials did not go through the proxy");
      }
      return o;
    }
  }

  private Outcome unknownCa(Path spec) throws Exception {
    try (EmulatorServer emulator = tlsEmulator()) {
      Map<String, String> trusted = tlsEnv(emulator);
      Map<String, String> first = new HashMap<>(trusted);
      first.remove("SSL_CERT_FILE");
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result r = apply(first, spec);
      List<String> problems = new ArrayList<>();
      if (emulator.stats().requests() != 0) problems.add("a request reached the endpoint");
      if (!r.err().contains("is not signed by a trusted certificate authority")
          || !r.err().contains("SSL_CERT_FILE")) {
        problems.add("the error does not say what to set:\n" + r);
      }
      return check(
          "TLS certificate from an unknown CA; then SSL_CERT_FILE",
          "the emulator over HTTPS (--tls)",
          emulator,
          before,
          spec,
          new Setup(first, trusted),
          r,
          0,
          List.of(),
          problems);
    }
  }

  private Outcome redirect(Path spec, String marker, String where) throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        MockWebServer front = new MockWebServer();
        MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(InetAddress.getByName("127.0.0.2"), 0);
      front.setDispatcher(
          Forwarder.redirecting(
              emulator.graphqlUrl(), marker, 1, elsewhere.url("/graphql").toString()));
      front.start();
      Map<String, String> first = env(emulator, front.url("/graphql").toString());
      Map<String, String> direct = env(emulator, emulator.graphqlUrl().toString());
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Result r = apply(first, spec);
      List<String> problems = new ArrayList<>();
      if (elsewhere.getRequestCount() != 0) problems.add("the other origin got a request");
      if (!r.all().contains(elsewhere.url("/graphql").toString())) {
        problems.add("the Location is not named:\n" + r);
      }
      boolean read = marker.startsWith("query");
      return check(
          "redirect (307) to another origin, at " + where,
          "MockWebServer forwarding to the emulator",
          emulator,
          before,
          spec,
          new Setup(first, read ? direct : first),
          r,
          read ? 0 : 1,
          List.of(),
          problems);
    }
  }

  // ---- shared --------------------------------------------------------------------------------

  private EmulatorServer tlsEmulator() throws IOException {
    Path ca = Files.createTempFile(dir, "emulator-ca-", ".pem");
    return EmulatorServer.start(EmulatorConfig.inMemory().withTls(ca));
  }

  private static Map<String, String> env(EmulatorServer emulator, String url) {
    return Map.of(
        "BORGBASE_API_URL", url, "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
  }

  private static Map<String, String> tlsEnv(EmulatorServer emulator) {
    return Map.of(
        "BORGBASE_API_URL",
        emulator.graphqlUrl().toString(),
        "BORGBASE_TOKEN",
        emulator.token(TokenLevel.FULL_ACCESS),
        "SSL_CERT_FILE",
        emulator.tlsCaFile().toString());
  }

  private static Result apply(Map<String, String> env, Path spec) {
    return CliRun.run(
        env, "apply", "-f", spec.toString(), "--auto-approve", "--allow-destroy", BATCH);
  }

  private static int unknownLines(Result r) {
    return (int) r.out().lines().filter(l -> l.contains("OUTCOME UNKNOWN")).count();
  }

  /**
   * The checks every row shares: how the first apply went (a failure must be a clear error, and one
   * more apply with {@code setup.after()} must converge), the unknown outcomes it reported, the
   * plan afterwards, the account, the server's mutation counts, and the token elsewhere.
   */
  private static Outcome check(
      String fault,
      String madeBy,
      EmulatorServer emulator,
      FaultScenario.Before before,
      Path spec,
      Setup setup,
      Result first,
      int unknownWanted,
      List<String> elsewhere,
      List<String> rowProblems) {
    List<String> problems = new ArrayList<>(rowProblems);
    String token = emulator.token(TokenLevel.FULL_ACCESS);
    String code;
    if (first.exitCode() == 0) {
      code =
          first.out().contains("Reading the account again to see what is left")
              ? "re-planned"
              : "ok";
      if (!first.out().contains("Apply complete! ")) problems.add("no closing line:\n" + first);
    } else {
      if (!first.err().startsWith("Error: ")) problems.add("no clear error:\n" + first);
      Result second = apply(setup.after(), spec);
      if (second.exitCode() != 0) problems.add("a second apply did not converge:\n" + second);
      code = "failed (exit " + first.exitCode() + "), 2nd apply ok";
    }
    int unknown = unknownLines(first);
    if (unknown != unknownWanted) {
      problems.add(unknown + " changes reported unknown, want " + unknownWanted + ":\n" + first);
    }
    Result plan = CliRun.run(setup.after(), "plan", "-f", spec.toString(), "--detailed-exitcode");
    if (plan.exitCode() != 0) problems.add("plan is not empty afterwards:\n" + plan);
    problems.addAll(FaultScenario.problems(emulator, before));
    for (String op : FaultScenario.OPERATIONS) {
      long ran = emulator.stats().field(op);
      if (ran != FaultScenario.EACH) {
        problems.add(op + " ran " + ran + " times, want " + FaultScenario.EACH);
      }
    }
    for (String seen : elsewhere) {
      if (seen.contains(token)) problems.add("a host other than the endpoint's got the token");
    }
    return new Outcome(fault, madeBy, code, unknown, problems);
  }

  // ---- the table in docs/reliability.md ------------------------------------------------------

  private static final String START =
      "<!-- network-fault-matrix:start (generated by NetworkFaultMatrixIT) -->\n";
  private static final String END = "<!-- network-fault-matrix:end -->";

  private static String table(List<Outcome> outcomes) {
    StringBuilder sb =
        new StringBuilder(
            "| network fault | made by | first apply | changes reported unknown | token seen by"
                + " another host |\n|---|---|---|---|---|\n");
    for (Outcome o : outcomes) {
      sb.append("| ")
          .append(o.fault())
          .append(" | ")
          .append(o.madeBy())
          .append(" | ")
          .append(o.first())
          .append(" | ")
          .append(o.unknown())
          .append(" | never |\n");
    }
    return sb.toString();
  }

  private static void checkTableInDoc(String table) {
    Golden.checkSection(
        Path.of("docs", "reliability.md"), START, END, table, "network-fault-matrix.md");
  }
}
