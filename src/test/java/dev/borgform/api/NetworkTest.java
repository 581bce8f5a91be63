package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which proxy and which extra CAs the variables of a command's environment ask for. */
class NetworkTest {
  private static final Endpoint HTTPS = Endpoint.parse("https://api.borgbase.com/graphql");
  private static final Endpoint LOCAL = Endpoint.parse("http://127.0.0.1:8080/graphql");
  private static final String PASSWORD = "s3cret-pa55word";

  @TempDir Path dir;

  private Network network(Map<String, String> env, Endpoint endpoint) {
    return Network.fromEnvironment(env, dir, endpoint);
  }

  static Stream<Arguments> routes() {
    return Stream.of(
        // variables, endpoint, expected --debug line ("" = nothing said)
        Arguments.of(Map.of(), HTTPS, ""),
        Arguments.of(
            Map.of("HTTPS_PROXY", "http://proxy.example:3128"),
            HTTPS,
            "via proxy http://proxy.example:3128 (from HTTPS_PROXY): a CONNECT tunnel to"
                + " api.borgbase.com:443, TLS end to end"),
        Arguments.of(
            Map.of("https_proxy", "proxy.example:3128"),
            HTTPS,
            "via proxy http://proxy.example:3128 (from https_proxy): a CONNECT tunnel to"
                + " api.borgbase.com:443, TLS end to end"),
        // Both spellings: lower case wins, as in curl.
        Arguments.of(
            Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2"),
            HTTPS,
            "via proxy http://lower:1 (from https_proxy): a CONNECT tunnel to"
                + " api.borgbase.com:443, TLS end to end"),
        // An empty variable is unset.
        Arguments.of(
            Map.of("https_proxy", "", "HTTPS_PROXY", "http://upper:2"),
            HTTPS,
            "via proxy http://upper:2 (from HTTPS_PROXY): a CONNECT tunnel to"
                + " api.borgbase.com:443, TLS end to end"),
        // No port: 80, as for any http URL (Go's reading).
        Arguments.of(
            Map.of("HTTPS_PROXY", "http://proxy.example"),
            HTTPS,
            "via proxy http://proxy.example:80 (from HTTPS_PROXY): a CONNECT tunnel to"
                + " api.borgbase.com:443, TLS end to end"),
        // An http endpoint reads only the http variables.
        Arguments.of(Map.of("HTTPS_PROXY", "http://proxy.example:3128"), LOCAL, ""),
        Arguments.of(
            Map.of("http_proxy", "http://127.0.0.1:3128"),
            LOCAL,
            "via proxy http://127.0.0.1:3128 (from http_proxy): plain http, forwarded by the"
                + " proxy"),
        Arguments.of(
            Map.of("HTTP_PROXY", "http://localhost:3128"),
            LOCAL,
            "via proxy http://localhost:3128 (from HTTP_PROXY): plain http, forwarded by the"
                + " proxy"),
        Arguments.of(
            Map.of("HTTPS_PROXY", "http://proxy.example:3128", "NO_PROXY", "borgbase.com"),
            HTTPS,
            "direct: NO_PROXY matches api.borgbase.com, so HTTPS_PROXY is not used"),
        Arguments.of(
            Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128",
                "no_proxy", "borgbase.com",
                "NO_PROXY", "other.example"),
            HTTPS,
            "direct: no_proxy matches api.borgbase.com, so HTTPS_PROXY is not used"),
        // A non-loopback proxy for a plain-http endpoint is fine once NO_PROXY skips it.
        Arguments.of(
            Map.of("http_proxy", "http://proxy.example:3128", "no_proxy", "127.0.0.1"),
            LOCAL,
            "direct: no_proxy matches 127.0.0.1, so http_proxy is not used"));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void theRouteIsChosenAsCurlChoosesIt(Map<String, String> env, Endpoint endpoint, String said) {
    assertThat(network(env, endpoint).describe()).isEqualTo(said);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "HTTPS_PROXY",
            "https://user:" + PASSWORD + "@proxy.example:3128",
            "HTTPS_PROXY names a https:// proxy; borgform reaches proxies over plain http:// only"
                + " (HTTPS to BorgBase stays encrypted end to end through the proxy's tunnel). Use"
                + " the proxy's http:// address, e.g. http://proxy.example.com:3128"),
        Arguments.of(
            "HTTPS_PROXY",
            "socks5://user:" + PASSWORD + "@proxy.example:1080",
            "HTTPS_PROXY names a socks5:// proxy; borgform reaches proxies over plain http:// only"
                + " (HTTPS to BorgBase stays encrypted end to end through the proxy's tunnel). Use"
                + " the proxy's http:// address, e.g. http://proxy.example.com:3128"),
        Arguments.of(
            "HTTPS_PROXY",
            "http://user:" + PASSWORD + "@proxy example:3128",
            "HTTPS_PROXY is not a proxy URL such as http://proxy.example.com:3128"),
        Arguments.of(
            "HTTPS_PROXY",
            "http://user:" + PASSWORD + "@:3128",
            "HTTPS_PROXY is not a proxy URL such as http://proxy.example.com:3128"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void aProxyUrlThatCannotBeUsedIsRefusedWithoutRepeatingIt(
      String variable, String value, String message) {
    assertThatThrownBy(() -> network(Map.of(variable, value), HTTPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void plainHttpToAProxyOnAnotherMachineIsRefusedBecauseTheTokenWouldTravelInClear() {
    assertThatThrownBy(
            () -> network(Map.of("http_proxy", "http://u:" + PASSWORD + "@proxy:3128"), LOCAL))
        .hasMessage(
            "http_proxy names the proxy http://proxy:3128, which is not on this machine, and the"
                + " endpoint http://127.0.0.1:8080/graphql is plain http: the token would cross"
                + " the network to the proxy in clear text. Add 127.0.0.1 to NO_PROXY to reach the"
                + " endpoint directly");
  }

  @Test
  void theProxyPasswordIsASecretAsWrittenAndAsDecodedAndIsNeverShown() {
    Network n =
        network(Map.of("HTTPS_PROXY", "http://alice:p%40ss%3Aword-1@proxy.example:3128"), HTTPS);
    assertThat(n.secrets()).containsExactly("p@ss:word-1", "p%40ss%3Aword-1");
    HttpProxy proxy = n.proxy().orElseThrow();
    assertThat(proxy.proxyAuthorization())
        .isEqualTo(okhttp3.Credentials.basic("alice", "p@ss:word-1"));
    assertThat(proxy + proxy.display() + n + n.describe())
        .doesNotContain("p@ss", "p%40ss", "alice");
  }

  // ---- SSL_CERT_FILE / SSL_CERT_DIR -----------------------------------------------------------

  private static String pem(String name) {
    return new HeldCertificate.Builder()
        .certificateAuthority(0)
        .commonName(name)
        .duration(1, TimeUnit.DAYS)
        .build()
        .certificatePem();
  }

  @Test
  void aBundleWithManyCertificatesAndTextBetweenThemIsReadWholeWhenNeeded() throws Exception {
    Files.writeString(
        dir.resolve("bundle.pem"),
        "# Company CAs\n" + pem("a") + "Issuer: someone\n\n" + pem("b") + pem("c"));
    Network n = network(Map.of("SSL_CERT_FILE", "bundle.pem"), HTTPS);
    assertThat(n.describe())
        .isEqualTo(
            "trusting the JDK's CAs, and where they do not suffice SSL_CERT_FILE=bundle.pem");
    assertThat(n.trust().certificates()).hasSize(3);
    assertThat(n.trust().source()).isEqualTo("SSL_CERT_FILE=bundle.pem (3 certificates)");
  }

  @Test
  void aFolderAddsEveryPemFileInItOnceAndSkipsOtherFilesAsGoDoes() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("a.pem"), pem("a"));
    Files.writeString(certs.resolve("b.crt"), pem("b") + pem("c"));
    Files.writeString(certs.resolve("README"), "not a certificate\n");
    // OpenSSL's hash links point at the same files: read once.
    Files.createSymbolicLink(certs.resolve("5ed36f99.0"), certs.resolve("a.pem"));
    Path more = Files.createDirectories(dir.resolve("more"));
    Files.writeString(more.resolve("d.pem"), pem("d"));
    Network n =
        network(
            Map.of("SSL_CERT_DIR", certs + java.io.File.pathSeparator + more, "SSL_CERT_FILE", ""),
            HTTPS);
    assertThat(n.describe())
        .isEqualTo(
            "trusting the JDK's CAs, and where they do not suffice SSL_CERT_DIR "
                + certs
                + ", SSL_CERT_DIR "
                + more);
    assertThat(n.trust().certificates()).hasSize(4);
    assertThat(n.trust().source())
        .isEqualTo(
            "SSL_CERT_DIR "
                + certs
                + " (3 certificates), SSL_CERT_DIR "
                + more
                + " (1 certificate)");
  }

  /** Systems often set SSL_CERT_FILE to a bundle inside SSL_CERT_DIR: it is read once. */
  @Test
  void theBundleOfSslCertFileIsNotReadAgainFromItsFolder() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Files.writeString(certs.resolve("ca-certificates.crt"), pem("a") + pem("b"));
    Files.writeString(certs.resolve("c.pem"), pem("c"));
    Network n =
        network(
            Map.of(
                "SSL_CERT_FILE", certs.resolve("ca-certificates.crt").toString(),
                "SSL_CERT_DIR", certs.toString()),
            HTTPS);
    assertThat(n.trust().certificates()).hasSize(3);
    assertThat(n.trust().source())
        .endsWith("(2 certificates), SSL_CERT_DIR " + certs + " (1 certificate)");
  }

  @Test
  void certificatesDoNotMatterToAPlainHttpEndpoint() {
    assertThat(network(Map.of("SSL_CERT_FILE", "missing.pem"), LOCAL).describe()).isEmpty();
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of(
            Map.of("SSL_CERT_FILE", "missing.pem"),
            "SSL_CERT_FILE=missing.pem is not a readable file"),
        Arguments.of(Map.of("SSL_CERT_FILE", "."), "SSL_CERT_FILE=. is not a readable file"),
        Arguments.of(
            Map.of("SSL_CERT_DIR", "nowhere"),
            "SSL_CERT_DIR names nowhere, which is not a folder"));
  }

  @ParameterizedTest
  @MethodSource("missing")
  void aCertificateVariableNamingNothingIsAnErrorAtOnce(Map<String, String> env, String message) {
    assertThatThrownBy(() -> network(env, HTTPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> unusable() {
    return Stream.of(
        Arguments.of(
            Map.of("SSL_CERT_FILE", "empty.pem"),
            "SSL_CERT_FILE=empty.pem holds no certificate (a PEM file has -----BEGIN"
                + " CERTIFICATE----- blocks)"),
        Arguments.of(
            Map.of("SSL_CERT_FILE", "text.pem"),
            "SSL_CERT_FILE=text.pem is not a PEM certificate file: No certificate data found"),
        Arguments.of(
            Map.of("SSL_CERT_DIR", "junk"),
            "SSL_CERT_DIR junk holds no PEM certificate in any of its files"));
  }

  /**
   * A file that holds no certificate is an error only when its certificates are needed (the JDK's
   * CAs refused a server): reading them costs time every run should not pay.
   */
  @ParameterizedTest
  @MethodSource("unusable")
  void aCertificateVariableThatYieldsNoCertificateIsAnErrorWhenNeeded(
      Map<String, String> env, String message) throws Exception {
    Files.writeString(dir.resolve("empty.pem"), "");
    Files.writeString(dir.resolve("text.pem"), "hello\n");
    Files.createDirectories(dir.resolve("junk"));
    Files.writeString(dir.resolve("junk").resolve("x.txt"), "hello\n");
    Network n = network(env, HTTPS);
    assertThatThrownBy(() -> n.trust().certificates())
        .isInstanceOf(TrustedCertificates.Unusable.class)
        .hasMessage(message);
  }
}
