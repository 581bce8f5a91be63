package dev.borgform.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.apply.AccountWriter;
import dev.borgform.apply.FailureKind;
import dev.borgform.apply.KnownLevel;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.concurrent.Meanwhile;
import dev.borgform.live.AccountReader;
import dev.borgform.live.LiveState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.OutputValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * BorgBase's GraphQL API behind the two ports of the core: {@link AccountReader} reads the whole
 * account in one request; {@link AccountWriter} sends a batch of mutations as aliased fields of one
 * document ({@code m0: sshAdd(...) m1: sshAdd(...)}), so a phase costs one round trip, and falls
 * back to one mutation per request against a server that refuses such documents.
 *
 * <p>Variable types are exactly those BorgBase accepts (docs/borgbase-api.md): ids are {@code
 * String!} ({@code Int!} is refused with HTTP 400), key lists {@code [String]}.
 */
public final class BorgBaseClient implements AccountReader, AccountWriter, AutoCloseable {

  private final GraphQlTransport transport;
  private final ObjectMapper json;
  private final String accountQuery;
  private final String outputsQuery;
  private final ClientOptions options;

  /** Learned in this run: how many mutations the server accepts in one document. */
  private final BatchSizes sizes = new BatchSizes();

  /** Set by {@link #close}: a read that fails afterwards is not tried again. */
  private volatile boolean closed;

  /** Whether the server has accepted any mutation document of this run. */
  private boolean acceptedAny;

  /** Whether this run's token has had a key or repo added: it may add, whatever else it may. */
  private boolean addAccepted;

  /** The token's level as {@link #learnLevel} found it; unknown until then. */
  private KnownLevel level = KnownLevel.UNKNOWN;

  /**
   * A query Read Only and Full Access tokens may run but Create Only may not: BorgBase documents
   * that a Create Only token "can only use repoAdd, sshAdd, repoList, sshList". Doctor sends the
   * same one.
   */
  static final String LEVEL_PROBE = "query DoctorLevel { overageList { date } }";

  /** A client with borgform's timeouts and retries; close it to release connections. */
  public static BorgBaseClient create(Endpoint endpoint, Token token, String userAgent) {
    return create(endpoint, token, userAgent, ClientOptions.defaults());
  }

  public static BorgBaseClient create(
      Endpoint endpoint, Token token, String userAgent, ClientOptions options) {
    return create(endpoint, token, userAgent, options, Network.direct());
  }

  /** A client that reaches the endpoint as {@code network} says (a proxy, more trusted CAs). */
  public static BorgBaseClient create(
      Endpoint endpoint, Token token, String userAgent, ClientOptions options, Network network) {
    return new BorgBaseClient(
        httpClient(options.timeout(), endpoint.isTls()),
        endpoint,
        token,
        userAgent,
        options,
        network,
        GraphQlTransport.MAX_ANSWER_BYTES);
  }

  BorgBaseClient(OkHttpClient http, Endpoint endpoint, Token token, String userAgent) {
    this(http, endpoint, token, userAgent, ClientOptions.defaults());
  }

  BorgBaseClient(
      OkHttpClient http, Endpoint endpoint, Token token, String userAgent, ClientOptions options) {
    this(
        http,
        endpoint,
        token,
        userAgent,
        options,
        Network.direct(),
        GraphQlTransport.MAX_ANSWER_BYTES);
  }

  BorgBaseClient(
      OkHttpClient http,
      Endpoint endpoint,
      Token token,
      String userAgent,
      ClientOptions options,
      Network network,
      long maxAnswerBytes) {
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.options = options;
    this.transport =
        new GraphQlTransport(
            http,
            endpoint.url(),
            token,
            json,
            userAgent,
            options.httpLog(),
            options.timing(),
            network,
            maxAnswerBytes);
    this.accountQuery = accountDocument();
    this.outputsQuery = outputsDocument();
  }

  /**
   * Starts the setup that every client of this process shares on a daemon thread of its own: the
   * JDK's TLS context and trusted certificates, OkHttp's platform, Jackson's mapper classes. A
   * command calls it before it reads its spec, so that this quarter of a second of a fresh JVM runs
   * on the other core meanwhile instead of after the spec. It sends nothing and uses no setting,
   * token or file of the command's; what fails here is left for the real client to meet and report.
   * The caller waits for it ({@code get}) before it opens its session, so that no thread of this
   * kind is still at work once requests go out. A client of an {@code http} endpoint (the emulator,
   * the sandbox) needs no TLS context ({@code tls} false): making one anyway took a quarter of a
   * second of the other core while a large spec was read.
   */
  public static Supplier<Boolean> prepareMeanwhile(boolean tls) {
    return Meanwhile.start(
        true,
        "borgform-client-setup",
        () -> {
          try {
            httpClient(ClientOptions.DEFAULT_TIMEOUT, tls);
            new ObjectMapper().readTree("{}");
            return true;
          } catch (RuntimeException | LinkageError | IOException e) {
            // The command's own client meets the same failure and reports it.
            return false;
          }
        });
  }

  /**
   * Timeouts bound every request; retries are decided above HTTP, never hidden inside it; redirects
   * are never followed (the transport enforces both on any client it is given).
   */
  static OkHttpClient defaultHttpClient() {
    return httpClient(ClientOptions.DEFAULT_TIMEOUT, true);
  }

  /**
   * {@code tls} false gives a client of plain HTTP alone: OkHttp then makes no TLS context and
   * loads no trusted certificates (a quarter of a second of a fresh JVM), and a request to an
   * {@code https} URL fails at once rather than going anywhere.
   */
  static OkHttpClient httpClient(Duration timeout, boolean tls) {
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (!tls) b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    return b.connectTimeout(connect)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout.multipliedBy(2))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /**
   * Closes idle connections, so the next request opens a new one. Call it after a pause (a person
   * reading the plan at the prompt): the server or a load balancer may have closed them meanwhile,
   * and a mutation written into such a connection would get no answer, an unknown outcome.
   */
  public void dropIdleConnections() {
    transport.dropIdleConnections();
  }

  /** The HTTP client every request goes through, with the settings the transport forces. */
  OkHttpClient http() {
    return transport.http();
  }

  @Override
  public void close() {
    closed = true;
    // A request still in flight (a read given up by another thread) ends now, and is not retried.
    transport.http().dispatcher().cancelAll();
    transport.http().dispatcher().executorService().shutdown();
    transport.http().connectionPool().evictAll();
  }

  // ---- reading ---------------------------------------------------------------------------

  /**
   * Reads the account, trying again on network errors, 5xx, 429 (after its Retry-After) and garbled
   * answers: a read changes nothing, so repeating it is always safe. A refused token or an error in
   * the answer is not retried: asking again gets the same answer.
   */
  @Override
  public LiveState read() {
    return decodeRead(readAnswer(accountQuery));
  }

  /**
   * The values {@code borgform output} shows, for every live repo and key, in one read (its own
   * document: the account read of plan does not ask for the servers' host keys). Retried as {@link
   * #read} is.
   */
  public OutputValues readOutputs() {
    GraphQlResponse r = readAnswer(outputsQuery);
    JsonNode[] lists = lists(r);
    try {
      List<OutputValues.Key> keys = new ArrayList<>();
      for (JsonNode k : lists[0]) {
        String sha = text(k, "hashSha256");
        String keyName = text(k, "name");
        keys.add(
            new OutputValues.Key(
                keyName == null ? "" : keyName,
                Objects.requireNonNull(text(k, "id"), "a key without an id"),
                sha == null ? null : "SHA256:" + sha));
      }
      List<OutputValues.Repo> repos = new ArrayList<>();
      for (JsonNode rp : lists[1]) {
        JsonNode server = rp.get("server");
        OutputValues.HostKeys host =
            server == null || !server.isObject()
                ? null
                : new OutputValues.HostKeys(
                    text(server, "hostname"),
                    text(server, "fingerprintRsa"),
                    text(server, "fingerprintEcdsa"),
                    text(server, "fingerprintEd25519"));
        String repoName = text(rp, "name");
        repos.add(
            new OutputValues.Repo(
                repoName == null ? "" : repoName,
                Objects.requireNonNull(text(rp, "id"), "a repo without an id"),
                text(rp, "region"),
                text(rp, "repoPath"),
                host));
      }
      return new OutputValues(repos, keys);
    } catch (RuntimeException e) {
      throw new ApiException(
          ApiException.Kind.PROTOCOL,
          r.status(),
          "BorgBase's account data could not be read: "
              + transport.redact(String.valueOf(e.getMessage())),
          "This borgform may be older than the API; look for a newer release.",
          e);
    }
  }

  /** A text field of the answer, or null when absent or null; anything else is refused. */
  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new IllegalArgumentException(field + " is not text");
    return v.asText();
  }

  /** The document {@link #readOutputs} sends. */
  static String outputsDocument() {
    return resource("outputs.graphql");
  }

  /**
   * The answer to a read document, trying again on network errors, 5xx, 429 and garbled answers.
   */
  private GraphQlResponse readAnswer(String query) {
    Attempts attempts = new Attempts(options.retry(), options.timing(), options.jitter());
    while (true) {
      ApiException failure;
      Duration retryAfter = null;
      try {
        GraphQlResponse r = transport.post(query, Map.of());
        if (r.status() == 429 || r.status() >= 500) {
          retryAfter =
              r.status() == 429
                  ? Attempts.retryAfter(r.retryAfter(), options.timing().now())
                  : null;
          failure =
              new ApiException(
                  ApiException.Kind.SERVER,
                  r.status(),
                  "BorgBase answered HTTP "
                      + r.status()
                      + " to the account read"
                      + via()
                      + said(r)
                      + (retryAfter == null
                          ? ""
                          : ", asking to wait " + Attempts.seconds(retryAfter)),
                  "Try again later; if it persists, check the endpoint and BorgBase's status.",
                  null);
        } else {
          return r;
        }
      } catch (GraphQlTransport.NoAnswer e) {
        failure = networkError(e);
        // Asking again gets the same certificate, or the same refusal from the proxy.
        if (!retryable(e)) throw failure;
      } catch (GraphQlTransport.Redirected e) {
        throw redirectError(e, "the account read");
      } catch (GraphQlTransport.AnswerTooLarge e) {
        throw new ApiException(
            ApiException.Kind.PROTOCOL,
            e.status,
            "BorgBase's answer to the account read was not read: "
                + e.getMessage()
                + " (HTTP "
                + e.status
                + via()
                + "), far more than any account",
            "Check that --endpoint / BORGBASE_API_URL points at the GraphQL API.",
            e);
      } catch (GraphQlTransport.MalformedResponseException e) {
        failure =
            new ApiException(
                ApiException.Kind.PROTOCOL,
                e.status,
                "BorgBase's answer to the account read was not understood: "
                    + e.getMessage()
                    + " (HTTP "
                    + e.status
                    + via()
                    + ")",
                transport.proxyAnswers()
                    ? "The proxy may have answered instead of BorgBase: check "
                        + transport.network().proxy().orElseThrow().variable()
                        + " and NO_PROXY, and --endpoint / BORGBASE_API_URL."
                    : "Check that --endpoint / BORGBASE_API_URL points at the GraphQL API.",
                e);
      }
      if (closed) throw failure;
      Duration wait = attempts.next(retryAfter);
      if (wait == null) throw gaveUp(failure, attempts);
      options
          .notices()
          .accept(
              failure.getMessage()
                  + "; trying again in "
                  + Attempts.seconds(wait)
                  + " (attempt "
                  + attempts.attempt()
                  + " of "
                  + attempts.maxAttempts()
                  + ")");
      attempts.sleep(wait);
      // Closed while it waited (the read was given up): no further request.
      if (closed) throw failure;
    }
  }

  private static ApiException gaveUp(ApiException last, Attempts attempts) {
    if (attempts.attempt() == 1) return last;
    return new ApiException(
        last.kind(),
        last.httpStatus(),
        last.getMessage()
            + " (gave up after "
            + attempts.attempt()
            + " attempts in "
            + Attempts.seconds(attempts.elapsed())
            + ")",
        last.hint(),
        last.getCause());
  }

  private LiveState decodeRead(GraphQlResponse r) {
    JsonNode[] lists = lists(r);
    JsonNode keys = lists[0];
    JsonNode repos = lists[1];
    try {
      List<LiveKey> liveKeys = new ArrayList<>();
      // One binding for the whole list: one per key set Jackson up 10,000 times at 10,000 keys.
      for (WireKey k : json.treeToValue(keys, WireKey[].class)) {
        liveKeys.add(WireMapper.toModel(Objects.requireNonNull(k, "a key that is null")));
      }
      List<LiveRepo> liveRepos = new ArrayList<>();
      for (JsonNode rp : repos) liveRepos.add(WireMapper.toModel(rp));
      return new LiveState(liveKeys, liveRepos);
    } catch (IOException | RuntimeException e) {
      throw new ApiException(
          ApiException.Kind.PROTOCOL,
          r.status(),
          "BorgBase's account data could not be read: "
              + transport.redact(String.valueOf(e.getMessage())),
          "This borgform may be older than the API; look for a newer release.",
          e);
    }
  }

  /** The answer's sshList and repoList, after the checks every read makes. */
  private JsonNode[] lists(GraphQlResponse r) {
    if (!r.errors().isEmpty()) throw readError(r);
    if (r.status() != 200) {
      throw new ApiException(
          ApiException.Kind.SERVER,
          r.status(),
          "BorgBase answered HTTP " + r.status() + " to the account read.",
          "Try again later; if it persists, check the endpoint.",
          null);
    }
    JsonNode keys = r.data() == null ? null : r.data().get("sshList");
    JsonNode repos = r.data() == null ? null : r.data().get("repoList");
    if (keys == null || !keys.isArray() || repos == null || !repos.isArray()) {
      throw new ApiException(
          ApiException.Kind.PROTOCOL,
          r.status(),
          "BorgBase's answer to the account read has no sshList or repoList.",
          "Check that --endpoint / BORGBASE_API_URL points at the BorgBase GraphQL API.",
          null);
    }
    return new JsonNode[] {keys, repos};
  }

  private ApiException readError(GraphQlResponse r) {
    String msg = r.errors().get(0).message();
    FailureKind kind = ErrorClassifier.classify(r.status(), r.errors().get(0).code(), msg);
    if (kind == FailureKind.AUTHENTICATION || kind == FailureKind.EXPIRED) {
      return new ApiException(
          ApiException.Kind.AUTHENTICATION,
          r.status(),
          "BorgBase refused the token: " + msg,
          kind == FailureKind.EXPIRED
              ? "The token has expired. Create a new one in the BorgBase web UI (Account > API) and"
                  + " pass it in BORGBASE_TOKEN or --token-file. Reading the account (plan) needs a"
                  + " token of any level: Read Only, Create Only or Full Access."
              : "Check BORGBASE_TOKEN or --token-file: the token may be wrong, revoked or expired."
                  + " Reading the account (plan) needs a token of any level: Read Only, Create Only"
                  + " or Full Access (BorgBase web UI, Account > API).",
          null);
    }
    if (kind == FailureKind.PERMISSION) {
      return new ApiException(
          ApiException.Kind.PERMISSION,
          r.status(),
          "BorgBase did not allow the account read: " + msg,
          "Reading the account needs a token with at least the Read Only level.",
          null);
    }
    return new ApiException(
        ApiException.Kind.SERVER,
        r.status(),
        "BorgBase answered the account read with an error: "
            + msg
            + (r.status() != 200 ? " (HTTP " + r.status() + ")" : ""),
        "",
        null);
  }

  /** ", through the proxy http://host:port (from http_proxy)" where a proxy answers itself. */
  private String via() {
    return transport.proxyAnswers()
        ? ", through the proxy " + transport.network().proxy().orElseThrow().described()
        : "";
  }

  /**
   * False for failures that asking again cannot mend: the endpoint's certificate, or a proxy that
   * refused the tunnel or the credentials. A proxy that could not be reached is tried again, as any
   * connection that was refused.
   */
  private static boolean retryable(GraphQlTransport.NoAnswer e) {
    return switch (e.stage()) {
      // A refused certificate or handshake comes again; a timeout or a reset during it may not.
      case TLS -> !(e.cause() instanceof javax.net.ssl.SSLException);
      case PROXY -> !e.proxyChallenged() && proxyUnreachable(e.cause());
      case CONNECT, EXCHANGE -> true;
    };
  }

  /** The proxy itself could not be reached, as opposed to a proxy that answered with a refusal. */
  private static boolean proxyUnreachable(@Nullable IOException e) {
    return e instanceof java.net.ConnectException
        || e instanceof java.net.UnknownHostException
        || e instanceof java.net.NoRouteToHostException
        || e instanceof java.net.SocketTimeoutException;
  }

  /** One line saying why no answer came, for reads and mutations alike. */
  private String whyNoAnswer(GraphQlTransport.NoAnswer e) {
    String what = transport.redact(GraphQlTransport.describe(e.cause()));
    HttpProxy proxy = transport.network().proxy().orElse(null);
    switch (e.stage()) {
      case TLS:
        if (!(e.cause() instanceof javax.net.ssl.SSLException)) break;
        return tlsProblem(e.cause());
      case PROXY:
        if (proxy == null) break;
        if (e.proxyChallenged()) {
          return proxy.hasCredentials()
              ? "the proxy "
                  + proxy.described()
                  + " refused the credentials in "
                  + proxy.variable()
                  + " (HTTP 407)"
              : "the proxy " + proxy.described() + " asks for credentials (HTTP 407)";
        }
        if (proxyUnreachable(e.cause())) {
          return "could not reach the proxy " + proxy.described() + ": " + what;
        }
        return "the proxy "
            + proxy.described()
            + " refused to open a tunnel to "
            + transport.hostAndPort()
            + " ("
            + what
            + ")";
      default:
        break;
    }
    return what;
  }

  /** What went wrong in the TLS handshake, in words: untrusted, not for this host, or else. */
  private String tlsProblem(IOException e) {
    String host = transport.host();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TrustedCertificates.Unusable u) {
        return "the TLS certificate of "
            + host
            + " is not signed by a CA Java trusts, and "
            + u.getMessage();
      }
      if (t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
        return "the TLS certificate of " + host + " is not valid for the name " + host;
      }
      if (t instanceof java.security.cert.CertificateExpiredException) {
        return "the TLS certificate of " + host + " (or of a CA that signed it) has expired";
      }
      if (t instanceof java.security.cert.CertPathBuilderException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return "the TLS certificate of "
            + host
            + " is not signed by a trusted certificate"
            + " authority";
      }
    }
    return "the TLS handshake with "
        + host
        + " failed ("
        + transport.redact(GraphQlTransport.describe(e))
        + ")";
  }

  /** What to do about a failure to reach the endpoint, by where it failed. */
  private String unreachableHint(GraphQlTransport.NoAnswer e) {
    HttpProxy proxy = transport.network().proxy().orElse(null);
    TrustedCertificates trust = transport.network().trust();
    switch (e.stage()) {
      case TLS:
        if (!(e.cause() instanceof javax.net.ssl.SSLException)) break;
        return "Nothing was sent. If a company proxy or firewall inspects HTTPS, or the endpoint"
            + " uses its own certificate authority, set SSL_CERT_FILE to a PEM file holding that"
            + " CA's certificate (or SSL_CERT_DIR to a folder of PEM files); borgform trusts them"
            + " as well as Java's own CAs."
            + (trust.isEmpty()
                ? ""
                : " Trusted now besides Java's CAs: " + trust.source() + ", which did not help.");
      case PROXY:
        if (proxy == null) break;
        if (e.proxyChallenged()) {
          return "Nothing reached BorgBase. Put the proxy's user name and password in the URL: "
              + proxy.variable()
              + "=http://USER:PASSWORD@"
              + proxy.display().substring("http://".length())
              + " (percent-encode special characters); borgform never prints them.";
        }
        if (proxyUnreachable(e.cause())) {
          return "Nothing reached BorgBase. Check "
              + proxy.variable()
              + ", or add "
              + transport.host()
              + " to NO_PROXY to connect without the proxy.";
        }
        return "Nothing reached BorgBase. Check that the proxy lets HTTPS through to "
            + transport.hostAndPort()
            + ", or add "
            + transport.host()
            + " to NO_PROXY to connect directly.";
      default:
        break;
    }
    return proxy == null
        ? "Check the network connection and --endpoint / BORGBASE_API_URL."
        : "Check the network connection, --endpoint / BORGBASE_API_URL, and the proxy "
            + proxy.described()
            + ".";
  }

  ApiException networkError(GraphQlTransport.NoAnswer e) {
    String why = whyNoAnswer(e);
    boolean proxyAtFault = e.stage() == GraphQlTransport.Stage.PROXY;
    return new ApiException(
        ApiException.Kind.NETWORK,
        0,
        proxyAtFault
            ? capitalise(why)
            : "Could not reach BorgBase at " + transport.endpoint() + ": " + why,
        unreachableHint(e),
        e.cause());
  }

  ApiException redirectError(GraphQlTransport.Redirected e, String what) {
    return new ApiException(
        ApiException.Kind.PROTOCOL,
        e.status,
        "The endpoint "
            + transport.endpoint()
            + " answered "
            + what
            + " with HTTP "
            + e.status
            + ", a redirect to "
            + e.location
            + "; borgform does not follow redirects, so nothing was sent there",
        "If BorgBase's API has moved, check the new address and set it with --endpoint or"
            + " BORGBASE_API_URL. A captive portal or a proxy can also redirect: check the"
            + " network, HTTPS_PROXY and NO_PROXY.",
        e);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Sends the batch as few documents as the server accepts. A document refused before anything ran
   * (HTTP 400 without data, or a size refusal: 413, 414, 431, docs/reliability.md) is split and its
   * mutations sent again in smaller documents: nothing of it ran, so nothing is made twice. The
   * size the server accepts is learned ({@link BatchSizes}) and kept for the rest of the run. A
   * mutation refused alone is at fault itself; if the server has accepted nothing from this run,
   * what refused it refuses the others too, so they fail without being sent. A mutation whose
   * outcome is unknown is never sent again, and nothing after it is sent.
   */
  @Override
  public List<MutationResult> submit(List<Mutation> batch) {
    List<MutationResult> out = new ArrayList<>(batch.size());
    BatchSizes.Snapshot before = sizes.snapshot();
    int i = 0;
    while (i < batch.size()) {
      int n = sizes.next(batch.size() - i);
      Sent sent = inContext(batch.subList(i, i + n), send(batch.subList(i, i + n)));
      if (sent.refused() && n > 1) {
        sizes.refused(n);
        continue;
      }
      if (sent.refused() && !acceptedAny) {
        // Refused alone, and nothing from this run was ever accepted: the document form is at
        // fault, not its size. Nothing ran; nothing is learned about sizes.
        sizes.restore(before);
        MutationResult refusal = sent.results().get(0);
        for (int k = i; k < batch.size(); k++) out.add(refusal);
        return out;
      }
      boolean unknown =
          sent.results().stream().anyMatch(r -> r.outcome() == MutationResult.Outcome.UNKNOWN);
      if (!sent.refused() && !unknown) {
        acceptedAny = true;
        sizes.accepted(n);
      }
      out.addAll(sent.results());
      i += n;
      if (unknown) {
        // Sizes are learned only from a server that has accepted a document: until then a refusal
        // may have been about the document's form rather than its size.
        if (!acceptedAny) sizes.restore(before);
        out.addAll(notSent(batch.size() - i));
        return out;
      }
    }
    return out;
  }

  /**
   * The token's level, learned with one query and no change ({@link #LEVEL_PROBE}): Create Only is
   * refused it; Read Only and Full Access are not, and cannot be told apart by reading. Any other
   * answer (an error not known as a refusal, no answer) leaves the level unknown. Kept for the rest
   * of the run, where it classifies refusals whatever their words ({@link
   * ErrorClassifier#inContext}).
   */
  public KnownLevel learnLevel() {
    try {
      GraphQlResponse r = transport.post(LEVEL_PROBE, Map.of());
      if (r.errors().isEmpty() && r.status() == 200) {
        level = KnownLevel.READ_ONLY_OR_FULL_ACCESS;
      } else if (!r.errors().isEmpty()) {
        GraphQlResponse.GraphQlError e = r.errors().get(0);
        // Only a refusal known as one (status, code or words) counts: a level wrongly learned
        // as Create Only would stop an apply the token could make, so any other error leaves the
        // level unknown and apply as it was.
        if (ErrorClassifier.classify(r.status(), e.code(), e.message()) == FailureKind.PERMISSION) {
          level = KnownLevel.CREATE_ONLY;
        }
      }
    } catch (GraphQlTransport.NoAnswer
        | GraphQlTransport.Redirected
        | GraphQlTransport.MalformedResponseException e) {
      // Unknown: apply goes on as it would without the probe, and the note about levels stays.
    }
    return level;
  }

  /** The results of one request, classified with what this run knows besides their words. */
  private Sent inContext(List<Mutation> batch, Sent sent) {
    for (int k = 0; k < batch.size(); k++) {
      if (batch.get(k).kind().adds() && sent.results().get(k).isApplied()) addAccepted = true;
    }
    return new Sent(
        ErrorClassifier.inContext(batch, sent.results(), level, addAccepted), sent.refused());
  }

  /** True once the server has been found to accept only one mutation per document. */
  boolean sendsOneMutationPerRequest() {
    return sizes.learnedLimit() == 1;
  }

  /** How many mutations every later document holds at most; 0 while no batch was refused. */
  int learnedBatchLimit() {
    return sizes.learnedLimit();
  }

  private static List<MutationResult> notSent(int n) {
    List<MutationResult> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          MutationResult.notSent(
              "not sent: the outcome of an earlier change is unknown, so borgform stopped"));
    }
    return out;
  }

  /** What one request did: a result per mutation, and whether the server refused it unread. */
  private record Sent(List<MutationResult> results, boolean refused) {}

  /**
   * Sends one document. It is sent again only when it provably did not run: no byte of it left (the
   * connection was refused, the name did not resolve), or a rate limiter answered 429 before the
   * API saw it. Every other failure after the request left (a timeout, a lost or garbled answer, a
   * 5xx from a server that may have committed before failing) makes the outcome unknown, and the
   * document is never sent again: a fresh read tells what happened.
   */
  private Sent send(List<Mutation> batch) {
    Request request = request(batch);
    String document = request.document();
    Map<String, Object> vars = request.variables();

    Attempts attempts = new Attempts(options.retry(), options.timing(), options.jitter());
    while (true) {
      GraphQlResponse r;
      String retryReason;
      Duration retryAfter = null;
      MutationResult giveUp;
      try {
        r = transport.post(document, vars);
        if (r.status() != 429) return interpret(batch, r);
        retryReason = "BorgBase is limiting the request rate (HTTP 429)";
        retryAfter = Attempts.retryAfter(r.retryAfter(), options.timing().now());
        giveUp =
            MutationResult.failed(
                FailureKind.SERVER,
                "BorgBase kept refusing with HTTP 429 (too many requests); nothing was sent past"
                    + " its rate limiter, so nothing was made");
      } catch (GraphQlTransport.NoAnswer e) {
        String what = whyNoAnswer(e);
        if (e.requestSent()) {
          return new Sent(
              all(
                  batch,
                  MutationResult.unknown(
                      "no complete answer from BorgBase ("
                          + what
                          + "); the change may or may not"
                          + " have been made")),
              false);
        }
        retryReason = "could not reach BorgBase (" + what + ")";
        giveUp =
            MutationResult.failed(
                FailureKind.NETWORK, "could not reach BorgBase: " + what + "; nothing was sent");
        if (!retryable(e)) return new Sent(all(batch, giveUp), false);
      } catch (GraphQlTransport.Redirected e) {
        // The endpoint, or something in front of it, answered with a redirect. Whether anything
        // ran before it answered cannot be known, so the outcome is unknown: a fresh read tells.
        return new Sent(
            all(
                batch,
                MutationResult.unknown(
                    "BorgBase answered HTTP "
                        + e.status
                        + ", a redirect to "
                        + e.location
                        + " (not followed); the change may or may not have been made")),
            false);
      } catch (GraphQlTransport.MalformedResponseException e) {
        if (refusedUnread(e.status) && e.status != 400) {
          // A proxy's or web server's own page (HTML) refusing the request's size: it was not
          // passed on, so nothing ran.
          return new Sent(
              all(
                  batch,
                  MutationResult.failed(
                      FailureKind.INVALID_INPUT,
                      "BorgBase, or a proxy in front of it, refused the request as too large (HTTP "
                          + e.status
                          + "); nothing ran")),
              true);
        }
        return new Sent(
            all(
                batch,
                MutationResult.unknown(
                    "BorgBase's answer was not understood ("
                        + e.getMessage()
                        + ", HTTP "
                        + e.status
                        + "); the change may or may not have been made")),
            false);
      }
      Duration wait = attempts.next(retryAfter);
      if (wait == null) return new Sent(all(batch, giveUp), false);
      options
          .notices()
          .accept(
              retryReason
                  + "; nothing was made, so the change is sent again in "
                  + Attempts.seconds(wait)
                  + " (attempt "
                  + attempts.attempt()
                  + " of "
                  + attempts.maxAttempts()
                  + ")");
      attempts.sleep(wait);
    }
  }

  /** One GraphQL request as sent: the document and its variables. */
  record Request(String document, Map<String, Object> variables) {}

  /**
   * The document and variables that {@link #submit} sends for {@code batch}: the one place a
   * mutation becomes GraphQL, which {@code doctor} also checks against the live schema.
   */
  static Request request(List<Mutation> batch) {
    StringBuilder defs = new StringBuilder();
    StringBuilder fields = new StringBuilder();
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) appendField(i, batch.get(i), defs, fields, vars);
    return new Request("mutation Apply(" + defs + ") {" + fields + "\n}", vars);
  }

  /** The account read's document, exactly as {@link #read} sends it. */
  static String accountDocument() {
    // The repo fields come from the repo field table, so the read cannot leave one out.
    return "# The whole account in one request: plan never needs more than this.\n"
        + "query Account {\n"
        + "  sshList {\n"
        + "    id name keyData comment keyType bits hashMd5 hashSha256 addedAt\n"
        + "  }\n"
        + "  repoList {\n"
        + String.join("", WireMapper.readFieldLines().stream().map(l -> "    " + l + "\n").toList())
        + "  }\n"
        + "}\n";
  }

  GraphQlTransport transport() {
    return transport;
  }

  Timing timing() {
    return options.timing();
  }

  Duration timeout() {
    return options.timeout();
  }

  private Sent interpret(List<Mutation> batch, GraphQlResponse r) {
    if (r.status() >= 500) {
      return new Sent(
          all(
              batch,
              MutationResult.unknown(
                  "BorgBase answered HTTP "
                      + r.status()
                      + said(r)
                      + "; the change may or may not"
                      + " have been made")),
          false);
    }
    if (r.status() != 200 || r.data() == null) {
      // A document refused before execution (HTTP 400) or a request-level error: nothing ran.
      String msg = r.errors().isEmpty() ? "HTTP " + r.status() : r.errors().get(0).message();
      String code = r.errors().isEmpty() ? null : r.errors().get(0).code();
      if (r.status() != 200 && !r.errors().isEmpty()) msg += " (HTTP " + r.status() + ")";
      boolean refused = refusedUnread(r.status()) && r.data() == null;
      return new Sent(
          all(batch, MutationResult.failed(ErrorClassifier.classify(r.status(), code, msg), msg)),
          refused);
    }
    List<MutationResult> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) out.add(resultOf(i, batch.get(i), r));
    return new Sent(out, false);
  }

  /**
   * One mutation as GraphQL: the operation's name, its arguments with their GraphQL types, and the
   * selection.
   */
  private record Call(
      String operation, Map<String, Object> args, Map<String, String> types, String selection) {}

  /** The operation name of each kind of mutation; the only place they are spelled. */
  static String operationName(Mutation.Kind kind) {
    return switch (kind) {
      case ADD_KEY -> "sshAdd";
      case DELETE_KEY -> "sshDelete";
      case ADD_REPO -> "repoAdd";
      case EDIT_REPO -> "repoEdit";
      case DELETE_REPO -> "repoDelete";
    };
  }

  private static final Mutation.Visitor<Call> CALLS =
      new Mutation.Visitor<>() {
        @Override
        public Call addKey(Mutation.AddKey k) {
          Call c = call(k, "keyAdded { id }");
          arg(c, "name", k.name(), "String!");
          arg(c, "keyData", k.publicKeyLine(), "String!");
          return c;
        }

        @Override
        public Call deleteKey(Mutation.DeleteKey k) {
          Call c = call(k, "ok");
          arg(c, "id", k.id(), "String!");
          return c;
        }

        @Override
        public Call addRepo(Mutation.AddRepo a) {
          Call c = call(a, "repoAdded { id }");
          for (Map.Entry<String, Object> e : WireMapper.repoArguments(a.settings()).entrySet()) {
            boolean required = e.getKey().equals("name") || e.getKey().equals("region");
            arg(
                c,
                e.getKey(),
                e.getValue(),
                WireMapper.argumentType(e.getKey()) + (required ? "!" : ""));
          }
          return c;
        }

        @Override
        public Call editRepo(Mutation.EditRepo e) {
          Call c = call(e, "repoEdited { id }");
          arg(c, "id", e.id(), "String!");
          Map<String, Object> repoArgs = WireMapper.repoArguments(e.settings());
          // Fixed at creation: repoEdit has no such argument.
          for (String fixed : WireMapper.fixedArguments()) repoArgs.remove(fixed);
          for (Map.Entry<String, Object> a : repoArgs.entrySet()) {
            arg(c, a.getKey(), a.getValue(), WireMapper.argumentType(a.getKey()));
          }
          return c;
        }

        @Override
        public Call deleteRepo(Mutation.DeleteRepo d) {
          Call c = call(d, "ok");
          arg(c, "id", d.id(), "String!");
          return c;
        }

        private Call call(Mutation m, String selection) {
          return new Call(
              operationName(m.kind()), new LinkedHashMap<>(), new LinkedHashMap<>(), selection);
        }

        private void arg(Call c, String name, Object value, @Nullable String type) {
          c.args().put(name, value);
          c.types().put(name, type);
        }
      };

  /**
   * Answers that prove a mutation document did not run: a GraphQL document refused by validation
   * (HTTP 400 without data), and a request refused for its size before it was read or passed on
   * (413 Content Too Large, 414 URI Too Long, 431 Request Header Fields Too Large).
   */
  private static boolean refusedUnread(int status) {
    return status == 400 || status == 413 || status == 414 || status == 431;
  }

  private static void appendField(
      int i, Mutation m, StringBuilder defs, StringBuilder fields, Map<String, Object> vars) {
    String alias = "m" + i;
    Call c = m.accept(CALLS);
    StringBuilder call = new StringBuilder();
    for (String name : c.args().keySet()) {
      String var = alias + "_" + name;
      if (defs.length() > 0) defs.append(", ");
      defs.append('$').append(var).append(": ").append(c.types().get(name));
      if (call.length() > 0) call.append(", ");
      call.append(name).append(": $").append(var);
      vars.put(var, c.args().get(name));
    }
    fields
        .append("\n  ")
        .append(alias)
        .append(": ")
        .append(c.operation())
        .append('(')
        .append(call)
        .append(") { ")
        .append(c.selection())
        .append(" }");
  }

  private static MutationResult resultOf(int i, Mutation m, GraphQlResponse r) {
    String alias = "m" + i;
    for (GraphQlResponse.GraphQlError e : r.errors()) {
      if (alias.equals(e.pathHead())) {
        return MutationResult.failed(
            ErrorClassifier.classify(r.status(), e.code(), e.message()), e.message());
      }
    }
    JsonNode data = r.data();
    JsonNode payload = data == null ? null : data.get(alias);
    if (payload == null || payload.isNull()) {
      String msg =
          r.errors().isEmpty() ? "BorgBase returned no result" : r.errors().get(0).message();
      return MutationResult.failed(ErrorClassifier.classify(r.status(), msg), msg);
    }
    return switch (m.kind()) {
      case ADD_KEY -> created(payload.path("keyAdded").path("id"));
      case ADD_REPO -> created(payload.path("repoAdded").path("id"));
      case EDIT_REPO ->
          payload.path("repoEdited").isObject()
              ? MutationResult.applied(null)
              : MutationResult.failed("BorgBase returned no edited repo");
      case DELETE_KEY, DELETE_REPO ->
          payload.path("ok").asBoolean(false)
              ? MutationResult.applied(null)
              : MutationResult.failed("BorgBase answered ok: false");
    };
  }

  private static MutationResult created(JsonNode id) {
    if (id.isMissingNode() || id.isNull() || id.asText().isEmpty()) {
      // Committed, but we cannot tell the id: the next read finds it.
      return MutationResult.unknown("BorgBase did not return the new object's id");
    }
    return MutationResult.applied(id.asText());
  }

  /** The server's first error message in parentheses, without a closing full stop; or nothing. */
  private static String said(GraphQlResponse r) {
    if (r.errors().isEmpty()) return "";
    String m = r.errors().get(0).message().strip();
    if (m.endsWith(".")) m = m.substring(0, m.length() - 1);
    return m.isEmpty() ? "" : " (" + m + ")";
  }

  private static List<MutationResult> all(List<Mutation> batch, MutationResult r) {
    List<MutationResult> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) out.add(r);
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = BorgBaseClient.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
