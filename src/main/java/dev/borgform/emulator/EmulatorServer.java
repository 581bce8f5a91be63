package dev.borgform.emulator;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import graphql.language.OperationDefinition;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A local imitation of BorgBase's GraphQL API ({@code POST /graphql}) with request statistics
 * ({@code GET|DELETE /emulator/stats}). It behaves like BorgBase's graphene 2 / Flask server as far
 * as public sources show (docs/borgbase-api.md); where they are silent the choices are marked
 * [GUESS] in the code.
 */
public final class EmulatorServer implements AutoCloseable {
  static final String GRAPHQL_PATH = "/graphql";
  static final String STATS_PATH = "/emulator/stats";

  /**
   * Threads for connections. The JDK server gives each new connection a thread at once, to read its
   * headers; one a slow or idle client holds is freed by the read or write deadline ({@link
   * EmulatorLimits#readTimeout()}), so up to this many such clients at once still leave the
   * emulator answering others (past it, new connections are closed until threads are free).
   * Documents themselves run {@link EmulatorLimits#maxConcurrentExecutions()} at a time, which is
   * what bounds memory and CPU; a waiting thread costs a little stack, no heap to speak of.
   */
  static final int MAX_CONNECTION_THREADS = 1000;

  private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
  private static final String MAX_REQ_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());

  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final Watchdog watchdog;
  private final EmulatorLimits limits;
  private final Semaphore executions;
  private final BodyBudget bodyBudget;
  private final RequestProbe probe;

  /** The read deadline of the request the current thread is serving (armed before its headers). */
  // Per server on purpose: two emulators in one JVM (tests) each arm their own deadlines.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Watchdog.Deadline> readDeadline = new ThreadLocal<>();

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
  private Set<TokenLevel> keptTokens = Set.of();

  /** Where the CA of the HTTPS certificate was written (PEM), or null for plain HTTP. */
  private final @Nullable Path tlsCaFile;

  private EmulatorServer(
      HttpServer http,
      ThreadPoolExecutor executor,
      Watchdog watchdog,
      EmulatorLimits limits,
      RequestProbe probe,
      Tokens tokens,
      GraphqlApi api,
      String host,
      Duration latency,
      FaultPlan faults,
      Clock clock,
      BorgBaseService service,
      @Nullable Path tlsCaFile) {
    this.service = service;
    this.tlsCaFile = tlsCaFile;
    this.http = http;
    this.executor = executor;
    this.watchdog = watchdog;
    this.limits = limits;
    this.executions = new Semaphore(limits.maxConcurrentExecutions(), true);
    this.bodyBudget = new BodyBudget(limits.maxBufferedBodyBytes());
    this.probe = probe;
    this.latency = latency;
    this.tokens = tokens;
    this.api = api;
    this.faults = faults;
    this.clock = clock;
    this.json =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Python's json.loads reads NaN and Infinity.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    // Python's json.dumps writes ASCII only (ensure_ascii), which Flask-GraphQL's answers keep.
    this.json.getFactory().setCharacterEscapes(new PythonJsonEscapes());
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
    return start(config, clock, Duration.ZERO, query -> {});
  }

  /**
   * As {@link #start(EmulatorConfig)}, waiting up to {@code lockTimeout} while another process
   * holds the state file (one writer per file).
   *
   * @throws StateLockedException the state file is still in use after {@code lockTimeout}
   */
  public static EmulatorServer start(EmulatorConfig config, Duration lockTimeout)
      throws IOException {
    return start(config, Clock.systemUTC(), lockTimeout, query -> {});
  }

  /** Sees every GraphQL document before it runs; tests use it to make a request fail hard. */
  interface RequestProbe {
    void seen(String query);
  }

  static EmulatorServer start(EmulatorConfig config, Clock clock, RequestProbe probe)
      throws IOException {
    return start(config, clock, Duration.ZERO, probe);
  }

  private static EmulatorServer start(
      EmulatorConfig config, Clock clock, Duration lockTimeout, RequestProbe probe)
      throws IOException {
    AccountStore store = AccountStore.open(config.stateFile(), config.seed(), lockTimeout);
    try {
      return start(config, clock, store, probe);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static EmulatorServer start(
      EmulatorConfig config, Clock clock, AccountStore store, RequestProbe probe)
      throws IOException {
    Set<TokenLevel> kept = store.storedTokenLevels(config.tokens());
    Map<TokenLevel, String> fixed = store.adoptTokens(config.tokens(), config.expiredTokens());
    kept.retainAll(fixed.keySet());
    Tokens tokens = Tokens.create(fixed, config.expiredTokens(), clock);
    BorgBaseService service = new BorgBaseService(store, clock, config.maxRepos());
    EmulatorLimits limits = config.limits();
    GraphqlApi api = new GraphqlApi(service, config.maxMutationsPerRequest(), limits);
    noDelay();
    maxRequestTime(limits.readTimeout());
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
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            4,
            MAX_CONNECTION_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemonThreads());
    Watchdog watchdog = new Watchdog();
    EmulatorServer server =
        new EmulatorServer(
            http,
            executor,
            watchdog,
            limits,
            probe,
            tokens,
            api,
            config.host(),
            config.latency(),
            new FaultPlan(config.seed(), config.faults()),
            clock,
            service,
            config.tlsCaFile());
    server.keptTokens = Set.copyOf(kept);
    http.createContext("/", server::handle);
    // More connections than threads: the JDK's dispatcher closes the connection it cannot hand
    // over (it catches the rejection), and keeps serving the others.
    http.setExecutor(server::runConnectionTask);
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

  /**
   * A backstop for the one kind of slow client the emulator cannot see: a connection that sends no
   * byte at all is held by the JDK server's selector, never handed to a thread, and so never meets
   * the read deadline. The JDK closes connections that have not sent a whole request within {@code
   * sun.net.httpserver.maxReqTime} seconds (unlimited by default). Like {@link #noDelay} the
   * property is JVM-wide and read once, when the first HTTP server starts; a value set by the user
   * wins.
   */
  private static void maxRequestTime(Duration readTimeout) {
    if (System.getProperty(MAX_REQ_TIME_PROPERTY) == null) {
      System.setProperty(
          MAX_REQ_TIME_PROPERTY, String.valueOf(Math.max(1, readTimeout.toSeconds())));
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
   * Whether the token of {@code level} was kept in the state file from an earlier start's {@code
   * --token} (and not given again now).
   */
  public boolean tokenKeptInState(TokenLevel level) {
    return keptTokens.contains(level);
  }

  /** Bytes written to the state file and its journal since start (write amplification). */
  public long stateBytesWritten() {
    return service.store().bytesWritten();
  }

  /** True when bound to a wildcard address: anyone who can reach the machine reaches it. */
  public boolean listensOnEveryInterface() {
    return http.getAddress().getAddress().isAnyLocalAddress();
  }

  /**
   * The PEM file holding the certificate of the CA that signed this emulator's HTTPS certificate
   * (what a client must trust, e.g. through {@code SSL_CERT_FILE}); null when it serves plain HTTP.
   */
  public @Nullable Path tlsCaFile() {
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
   * Stops serving, then folds the state file's journal into the file and releases its lock. Every
   * committed mutation is on disk already: closing only makes the file whole again.
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
    watchdog.close();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    service.store().close();
  }

  @Override
  public String toString() {
    return "EmulatorServer[" + graphqlUrl() + "]";
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /**
   * Runs one of the JDK server's connection tasks (reading one request's headers, then {@link
   * #handle}) under the read deadline, so a client that stops sending mid-request loses its
   * connection instead of keeping the thread.
   */
  private void runConnectionTask(Runnable task) {
    executor.execute(
        () -> {
          try (Watchdog.Deadline deadline = watchdog.arm(limits.readTimeout())) {
            readDeadline.set(deadline);
            task.run();
          } finally {
            readDeadline.remove();
            Thread.interrupted(); // a deadline that fired late must not reach the next task
          }
        });
  }

  private void handle(HttpExchange exchange) {
    boolean keepOpen = false;
    Body body = null;
    boolean bodyUnread = false;
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(GRAPHQL_PATH) && method.equals("POST")) {
        body = readBody(exchange);
        if (body != null) {
          simulateNetwork();
          keepOpen = handleGraphql(exchange, body);
        } else {
          bodyUnread = true;
        }
      } else {
        // Nothing else reads a body; one that was sent is not drained (see closeWithoutDraining).
        bodyUnread = hasBody(exchange);
        requestDone();
        if (path.equals(GRAPHQL_PATH)) {
          methodNotAllowed(exchange, method);
        } else if (path.equals(STATS_PATH) && method.equals("GET")) {
          send(exchange, 200, statsJson(stats.snapshot(), faults.injected()));
        } else if (path.equals(STATS_PATH) && method.equals("DELETE")) {
          stats.reset();
          send(exchange, 200, statsJson(stats.snapshot(), faults.injected()));
        } else {
          send(exchange, 404, errorBody("Not found."));
        }
      }
    } catch (InterruptedException e) {
      // Stopping while a request waits out its latency, or a deadline passed: no answer, as on a
      // dropped connection.
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away or missed a deadline; nothing can be said to it.
    } catch (Throwable t) {
      // Anything else is a bug or exhaustion (OutOfMemoryError included): one line in the log, a
      // 500 to the client, and the server goes on serving others.
      logFailure(exchange, t);
      try {
        send(exchange, 500, errorBody("Internal server error."));
      } catch (Throwable ignored) {
        // The response may already be under way; nothing more can be said to the client.
      }
    } finally {
      if (body != null) {
        body.release();
      }
      if (bodyUnread) {
        closeWithoutDraining(exchange);
      } else if (!keepOpen) {
        exchange.close();
      }
    }
  }

  /**
   * Closes the connection of a request whose body was refused unread (413, 503). The JDK server
   * would first read what is left of the body, which a client that declared 60 MB (or is sending
   * slowly) makes a long wait; the answer is already sent and flushed, so the connection is cut
   * instead: an interrupted thread's next socket read closes the channel at once.
   */
  private static void closeWithoutDraining(HttpExchange exchange) {
    Thread.currentThread().interrupt();
    try {
      exchange.close();
    } finally {
      Thread.interrupted();
    }
  }

  private static boolean hasBody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
        || (length != null && !length.strip().equals("0"));
  }

  /** One log record, one line, no stack trace (it could need memory that is not there). */
  private static void logFailure(HttpExchange exchange, Throwable t) {
    try {
      StackTraceElement[] trace = t.getStackTrace();
      String where = trace.length == 0 ? "" : " at " + trace[0];
      LOG.log(
          System.Logger.Level.ERROR,
          ("Emulator answered HTTP 500 to "
                  + exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + ": "
                  + t
                  + where)
              .replace('\n', ' ')
              .replace('\r', ' '));
    } catch (Throwable ignored) {
      // Logging must never be what stops the server.
    }
  }

  /**
   * graphql-server's answer to a method other than POST (GET, which would serve GraphiQL or a query
   * from the URL, is not imitated: no client uses it).
   */
  private void methodNotAllowed(HttpExchange exchange, String method) throws IOException {
    if (method.equals("GET") || method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      send(
          exchange,
          405,
          errorBody(
              "The emulator serves GraphQL over POST only (BorgBase also answers GET with"
                  + " GraphiQL)."));
    } else {
      exchange.getResponseHeaders().set("Allow", "GET, POST");
      send(exchange, 405, errorBody("GraphQL only supports GET and POST requests."));
    }
  }

  /** The request is read (or will not be): its read deadline no longer applies. */
  private void requestDone() throws InterruptedException {
    Watchdog.Deadline deadline = readDeadline.get();
    if (deadline != null && deadline.expired()) {
      throw new InterruptedException("read deadline passed");
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

  /** A status and an encoded JSON body, decided but not yet sent (a fault may still spoil it). */
  @SuppressWarnings("ArrayRecordComponent") // private, built once and written once; never compared
  private record Reply(int status, byte[] bytes) {}

  /**
   * Serves one GraphQL request, with the fault its rules pick; returns true when the exchange must
   * stay open. Parsing and running take one of the few execution turns, so however many requests
   * arrive at once, only that many documents are in memory.
   */
  private boolean handleGraphql(HttpExchange exchange, Body body)
      throws IOException, InterruptedException {
    stats.requestReceived();
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    JsonNode root;
    FaultPlan.Decision fault;
    if (!executions.tryAcquire(limits.queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      busy(exchange);
      return false;
    }
    try {
      root = readRequest(contentType, body.bytes());
      fault = faults.decide(() -> DocumentOperations.of(root, api.parserOptions()));
    } finally {
      executions.release();
    }
    pause(fault.delay());
    FaultRule answer = fault.answer();
    if (answer != null && !answer.kind().executes()) {
      refuse(exchange, answer);
      return false;
    }
    if (!executions.tryAcquire(limits.queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      busy(exchange);
      return false;
    }
    Reply reply;
    try {
      reply = serve(root, exchange);
    } finally {
      executions.release();
    }
    if (!service.store().sync()) {
      // What the document changed is in memory but maybe not on disk: an unknown outcome, which
      // clients settle by reading again.
      send(exchange, 503, errorBody("The emulator could not save its state."));
      return false;
    }
    if (answer == null) {
      sendBytes(exchange, reply.status(), reply.bytes());
      return false;
    }
    return spoil(exchange, reply, answer);
  }

  /**
   * The request body as Flask-GraphQL reads it: JSON for {@code application/json}, the document
   * itself for {@code application/graphql}, nothing (so "Must provide query string.") for any other
   * content type. Returns an {@link InvalidBody} marker for JSON that does not parse.
   */
  private @Nullable JsonNode readRequest(String contentType, byte[] bytes) {
    String mime =
        contentType == null
            ? ""
            : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (mime.equals("application/graphql")) {
      return json.createObjectNode()
          .put("query", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!mime.equals("application/json")) {
      return json.createObjectNode();
    }
    try {
      JsonNode root = json.readTree(bytes);
      // An empty body reads as "missing"; Python's json.loads refuses it.
      return root == null || root.isMissingNode() ? null : root;
    } catch (IOException e) {
      return null; // JacksonException is an IOException: not JSON
    }
  }

  private void busy(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", "1");
    send(exchange, 503, errorBody("The emulator is busy; try again."));
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
    Watchdog.Deadline deadline = watchdog.arm(limits.writeTimeout());
    try {
      return spoilWithin(exchange, reply, fault);
    } finally {
      if (deadline.expired()) {
        exchange.close();
      }
    }
  }

  private boolean spoilWithin(HttpExchange exchange, Reply reply, FaultRule fault)
      throws IOException {
    byte[] bytes = reply.bytes();
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
        sendBytes(exchange, reply.status(), bytes);
        return false;
    }
  }

  /**
   * graphql-server-core's request handling (run_http_query and get_graphql_params), then the
   * document; the answer is encoded here, inside the execution turn, and bounded in size.
   */
  private Reply serve(@Nullable JsonNode root, HttpExchange exchange) throws IOException {
    if (root == null) {
      return reply(400, errorBody("POST body sent invalid JSON."));
    }
    if (root.isArray()) {
      return reply(400, errorBody("Batch GraphQL requests are not enabled."));
    }
    if (!root.isObject()) {
      return reply(
          400,
          errorBody("GraphQL params should be a dict. Received " + PythonText.repr(root) + "."));
    }
    // graphql-server reads each parameter with `data.get(name) or ...`: falsy means absent.
    JsonNode query = root.get("query");
    JsonNode variables = PythonText.truthy(root.get("variables")) ? root.get("variables") : null;
    if (variables != null && variables.isTextual()) {
      try {
        variables = json.readTree(variables.textValue());
      } catch (IOException e) {
        return reply(400, errorBody("Variables are invalid JSON."));
      }
      variables = PythonText.truthy(variables) ? variables : null;
    }
    JsonNode opName = root.get("operationName");
    String operationName = PythonText.truthy(opName) ? PythonText.str(opName) : null;
    if (!PythonText.truthy(query)) {
      return reply(400, errorBody("Must provide query string."));
    }
    if (!query.isTextual()) {
      return reply(400, errorBody("The query must be a string"));
    }
    probe.seen(query.textValue());
    Caller caller = tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    GraphqlApi.Outcome outcome = api.execute(query.textValue(), variables, operationName, caller);
    if (outcome.operation() != null) {
      stats.executed(outcome.operation(), outcome.executedFields());
    }
    if (outcome.operation() == OperationDefinition.Operation.MUTATION) {
      // A mutation has run and committed: its answer is sent whatever its size (the size was
      // bounded before it ran), since refusing it now would hide what was done.
      return new Reply(outcome.status(), json.writeValueAsBytes(outcome.body()));
    }
    try {
      LimitedBuffer out = new LimitedBuffer(limits.maxAnswerBytes());
      json.writeValue(out, outcome.body());
      return new Reply(outcome.status(), out.toByteArray());
    } catch (IOException e) {
      if (!LimitedBuffer.Full.in(e)) {
        throw e;
      }
      Map<String, Object> refused = new LinkedHashMap<>();
      refused.put(
          "errors",
          List.of(
              Map.of(
                  "message",
                  "Answer too large: more than "
                      + limits.maxAnswerBytes()
                      + " bytes. Ask for fewer fields or aliases.")));
      refused.put("data", null);
      return reply(200, refused);
    }
  }

  private Reply reply(int status, Object body) throws IOException {
    return new Reply(status, json.writeValueAsBytes(body));
  }

  /** A request body held in memory, counted against {@link BodyBudget} until released. */
  private final class Body {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long reserved;

    byte[] bytes() {
      return bytes.toByteArray();
    }

    void release() {
      bodyBudget.release(reserved);
      reserved = 0;
    }
  }

  /**
   * Reads the body within the read deadline. A body declared larger than the limit is refused (413)
   * before a byte of it is read; one that turns out larger (chunked) is refused when it passes the
   * limit; one that arrives while other bodies fill the memory set aside for them is answered 503
   * at once. Returns null when it has answered.
   */
  private @Nullable Body readBody(HttpExchange exchange) throws IOException, InterruptedException {
    long declared = -1;
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        declared = -1; // the JDK server reads it as it can; the limit below still holds
      }
    }
    if (declared > limits.maxBodyBytes()) {
      requestDone();
      tooLarge(exchange);
      return null;
    }
    Body body = new Body();
    byte[] chunk = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(chunk)) > 0) {
        if (body.bytes.size() + (long) n > limits.maxBodyBytes()) {
          body.release();
          requestDone();
          tooLarge(exchange);
          return null;
        }
        if (!bodyBudget.reserve(n)) {
          body.release();
          requestDone();
          busy(exchange);
          return null;
        }
        body.reserved += n;
        body.bytes.write(chunk, 0, n);
      }
    } catch (IOException e) {
      body.release();
      throw e;
    }
    try {
      requestDone();
    } catch (InterruptedException e) {
      body.release();
      throw e;
    }
    return body;
  }

  private void tooLarge(HttpExchange exchange) throws IOException {
    send(
        exchange,
        413,
        errorBody(
            "Request body too large: this server accepts at most "
                + limits.maxBodyBytes()
                + " bytes."));
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    sendBytes(exchange, status, json.writeValueAsBytes(body));
  }

  /** Sends an answer within the write deadline: a client that does not read it loses it. */
  private void sendBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    Watchdog.Deadline deadline = watchdog.arm(limits.writeTimeout());
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1); // no body, as HTTP has it for HEAD
      } else {
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.getResponseBody().flush();
      }
    } finally {
      if (deadline.expired()) {
        exchange.close(); // the client did not take its answer in time
      }
    }
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
