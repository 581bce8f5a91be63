package dev.borgform.emulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local imitation of BorgBase's GraphQL API ({@code POST /graphql}) with request statistics
 * ({@code GET|DELETE /emulator/stats}). It behaves like BorgBase's graphene 2 / Flask server as far
 * as public sources show (docs/borgbase-api.md); where they are silent the choices are marked
 * [GUESS] in the code.
 */
public final class EmulatorServer implements AutoCloseable {
  static final String GRAPHQL_PATH = "/graphql";
  static final String STATS_PATH = "/emulator/stats";

  /** Far above any real document, low enough that a runaway client cannot exhaust the heap. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private static final int THREADS = 4;
  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());

  private final HttpServer http;
  private final ExecutorService executor;
  private final Duration latency;
  private final Tokens tokens;
  private final GraphqlApi api;
  private final FaultPlan faults;
  private final Clock clock;
  private final BorgBaseService service;

  /**
   * Requests answered by a {@code hang} fault: held open, never answered, closed when the server
   * stops.
   */
  private final Set<HttpExchange> hung = ConcurrentHashMap.newKeySet();

  private final StatsRecorder stats = new StatsRecorder();
  private final ObjectMapper json;
  private final String baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Where the CA of the HTTPS certificate was written (PEM), or null for plain HTTP. */
  private final Path tlsCaFile;

  private EmulatorServer(
      HttpServer http,
      ExecutorService executor,
      Tokens tokens,
      GraphqlApi api,
      String host,
      Duration latency,
      FaultPlan faults,
      Clock clock,
      BorgBaseService service,
      Path tlsCaFile) {
    this.service = service;
    this.tlsCaFile = tlsCaFile;
    this.http = http;
    this.executor = executor;
    this.latency = latency;
    this.tokens = tokens;
    this.api = api;
    this.faults = faults;
    this.clock = clock;
    this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.baseUrl =
        (tlsCaFile != null ? "https://" : "http://")
            + urlHost(host)
            + ":"
            + http.getAddress().getPort();
  }

  /** Binds and starts serving; loads the state file first if the config names one that exists. */
  public static EmulatorServer start(EmulatorConfig config) throws IOException {
    return start(config, Clock.systemUTC());
  }

  /**
   * As {@link #start(EmulatorConfig)} with a chosen clock for timestamps (tests, reproducible
   * demos).
   */
  public static EmulatorServer start(EmulatorConfig config, Clock clock) throws IOException {
    AccountStore store = AccountStore.open(config.stateFile(), config.seed());
    Tokens tokens = Tokens.create(config.tokens(), config.expiredTokens(), clock);
    BorgBaseService service = new BorgBaseService(store, clock, config.maxRepos());
    GraphqlApi api = new GraphqlApi(service, config.maxMutationsPerRequest());
    noDelay();
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    HttpServer http;
    if (config.tlsCaFile() != null) {
      TlsCertificates tls = TlsCertificates.generate(config.host());
      tls.writeCa(config.tlsCaFile());
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
      http = https;
    } else {
      http = HttpServer.create(address, 64);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
    EmulatorServer server =
        new EmulatorServer(
            http,
            executor,
            tokens,
            api,
            config.host(),
            config.latency(),
            new FaultPlan(config.seed(), config.faults()),
            clock,
            service,
            config.tlsCaFile());
    http.createContext("/", server::handle);
    http.setExecutor(executor);
    http.start();
    return server;
  }

  /**
   * Turns on TCP_NODELAY for the JDK's HTTP server. It writes response headers and body as two
   * packets; without this, Nagle's algorithm holds the body until the client acknowledges the
   * headers, and clients delay that acknowledgement by up to 40 ms. Every request would then cost
   * ~40 ms more than the configured latency, far more than a real API adds. The JDK reads the
   * property once, when its first HTTP server starts; a value set by the user wins.
   */
  private static void noDelay() {
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  public URI graphqlUrl() {
    return URI.create(baseUrl + GRAPHQL_PATH);
  }

  public URI statsUrl() {
    return URI.create(baseUrl + STATS_PATH);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * The PEM file holding the certificate of the CA that signed this emulator's HTTPS certificate
   * (what a client must trust, e.g. through {@code SSL_CERT_FILE}); null when it serves plain HTTP.
   */
  public Path tlsCaFile() {
    return tlsCaFile;
  }

  /** The token for one level (configured, or generated at start). */
  public String token(TokenLevel level) {
    return tokens.token(level);
  }

  public EmulatorStats stats() {
    return stats.snapshot();
  }

  public void resetStats() {
    stats.reset();
  }

  /**
   * Imitates a backup written to the repo over SSH (outside the API): its usage grows by {@code
   * megabytes} and lastModified is set. Throws {@link IllegalArgumentException} for an unknown id.
   */
  public void recordBackup(String repoId, double megabytes) {
    service.recordBackup(repoId, megabytes);
  }

  /** Starts injecting this fault, after those already set; its counter starts at zero now. */
  public void addFault(FaultRule rule) {
    faults.add(java.util.Objects.requireNonNull(rule, "rule"));
  }

  /** Stops injecting faults (requests already hanging stay so until the client gives up). */
  public void clearFaults() {
    faults.clear();
  }

  /** The fault rules in force, in the order they are checked. */
  public List<FaultRule> faults() {
    return faults.rules();
  }

  /** How many faults were injected so far, by kind ({@code lost}, {@code error}, ...). */
  public Map<String, Long> injectedFaults() {
    return faults.injected();
  }

  /**
   * Stops serving. The state file needs no flush: it is written after every successful mutation.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (HttpExchange e : hung) {
      e.close(); // never answered: the client sees the connection close
    }
    hung.clear();
    http.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EmulatorServer[" + graphqlUrl() + "]";
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) {
    boolean keepOpen = false;
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(GRAPHQL_PATH) && method.equals("POST")) {
        simulateNetwork();
        keepOpen = handleGraphql(exchange);
      } else if (path.equals(STATS_PATH) && method.equals("GET")) {
        drain(exchange);
        send(exchange, 200, statsJson(stats.snapshot(), faults.injected()));
      } else if (path.equals(STATS_PATH) && method.equals("DELETE")) {
        drain(exchange);
        stats.reset();
        send(exchange, 200, statsJson(stats.snapshot(), faults.injected()));
      } else {
        drain(exchange);
        send(exchange, 404, errorBody("Not found."));
      }
    } catch (InterruptedException e) {
      // Stopping while a request waits out its latency: it gets no answer, as on a dropped
      // connection.
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.ERROR, "Emulator failed to answer a request", e);
      try {
        send(exchange, 500, errorBody("Internal server error."));
      } catch (IOException | RuntimeException ignored) {
        // The response may already be under way; nothing more can be said to the client.
      }
    } finally {
      if (!keepOpen) {
        exchange.close();
      }
    }
  }

  /**
   * Where the imitation of a real network happens: today a fixed delay per GraphQL request (one
   * round trip), so benchmarks see what a client pays per request. Stats requests are not delayed:
   * they are not part of the API being imitated.
   */
  private void simulateNetwork() throws InterruptedException {
    pause(latency);
  }

  /**
   * Every wait of the emulator (the configured latency and {@code delay} faults) goes through here.
   */
  private static void pause(Duration d) throws InterruptedException {
    if (!d.isZero()) {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
  }

  /** A status and a JSON body, decided but not yet sent (a fault may still spoil it). */
  private record Reply(int status, Object body) {}

  /**
   * Serves one GraphQL request, with the fault its rules pick; returns true when the exchange must
   * stay open.
   */
  private boolean handleGraphql(HttpExchange exchange) throws IOException, InterruptedException {
    stats.requestReceived();
    byte[] body = readBody(exchange);
    if (body == null) {
      send(exchange, 413, errorBody("Request body too large."));
      return false;
    }
    JsonNode root = readJson(body);
    FaultPlan.Decision fault = faults.decide(() -> DocumentOperations.of(root));
    pause(fault.delay());
    FaultRule answer = fault.answer();
    if (answer != null && !answer.kind().executes()) {
      refuse(exchange, answer);
      return false;
    }
    Reply reply = serve(root, exchange);
    if (answer == null) {
      send(exchange, reply.status(), reply.body());
      return false;
    }
    return spoil(exchange, reply, answer);
  }

  private JsonNode readJson(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return null; // JacksonException is an IOException: not JSON
    }
  }

  /** Faults that answer before anything runs: a failing proxy (5xx) or a rate limiter (429). */
  private void refuse(HttpExchange exchange, FaultRule fault) throws IOException {
    if (fault.kind() == FaultRule.Kind.RATE_LIMIT) {
      String value =
          fault.httpDate()
              ? DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  ZonedDateTime.now(clock.withZone(java.time.ZoneOffset.UTC))
                      .plusSeconds(fault.retryAfter()))
              : String.valueOf(fault.retryAfter());
      exchange.getResponseHeaders().set("Retry-After", value);
      send(exchange, 429, errorBody("Too many requests."));
    } else {
      send(exchange, fault.status(), errorBody("Service unavailable."));
    }
  }

  /**
   * Faults that strike after the request ran and its change was committed: the answer is lost, cut
   * short, garbled or never sent. Returns true when the exchange must stay open (a hang).
   */
  private boolean spoil(HttpExchange exchange, Reply reply, FaultRule fault) throws IOException {
    byte[] bytes = json.writeValueAsBytes(reply.body());
    switch (fault.kind()) {
      case LOST:
        // Closing an exchange that has sent nothing closes the connection: no status, no body.
        return false;
      case HANG:
        hung.add(exchange);
        return true;
      case MALFORMED:
        {
          // Complete as HTTP (the length matches), broken as JSON: half of a JSON document.
          byte[] half = Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(reply.status(), half.length);
          exchange.getResponseBody().write(half);
          return false;
        }
      case TRUNCATED:
        {
          // The headers promise the whole body; half of it arrives, then the connection closes.
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(reply.status(), bytes.length);
          exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
          exchange.getResponseBody().flush();
          return false;
        }
      default:
        send(exchange, reply.status(), reply.body());
        return false;
    }
  }

  private Reply serve(JsonNode root, HttpExchange exchange) {
    // Request-level failures use flask-graphql's (graphql-server-core) messages and status 400
    // [INF].
    if (root != null && root.isArray()) {
      return new Reply(400, errorBody("Batch GraphQL requests are not enabled."));
    }
    if (root == null || !root.isObject()) {
      return new Reply(400, errorBody("POST body sent invalid JSON."));
    }
    JsonNode query = root.get("query");
    if (query == null || !query.isTextual() || query.asText().isEmpty()) {
      return new Reply(400, errorBody("Must provide query string."));
    }
    Map<String, Object> variables = variables(root.get("variables"));
    if (variables == null) {
      return new Reply(400, errorBody("Variables are invalid JSON."));
    }
    JsonNode opName = root.get("operationName");
    String operationName =
        opName != null && opName.isTextual() && !opName.asText().isEmpty() ? opName.asText() : null;
    Caller caller = tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));

    GraphqlApi.Outcome outcome = api.execute(query.asText(), variables, operationName, caller);
    if (outcome.operation() != null) {
      stats.executed(outcome.operation(), outcome.executedFields());
    }
    return new Reply(outcome.status(), outcome.body());
  }

  /**
   * Variables as an object, or as a JSON-encoded string (the Terraform provider's Go client sends
   * one). Returns null if they are unusable.
   */
  private Map<String, Object> variables(JsonNode node) {
    JsonNode vars = node;
    if (vars != null && vars.isTextual()) {
      String text = vars.asText();
      if (text.isBlank()) {
        return Map
            .of(); // [GUESS] lenient: Flask-GraphQL would reject "", but it clearly means "none"
      }
      try {
        vars = json.readTree(text);
      } catch (JacksonException e) {
        return null;
      }
    }
    if (vars == null || vars.isNull() || vars.isMissingNode()) {
      return Map.of();
    }
    if (!vars.isObject()) {
      return null;
    }
    return json.convertValue(vars, new TypeReference<Map<String, Object>>() {});
  }

  /** The body, or null if it exceeds {@link #MAX_BODY_BYTES}. */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, Object> errorBody(String message) {
    return Map.of("errors", List.of(Map.of("message", message)));
  }

  static Map<String, Object> statsJson(EmulatorStats s, Map<String, Long> injectedFaults) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", s.requests());
    m.put("perOperation", s.perOperation());
    m.put("fields", s.fields());
    m.put("faults", new java.util.TreeMap<>(injectedFaults));
    return m;
  }

  private static String urlHost(String host) {
    // A wildcard bind is reached through loopback; IPv6 literals need brackets in URLs.
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      // Daemon: an emulator someone forgot to close must not keep a test JVM alive.
      Thread t = new Thread(r, "borgbase-emulator-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
