package dev.borgform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.apply.FailureKind;
import dev.borgform.doctor.Check;
import dev.borgform.doctor.DoctorReport;
import dev.borgform.doctor.Finding;
import dev.borgform.doctor.Status;
import dev.borgform.live.LiveState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import okhttp3.Handshake;
import org.jspecify.annotations.Nullable;

/**
 * {@code borgform doctor}: what {@code plan} and {@code apply} meet on the way to the endpoint,
 * checked one step at a time with the client's own connection setup (proxy, trusted CAs, timeouts,
 * no redirects, bounded answers): name resolution, the TCP connection, TLS, the HTTP answer, the
 * token and its level, the account read, and the live schema against the documents the client sends
 * ({@link SchemaCheck}). Nothing here changes the account: every request is a query.
 */
public final class Doctor {
  /** A certificate expiring sooner than this is a warning: renewals usually come well before. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private static final String PROBE = "query Doctor { isAuthenticated }";

  /** The same query apply learns the level with. */
  private static final String LEVEL_PROBE = BorgBaseClient.LEVEL_PROBE;

  /** The report, and the live introspection answer as JSON (null when there was none). */
  public record Result(DoctorReport report, @Nullable String introspection) {}

  private final BorgBaseClient client;
  private final GraphQlTransport transport;
  private final Timing timing;
  private final Duration connectTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private boolean accountRefusedToken;

  public Doctor(BorgBaseClient client) {
    this.client = client;
    this.transport = client.transport();
    this.timing = client.timing();
    // As the client's own connections: the request timeout, at most 10 s to connect.
    Duration t = client.timeout();
    this.connectTimeout = t.compareTo(Duration.ofSeconds(10)) < 0 ? t : Duration.ofSeconds(10);
  }

  public Result run(String endpointSource) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        Check.of(
            "endpoint", "Endpoint", Status.OK, transport.endpoint() + " (" + endpointSource + ")"));
    HttpProxy proxy = transport.network().proxy().orElse(null);
    checks.add(proxyCheck(proxy, transport.network().route()));

    String host = proxy == null ? transport.host() : proxy.host();
    int port = proxy == null ? transport.port() : proxy.port();
    String who = proxy == null ? "the endpoint" : "the proxy";
    InetAddress[] addresses = null;
    Instant start = timing.now();
    try {
      addresses = InetAddress.getAllByName(host);
      List<String> shown = Arrays.stream(addresses).map(InetAddress::getHostAddress).toList();
      checks.add(
          Check.of(
                  "dns",
                  "DNS",
                  Status.OK,
                  host
                      + " ("
                      + who
                      + ") resolves to "
                      + String.join(", ", shown)
                      + " in "
                      + millis(start)
                      + " ms")
              .withDetails(
                  proxy == null
                      ? List.of()
                      : List.of("the proxy resolves " + transport.host() + " itself")));
    } catch (UnknownHostException e) {
      checks.add(
          Check.of("dns", "DNS", Status.FAILED, host + " (" + who + ") does not resolve")
              .withHint(
                  proxy == null
                      ? "Check the host name in --endpoint / BORGBASE_API_URL and this machine's"
                          + " DNS settings."
                      : "Check the proxy's host name in " + proxy.variable() + "."));
    }

    if (addresses == null) {
      checks.add(skipped("tcp", "TCP", "no address to connect to"));
    } else {
      checks.add(tcp(addresses[0], port, who));
    }

    boolean https = transport.isHttps();
    GraphQlResponse probe = null;
    Check http;
    Check tls = null;
    Instant sent = timing.now();
    try {
      probe = transport.post(PROBE, Map.of());
      long ms = millis(sent);
      boolean graphql = probe.status() < 500;
      http =
          Check.of(
              "http",
              "HTTP",
              graphql ? Status.OK : Status.FAILED,
              "HTTP "
                  + probe.status()
                  + " in "
                  + ms
                  + " ms"
                  + (graphql ? ", a GraphQL answer" : ""));
      if (!graphql) {
        http = http.withHint("BorgBase is failing: try again later; check BorgBase's status page.");
      }
    } catch (GraphQlTransport.NoAnswer e) {
      ApiException failure = client.networkError(e);
      Check failed =
          Check.of("http", "HTTP", Status.FAILED, failure.getMessage()).withHint(failure.hint());
      if (e.stage() == GraphQlTransport.Stage.TLS) {
        tls = failed.withId("tls", "TLS");
        http = skipped("http", "HTTP", "no TLS connection");
      } else {
        http = failed;
      }
    } catch (GraphQlTransport.Redirected e) {
      ApiException failure = client.redirectError(e, "a query");
      http = Check.of("http", "HTTP", Status.FAILED, failure.getMessage()).withHint(failure.hint());
    } catch (GraphQlTransport.MalformedResponseException e) {
      http =
          Check.of(
                  "http",
                  "HTTP",
                  Status.FAILED,
                  "HTTP " + e.status + ", but not a GraphQL answer: " + e.getMessage())
              .withHint("Check that --endpoint / BORGBASE_API_URL points at the GraphQL API.");
    }
    if (tls == null) tls = tlsCheck(https, probe != null);
    checks.add(tls);
    checks.add(http);

    if (probe == null || http.status() == Status.FAILED) {
      checks.add(skipped("token", "Token", "no answer from the endpoint"));
      checks.add(skipped("account", "Account read", "no answer from the endpoint"));
      checks.add(skipped("schema", "API schema", "no answer from the endpoint"));
      return new Result(new DoctorReport(transport.endpoint(), checks), null);
    }

    Check account = accountRead();
    checks.add(token(probe, account));
    checks.add(account);
    Schema schema = schema();
    checks.add(schema.check());
    return new Result(new DoctorReport(transport.endpoint(), checks), schema.introspection());
  }

  private static Check proxyCheck(@Nullable HttpProxy proxy, String route) {
    if (proxy != null) {
      return Check.of("proxy", "Proxy", Status.OK, proxy.described())
          .withDetails(
              List.of(
                  route.startsWith("via proxy " + proxy.described() + ": ")
                      ? route.substring(("via proxy " + proxy.described() + ": ").length())
                      : route,
                  proxy.hasCredentials()
                      ? "with credentials from " + proxy.variable() + " (not shown)"
                      : "without credentials"));
    }
    // "direct: NO_PROXY matches ..., so HTTPS_PROXY is not used", or nothing set at all.
    return Check.of(
        "proxy", "Proxy", Status.OK, route.isEmpty() ? "none: connecting directly" : route);
  }

  private Check tcp(InetAddress address, int port, String who) {
    Instant start = timing.now();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
      return Check.of(
          "tcp",
          "TCP",
          Status.OK,
          "connected to "
              + address.getHostAddress()
              + " port "
              + port
              + " ("
              + who
              + ") in "
              + millis(start)
              + " ms");
    } catch (IOException e) {
      return Check.of(
              "tcp",
              "TCP",
              Status.FAILED,
              "could not connect to "
                  + address.getHostAddress()
                  + " port "
                  + port
                  + " ("
                  + who
                  + "): "
                  + transport.redact(GraphQlTransport.describe(e)))
          .withHint(
              "Check the network connection and firewall; a company network may need"
                  + " HTTPS_PROXY.");
    }
  }

  private Check tlsCheck(boolean https, boolean answered) {
    if (!https) {
      return Check.of(
          "tls", "TLS", Status.OK, "not used: plain http to a loopback endpoint (an emulator)");
    }
    Handshake h = transport.lastHandshake();
    if (!answered || h == null) return skipped("tls", "TLS", "no TLS connection was made");
    List<String> details = new ArrayList<>();
    Status status = Status.OK;
    String hint = "";
    details.add(h.tlsVersion().javaName() + ", " + h.cipherSuite().javaName());
    List<Certificate> certs = new ArrayList<>(h.peerCertificates());
    // OkHttp cleans the chain with the JDK's CAs only, and shows none when the server is trusted
    // through SSL_CERT_FILE / SSL_CERT_DIR; the trust manager kept the chain it accepted.
    if (certs.isEmpty()) certs.addAll(transport.network().trust().lastChain());
    if (!certs.isEmpty() && certs.get(0) instanceof X509Certificate c) {
      details.add("certificate: " + c.getSubjectX500Principal().getName());
      details.add("issued by: " + c.getIssuerX500Principal().getName());
      Instant until = c.getNotAfter().toInstant();
      long days = Duration.between(timing.now(), until).toDays();
      details.add(
          "valid until "
              + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(until)
              + " ("
              + days
              + " days)");
      if (Duration.between(timing.now(), until).compareTo(EXPIRY_WARNING) < 0) {
        status = Status.WARNING;
        hint =
            "The server's certificate expires within "
                + EXPIRY_WARNING.toDays()
                + " days: runs will fail once it has; tell whoever runs the endpoint.";
      }
    }
    details.add("trusted through " + transport.network().trust().lastAcceptedBy());
    return Check.of("tls", "TLS", status, h.tlsVersion().javaName() + ", certificate trusted")
        .withDetails(details)
        .withHint(hint);
  }

  private Check accountRead() {
    Instant start = timing.now();
    try {
      LiveState live = client.read();
      return Check.of(
          "account",
          "Account read",
          Status.OK,
          live.keys().size()
              + " keys and "
              + live.repos().size()
              + " repos in one request, in "
              + millis(start)
              + " ms");
    } catch (ApiException e) {
      accountRefusedToken = e.kind() == ApiException.Kind.AUTHENTICATION;
      return Check.of("account", "Account read", Status.FAILED, e.getMessage()).withHint(e.hint());
    }
  }

  /**
   * Accepted or not, and the level where a read can tell: a Create Only token may read only the key
   * and repo lists, so it is refused another query; Read Only and Full Access read alike, and only
   * a change (which doctor never makes) would tell them apart.
   */
  private Check token(GraphQlResponse probe, Check account) {
    String refused = null;
    if (!probe.errors().isEmpty()) {
      String m = probe.errors().get(0).message();
      FailureKind kind = ErrorClassifier.classify(probe.status(), m);
      if (kind == FailureKind.AUTHENTICATION || kind == FailureKind.EXPIRED) refused = m;
    } else if (probe.data() != null
        && probe.data().path("isAuthenticated").isBoolean()
        && !probe.data().path("isAuthenticated").asBoolean()) {
      refused = "BorgBase answers isAuthenticated: false";
    }
    if (account.status() == Status.FAILED && accountRefusedToken) refused = account.summary();
    if (refused != null) {
      boolean expired = ErrorClassifier.classify(200, refused) == FailureKind.EXPIRED;
      return Check.of("token", "Token", Status.FAILED, "refused: " + refused)
          .withHint(
              (expired ? "The token has expired. " : "The token may be wrong, revoked or expired. ")
                  + "Create one in the BorgBase web UI (Account > API) and pass it in"
                  + " BORGBASE_TOKEN or --token-file; doctor and plan need any level (Read Only"
                  + " is enough).");
    }
    String level;
    Status status = Status.OK;
    String hint = "";
    try {
      GraphQlResponse r = transport.post(LEVEL_PROBE, Map.of());
      String m = r.errors().isEmpty() ? null : r.errors().get(0).message();
      if (m != null && ErrorClassifier.classify(r.status(), m) == FailureKind.PERMISSION) {
        level = "Create Only (it may read the key and repo lists, nothing else)";
        status = Status.WARNING;
        hint =
            "apply with this token can only add keys and repos; changing or deleting anything"
                + " needs a Full Access token.";
      } else if (m == null) {
        level =
            "Read Only or Full Access: reading cannot tell them apart without changing"
                + " something";
        hint = "";
      } else {
        level = "unknown: the level probe was answered with an error (" + m + ")";
      }
    } catch (GraphQlTransport.NoAnswer
        | GraphQlTransport.Redirected
        | GraphQlTransport.MalformedResponseException e) {
      level = "unknown: the level probe got no answer";
    }
    return Check.of("token", "Token", status, "accepted")
        .withDetails(List.of("level: " + level))
        .withHint(hint);
  }

  /** The schema check, and the introspection answer it read (null when there was none). */
  private record Schema(Check check, @Nullable String introspection) {}

  private Schema schema() {
    GraphQlResponse r;
    Instant start = timing.now();
    try {
      r = transport.post(SchemaCheck.INTROSPECTION_QUERY, Map.of());
    } catch (GraphQlTransport.NoAnswer e) {
      ApiException failure = client.networkError(e);
      return new Schema(
          Check.of("schema", "API schema", Status.FAILED, failure.getMessage())
              .withHint(failure.hint()),
          null);
    } catch (GraphQlTransport.Redirected e) {
      ApiException failure = client.redirectError(e, "the introspection query");
      return new Schema(
          Check.of("schema", "API schema", Status.FAILED, failure.getMessage())
              .withHint(failure.hint()),
          null);
    } catch (GraphQlTransport.MalformedResponseException e) {
      return new Schema(
          Check.of(
                  "schema",
                  "API schema",
                  Status.FAILED,
                  "the introspection answer was not understood: "
                      + e.getMessage()
                      + " (HTTP "
                      + e.status
                      + ")")
              .withHint("Check that --endpoint / BORGBASE_API_URL points at the GraphQL API."),
          null);
    }
    long ms = millis(start);
    JsonNode schemaNode = r.data() == null ? null : r.data().get("__schema");
    if (schemaNode == null || !schemaNode.isObject()) {
      String why = r.errors().isEmpty() ? "no __schema in the answer" : r.errors().get(0).message();
      return new Schema(
          Check.of(
                  "schema",
                  "API schema",
                  Status.WARNING,
                  "not checked: the endpoint does not answer introspection (" + why + ")")
              .withHint(
                  "Introspection is disabled there, so doctor cannot compare the API with what"
                      + " borgform sends; the other checks still hold. plan and apply are unaffected."),
          null);
    }
    ObjectNode whole = json.createObjectNode();
    whole.set("data", r.data());
    String saved;
    try {
      saved =
          json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(whole) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    List<Finding> findings;
    int types;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> data = json.convertValue(r.data(), Map.class);
      graphql.schema.GraphQLSchema live = SchemaCheck.schemaOf(data);
      types = live.getAllTypesAsList().size();
      findings = SchemaCheck.check(live);
    } catch (RuntimeException e) {
      return new Schema(
          Check.of(
                  "schema",
                  "API schema",
                  Status.FAILED,
                  "the introspection answer does not describe a usable schema: "
                      + transport.redact(String.valueOf(e.getMessage())))
              .withHint("Save it with --save-schema FILE and report it (docs/borgbase-api.md)."),
          saved);
    }
    int documents = ClientDocuments.all().size();
    if (findings.isEmpty()) {
      return new Schema(
          Check.of(
                  "schema",
                  "API schema",
                  Status.OK,
                  "every operation, argument and field borgform uses is there ("
                      + documents
                      + " documents checked against "
                      + types
                      + " live types, read in "
                      + ms
                      + " ms)")
              .withDetails(List.of("operations: " + String.join(" ", SchemaCheck.operations()))),
          saved);
    }
    return new Schema(
        Check.of(
                "schema",
                "API schema",
                Status.FAILED,
                findings.size()
                    + (findings.size() == 1 ? " difference" : " differences")
                    + " between what borgform sends or reads and the live schema")
            .withFindings(findings)
            .withHint(
                "Each difference makes the named command fail against this API. "
                    + SchemaCheck.REPORT),
        saved);
  }

  /**
   * True when {@code text} is an introspection result as {@code --save-schema} writes it ({@code
   * data.__schema}, or {@code __schema} at the top as some tools save it): the only kind of file
   * {@code --save-schema} replaces.
   */
  public static boolean isIntrospectionResult(String text) {
    try {
      JsonNode root = new ObjectMapper().readTree(text);
      return root != null
          && (root.path("data").path("__schema").isObject() || root.path("__schema").isObject());
    } catch (IOException e) {
      return false;
    }
  }

  private static Check skipped(String id, String title, String why) {
    return Check.of(id, title, Status.SKIPPED, "not checked: " + why);
  }

  private long millis(Instant start) {
    return Duration.between(start, timing.now()).toMillis();
  }
}
