package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxies and TLS, with MockWebServer as the proxy or as an HTTPS server: what goes to the proxy
 * (never the token), how a refusal reads (it names the proxy, not BorgBase), and which CAs are
 * trusted.
 */
class ProxyAndTlsTest {
  private static final String SECRET = "aaaa.bbbb.cccc-secret-token";
  private static final String EMPTY_ACCOUNT = "{\"data\":{\"sshList\":[],\"repoList\":[]}}";
  private static final String REMOTE = "https://api.borgbase.invalid/graphql";

  @TempDir Path dir;
  private final FakeTiming timing = new FakeTiming();
  private final List<String> notices = new ArrayList<>();
  private final List<String> httpLog = new ArrayList<>();
  private final List<BorgBaseClient> clients = new ArrayList<>();
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    for (BorgBaseClient c : clients) c.close();
    server.close();
  }

  private BorgBaseClient client(String endpoint, Map<String, String> env) {
    Endpoint e = Endpoint.parse(endpoint);
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    BorgBaseClient c =
        new BorgBaseClient(
            http,
            e,
            Token.of(SECRET),
            "borgform/test",
            ClientOptions.defaults()
                .withTiming(timing, () -> 0.5)
                .withNotices(notices::add)
                .withHttpLog(httpLog::add),
            Network.fromEnvironment(env, dir, e),
            GraphQlTransport.MAX_ANSWER_BYTES);
    clients.add(c);
    return c;
  }

  private String proxyUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private static Mutation addKey() {
    return new Mutation.AddKey("k", "ssh-ed25519 AAAA");
  }

  // ---- a proxy that refuses --------------------------------------------------------------------

  @Test
  void aProxyRefusingTheTunnelIsNamedNothingReachedBorgBaseAndItIsNotAskedAgain() throws Exception {
    server.enqueue(new MockResponse.Builder().code(403).body("denied by policy").build());
    BorgBaseClient c = client(REMOTE, Map.of("HTTPS_PROXY", proxyUrl()));
    assertThatThrownBy(c::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.NETWORK);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The proxy "
                          + proxyUrl()
                          + " (from HTTPS_PROXY) refused to open a tunnel to"
                          + " api.borgbase.invalid:443 (IOException: Unexpected response code for"
                          + " CONNECT: 403)");
              assertThat(e.hint())
                  .isEqualTo(
                      "Nothing reached BorgBase. Check that the proxy lets HTTPS through to"
                          + " api.borgbase.invalid:443, or add api.borgbase.invalid to NO_PROXY"
                          + " to connect directly.");
            });
    RecordedRequest connect = server.takeRequest();
    assertThat(connect.getRequestLine()).isEqualTo("CONNECT api.borgbase.invalid:443 HTTP/1.1");
    assertThat(connect.getHeaders().toString()).doesNotContain(SECRET).doesNotContain("Bearer");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(notices).isEmpty();
  }

  @Test
  void aMutationRefusedByTheProxyFailedForCertainNothingWasSent() {
    server.enqueue(new MockResponse.Builder().code(502).build());
    MutationResult r =
        client(REMOTE, Map.of("https_proxy", proxyUrl())).submit(List.of(addKey())).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
    assertThat(r.message())
        .isEqualTo(
            "could not reach BorgBase: the proxy "
                + proxyUrl()
                + " (from https_proxy) refused to open a tunnel to api.borgbase.invalid:443"
                + " (IOException: Unexpected response code for CONNECT: 502); nothing was sent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aProxyAskingForCredentialsSaysWhereToPutThem() {
    server.enqueue(
        new MockResponse.Builder()
            .code(407)
            .addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
            .build());
    assertThatThrownBy(client(REMOTE, Map.of("HTTPS_PROXY", proxyUrl()))::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The proxy "
                          + proxyUrl()
                          + " (from HTTPS_PROXY) asks for credentials (HTTP 407)");
              assertThat(e.hint())
                  .isEqualTo(
                      "Nothing reached BorgBase. Put the proxy's user name and password in the URL:"
                          + " HTTPS_PROXY=http://USER:PASSWORD@127.0.0.1:"
                          + server.getPort()
                          + " (percent-encode special characters); borgform never prints them.");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void credentialsGoWithTheFirstConnectAndARefusalIsNotRetried() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(407)
            .addHeader("Proxy-Authenticate", "Basic realm=\"corp\"")
            .build());
    String password = "pa55-w0rd:secret";
    BorgBaseClient c =
        client(
            REMOTE,
            Map.of("HTTPS_PROXY", "http://alice:pa55-w0rd%3Asecret@127.0.0.1:" + server.getPort()));
    assertThatThrownBy(c::read)
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The proxy "
                          + proxyUrl()
                          + " (from HTTPS_PROXY) refused the credentials in HTTPS_PROXY (HTTP 407)");
              assertThat(e.getMessage() + ((ApiException) e).hint())
                  .doesNotContain(password, "alice");
            });
    RecordedRequest connect = server.takeRequest();
    assertThat(connect.getHeaders().get("Proxy-Authorization"))
        .isEqualTo(Credentials.basic("alice", password));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(String.join("\n", httpLog)).doesNotContain(password, "pa55");
  }

  @Test
  void aProxyThatCannotBeReachedIsTriedAgainLikeAnyRefusedConnection() {
    server.close();
    BorgBaseClient c = client(REMOTE, Map.of("HTTPS_PROXY", proxyUrl()));
    assertThatThrownBy(c::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith("Could not reach the proxy " + proxyUrl() + " (from HTTPS_PROXY): ")
                  .contains("ConnectException")
                  .endsWith("(gave up after 5 attempts in 5.6 s)");
              assertThat(e.hint())
                  .isEqualTo(
                      "Nothing reached BorgBase. Check HTTPS_PROXY, or add api.borgbase.invalid to"
                          + " NO_PROXY to connect without the proxy.");
            });
    assertThat(notices).hasSize(4);
  }

  // ---- plain http through a local proxy --------------------------------------------------------

  @Test
  void anHttpEndpointGoesThroughALocalProxyWithItsCredentialsAndTheDebugLogSaysSo()
      throws Exception {
    server.enqueue(new MockResponse.Builder().body(EMPTY_ACCOUNT).build());
    BorgBaseClient c =
        client(
            "http://127.0.0.1:1/graphql",
            Map.of("http_proxy", "http://bob:hunter22@127.0.0.1:" + server.getPort()));
    assertThat(c.read().keys()).isEmpty();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getRequestLine()).isEqualTo("POST http://127.0.0.1:1/graphql HTTP/1.1");
    assertThat(r.getHeaders().get("Proxy-Authorization"))
        .isEqualTo(Credentials.basic("bob", "hunter22"));
    assertThat(httpLog.get(0)).isEqualTo("POST http://127.0.0.1:1/graphql");
    assertThat(httpLog.get(1))
        .isEqualTo(
            "  via proxy " + proxyUrl() + " (from http_proxy): plain http, forwarded by the proxy");
  }

  @Test
  void aPageFromAForwardingProxyIsNamedAsThroughTheProxy() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(200).body("<html>proxy login</html>").build());
    }
    BorgBaseClient c = client("http://127.0.0.1:1/graphql", Map.of("HTTP_PROXY", proxyUrl()));
    assertThatThrownBy(c::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage())
                  .startsWith(
                      "BorgBase's answer to the account read was not understood: the answer is not"
                          + " JSON (HTTP 200, through the proxy "
                          + proxyUrl()
                          + " (from HTTP_PROXY))");
              assertThat(e.hint())
                  .isEqualTo(
                      "The proxy may have answered instead of BorgBase: check HTTP_PROXY and"
                          + " NO_PROXY, and --endpoint / BORGBASE_API_URL.");
            });
  }

  @Test
  void a407FromAForwardingProxyIsAProxyErrorNotRetried() {
    server.enqueue(new MockResponse.Builder().code(407).body("auth").build());
    BorgBaseClient c = client("http://127.0.0.1:1/graphql", Map.of("HTTP_PROXY", proxyUrl()));
    assertThatThrownBy(c::read)
        .hasMessage(
            "The proxy " + proxyUrl() + " (from HTTP_PROXY) asks for credentials (HTTP 407)");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- TLS -------------------------------------------------------------------------------------

  private static final HeldCertificate CA =
      new HeldCertificate.Builder()
          .certificateAuthority(0)
          .commonName("test company CA")
          .duration(1, TimeUnit.DAYS)
          .build();

  private void serveHttps(String... names) {
    HeldCertificate.Builder b =
        new HeldCertificate.Builder().commonName("server").duration(1, TimeUnit.DAYS).signedBy(CA);
    for (String n : names) b.addSubjectAlternativeName(n);
    HandshakeCertificates certs =
        new HandshakeCertificates.Builder().heldCertificate(b.build(), CA.certificate()).build();
    server.useHttps(certs.sslSocketFactory());
  }

  private String httpsUrl() {
    return "https://127.0.0.1:" + server.getPort() + "/graphql";
  }

  @Test
  void anUntrustedCertificateNamesTheHostAndTheVariableToSetAndIsNotRetried() {
    serveHttps("127.0.0.1");
    BorgBaseClient c = client(httpsUrl(), Map.of());
    assertThatThrownBy(c::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Could not reach BorgBase at "
                          + httpsUrl()
                          + ": the TLS certificate of 127.0.0.1 is not signed by a trusted"
                          + " certificate authority");
              assertThat(e.hint())
                  .startsWith("Nothing was sent. If a company proxy or firewall inspects HTTPS")
                  .contains("set SSL_CERT_FILE to a PEM file");
            });
    assertThat(server.getRequestCount()).isZero();
    assertThat(notices).isEmpty();

    MutationResult r = c.submit(List.of(addKey())).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
    assertThat(r.message())
        .isEqualTo(
            "could not reach BorgBase: the TLS certificate of 127.0.0.1 is not signed by a trusted"
                + " certificate authority; nothing was sent");
    assertThat(notices).isEmpty();
  }

  @Test
  void aHandshakeThatTimesOutIsTriedAgainUnlikeARefusedCertificate() throws Exception {
    List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread accept =
          new Thread(
              () -> {
                try {
                  while (true) held.add(silent.accept()); // accepts, never answers the handshake
                } catch (java.io.IOException e) {
                  // closed
                }
              });
      accept.setDaemon(true);
      accept.start();
      Endpoint e = Endpoint.parse("https://127.0.0.1:" + silent.getLocalPort() + "/graphql");
      BorgBaseClient c =
          new BorgBaseClient(
              new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build(),
              e,
              Token.of(SECRET),
              "borgform/test",
              ClientOptions.defaults().withTiming(timing, () -> 0.5).withNotices(notices::add),
              Network.direct(),
              GraphQlTransport.MAX_ANSWER_BYTES);
      clients.add(c);
      assertThatThrownBy(c::read)
          .hasMessageContaining("SocketTimeoutException")
          .hasMessageEndingWith("(gave up after 5 attempts in 5.6 s)");
      assertThat(notices).hasSize(4);
      assertThat(held).hasSize(5);
    } finally {
      for (java.net.Socket s : held) s.close();
    }
  }

  @Test
  void theCaInSslCertFileIsTrustedBesidesTheJdksOwn() throws Exception {
    serveHttps("127.0.0.1");
    Files.writeString(dir.resolve("company.pem"), CA.certificatePem());
    server.enqueue(new MockResponse.Builder().body(EMPTY_ACCOUNT).build());
    BorgBaseClient c = client(httpsUrl(), Map.of("SSL_CERT_FILE", "company.pem"));
    assertThat(c.read().repos()).isEmpty();
    assertThat(httpLog.get(1))
        .isEqualTo(
            "  trusting the JDK's CAs, and where they do not suffice SSL_CERT_FILE=company.pem");
  }

  @Test
  void aCertificateForAnotherNameIsRefusedEvenFromATrustedCa() throws Exception {
    serveHttps("other.example");
    Files.writeString(dir.resolve("company.pem"), CA.certificatePem());
    BorgBaseClient c = client(httpsUrl(), Map.of("SSL_CERT_FILE", "company.pem"));
    assertThatThrownBy(c::read)
        .hasMessage(
            "Could not reach BorgBase at "
                + httpsUrl()
                + ": the TLS certificate of 127.0.0.1 is not valid for the name 127.0.0.1");
  }

  @Test
  void aCertificateFileWithoutCertificatesIsNamedWhenItIsNeeded() throws Exception {
    serveHttps("127.0.0.1");
    Files.writeString(dir.resolve("text.pem"), "not a certificate\n");
    BorgBaseClient c = client(httpsUrl(), Map.of("SSL_CERT_FILE", "text.pem"));
    assertThatThrownBy(c::read)
        .hasMessage(
            "Could not reach BorgBase at "
                + httpsUrl()
                + ": the TLS certificate of 127.0.0.1 is not signed by a CA Java trusts, and"
                + " SSL_CERT_FILE=text.pem is not a PEM certificate file: No certificate data"
                + " found");
    assertThat(notices).isEmpty();
  }

  @Test
  void whenTheGivenCasDoNotHelpTheHintSaysWhichWereTried() throws Exception {
    serveHttps("127.0.0.1");
    HeldCertificate other =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("other CA").build();
    Files.writeString(dir.resolve("other.pem"), other.certificatePem());
    BorgBaseClient c = client(httpsUrl(), Map.of("SSL_CERT_FILE", "other.pem"));
    assertThatThrownBy(c::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.hint())
                    .endsWith(
                        "Trusted now besides Java's CAs: SSL_CERT_FILE=other.pem (1 certificate),"
                            + " which did not help."));
  }
}
