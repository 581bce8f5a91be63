package dev.borgform.api;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP proxy a request goes through, as a proxy variable named it. HTTPS goes through it in a
 * CONNECT tunnel, so the proxy sees the host and port but neither the token nor the GraphQL
 * documents. Credentials come from the URL ({@code http://USER:PASSWORD@proxy:3128}) and are sent
 * only to the proxy, as {@code Proxy-Authorization}; they are never shown: {@link #toString()} and
 * every message name the proxy as {@code http://host:port}.
 */
public final class HttpProxy {
  private final String variable;
  private final String host;
  private final int port;
  private final @Nullable String username;
  private final @Nullable String password;
  private final List<String> secrets;

  /** Set when the proxy answered 407 (it wants, or refused, credentials) since the last reset. */
  private volatile boolean challenged;

  private HttpProxy(
      String variable,
      String host,
      int port,
      @Nullable String username,
      @Nullable String password,
      List<String> secrets) {
    this.variable = variable;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.secrets = List.copyOf(secrets);
  }

  /**
   * Reads a proxy variable's value: {@code http://[USER[:PASSWORD]@]HOST[:PORT][/]}, or {@code
   * HOST[:PORT]} (http is meant, as curl and Go read it). The port defaults to 80, as for any http
   * URL. TLS to the proxy itself ({@code https://}) and SOCKS are not supported: OkHttp, which
   * borgform uses, speaks plain HTTP to proxies (HTTPS to BorgBase is still encrypted end to end
   * through the tunnel).
   *
   * @throws IllegalArgumentException with a message that never repeats the value (it may hold a
   *     password)
   */
  static HttpProxy parse(String variable, String value) {
    String raw = value.strip();
    int sep = raw.indexOf("://");
    String scheme = sep < 0 ? "http" : raw.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(
          variable
              + " names a "
              + scheme
              + ":// proxy; borgform reaches proxies over plain http:// only"
              + " (HTTPS to BorgBase stays encrypted end to end through the proxy's tunnel)."
              + " Use the proxy's http:// address, e.g. http://proxy.example.com:3128");
    }
    HttpUrl url = HttpUrl.parse(sep < 0 ? "http://" + raw : raw);
    if (url == null || url.host().isEmpty()) {
      throw new IllegalArgumentException(
          variable + " is not a proxy URL such as http://proxy.example.com:3128");
    }
    String user = url.username().isEmpty() ? null : url.username();
    String pass = url.password().isEmpty() ? null : url.password();
    List<String> secrets = new ArrayList<>();
    if (pass != null) {
      secrets.add(pass);
      secrets.add(url.encodedPassword());
    }
    return new HttpProxy(variable, url.host(), url.port(), user, pass, secrets);
  }

  /** The variable that named this proxy, e.g. {@code HTTPS_PROXY} or {@code https_proxy}. */
  public String variable() {
    return variable;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  boolean hasCredentials() {
    return username != null || password != null;
  }

  /** The {@code Proxy-Authorization} header value, or null without credentials. */
  @Nullable String proxyAuthorization() {
    if (!hasCredentials()) return null;
    return Credentials.basic(
        username == null ? "" : username, password == null ? "" : password, StandardCharsets.UTF_8);
  }

  /** Forms of the password as they could appear in text, for the run's output scrubber. */
  public List<String> secrets() {
    return secrets;
  }

  /** {@code http://host:port}: never the credentials. */
  public String display() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code http://host:port (from HTTPS_PROXY)}. */
  String described() {
    return display() + " (from " + variable + ")";
  }

  /**
   * True for a proxy on this machine (loopback), where plain HTTP to it never crosses a network.
   */
  boolean isLoopback() {
    byte[] a = NoProxy.literal(host);
    if (a == null) return host.equalsIgnoreCase("localhost");
    try {
      return java.net.InetAddress.getByAddress(a).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  Proxy javaProxy() {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  void resetChallenge() {
    challenged = false;
  }

  boolean wasChallenged() {
    return challenged;
  }

  /**
   * Answers the proxy's 407. OkHttp asks first with a made-up challenge ("OkHttp-Preemptive")
   * before opening a tunnel, so credentials go with the first CONNECT and no round trip is lost. A
   * real 407 after credentials were sent means they were refused: no second try.
   */
  @Nullable Authenticator authenticator() {
    return new Authenticator() {
      @Override
      public @Nullable Request authenticate(Route route, Response response) {
        boolean preemptive = "OkHttp-Preemptive".equals(response.header("Proxy-Authenticate"));
        if (!preemptive) challenged = true;
        if (!hasCredentials()) return null;
        if (!preemptive && response.request().header("Proxy-Authorization") != null) return null;
        return response
            .request()
            .newBuilder()
            .header("Proxy-Authorization", proxyAuthorization())
            .build();
      }
    };
  }

  @Override
  public String toString() {
    return described();
  }
}
