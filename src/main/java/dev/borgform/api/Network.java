package dev.borgform.api;

import java.net.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * How requests reach the endpoint: directly or through an HTTP proxy, and which certificate
 * authorities are trusted besides the JDK's. Read from the environment as curl and Go tools read
 * it, from the variables of the command's environment (never the process's own, so tests and
 * embedders decide):
 *
 * <ul>
 *   <li>{@code https_proxy} / {@code HTTPS_PROXY} for an https endpoint; {@code http_proxy} /
 *       {@code HTTP_PROXY} for an http one (plain http is only ever allowed to a loopback endpoint,
 *       such as an emulator). When both spellings are set, the lower-case one wins, as in curl (Go
 *       prefers upper case; curl reads {@code http_proxy} only in lower case, borgform reads both).
 *   <li>{@code no_proxy} / {@code NO_PROXY} (lower case first, as curl): see {@link NoProxy}.
 *       Loopback hosts are not exempt by themselves (curl's behaviour; Go never proxies them): list
 *       them in {@code NO_PROXY} to reach a local emulator directly.
 *   <li>{@code SSL_CERT_FILE} / {@code SSL_CERT_DIR}: see {@link TrustedCertificates}.
 *   <li>{@code ALL_PROXY} and the JVM's {@code -Dhttps.proxyHost} are not read: one documented set
 *       of variables, the one CI systems and container images set.
 * </ul>
 *
 * <p>A plain-http endpoint through a proxy that is not on this machine is refused: the token would
 * cross the network in clear text to reach it, which the endpoint check exists to prevent.
 */
public final class Network {
  private static final Network DIRECT = new Network(null, "", TrustedCertificates.NONE);

  private final @Nullable HttpProxy proxy;
  private final String route;
  private final TrustedCertificates trust;

  private Network(@Nullable HttpProxy proxy, String route, TrustedCertificates trust) {
    this.proxy = proxy;
    this.route = route;
    this.trust = trust;
  }

  /** Straight to the endpoint, trusting the JDK's CAs only (the sandbox, tests). */
  public static Network direct() {
    return DIRECT;
  }

  /**
   * The route to {@code endpoint} that the variables in {@code env} ask for.
   *
   * @param workingDir relative certificate paths are taken from here
   * @throws IllegalArgumentException with a message for the user, which names variables and paths
   *     but never a proxy's credentials
   */
  public static Network fromEnvironment(
      Map<String, String> env, Path workingDir, Endpoint endpoint) {
    HttpUrl url = HttpUrl.get(endpoint.url());
    boolean https = url.isHttps();
    String lower = https ? "https_proxy" : "http_proxy";
    String upper = https ? "HTTPS_PROXY" : "HTTP_PROXY";
    String variable = set(env, lower) ? lower : set(env, upper) ? upper : null;
    String noProxyVariable = set(env, "no_proxy") ? "no_proxy" : "NO_PROXY";
    TrustedCertificates trust =
        https ? TrustedCertificates.fromEnvironment(env, workingDir) : TrustedCertificates.NONE;
    if (variable == null) return new Network(null, "", trust);
    if (NoProxy.parse(env.get(noProxyVariable)).matches(url.host(), url.port())) {
      return new Network(
          null,
          "direct: "
              + noProxyVariable
              + " matches "
              + url.host()
              + ", so "
              + variable
              + " is not used",
          trust);
    }
    // The variable was chosen because it is set.
    HttpProxy proxy = HttpProxy.parse(variable, Objects.requireNonNull(env.get(variable)));
    if (!https && !proxy.isLoopback()) {
      throw new IllegalArgumentException(
          variable
              + " names the proxy "
              + proxy.display()
              + ", which is not on this machine, and the endpoint "
              + endpoint.url()
              + " is plain http: the token would cross the network to the proxy in clear text."
              + " Add "
              + url.host()
              + " to NO_PROXY to reach the endpoint directly");
    }
    String how =
        https
            ? ": a CONNECT tunnel to " + url.host() + ":" + url.port() + ", TLS end to end"
            : ": plain http, forwarded by the proxy";
    return new Network(proxy, "via proxy " + proxy.described() + how, trust);
  }

  private static boolean set(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  /** The proxy requests go through, if any. */
  public Optional<HttpProxy> proxy() {
    return Optional.ofNullable(proxy);
  }

  /** Values a run must scrub from its output: the proxy's password, as given and as decoded. */
  public List<String> secrets() {
    return proxy == null ? List.of() : proxy.secrets();
  }

  /** What {@code --debug} says about the route and the trusted CAs; empty when nothing is set. */
  String describe() {
    StringBuilder sb = new StringBuilder(route);
    if (!trust.isEmpty()) {
      if (sb.length() > 0) sb.append("; ");
      sb.append("trusting the JDK's CAs, and where they do not suffice ").append(trust.source());
    }
    return sb.toString();
  }

  /** How requests go: through which proxy and how, or why none is used; empty when direct. */
  String route() {
    return route;
  }

  TrustedCertificates trust() {
    return trust;
  }

  /**
   * The route and trust on an OkHttp client. With no proxy, {@link Proxy#NO_PROXY}: the JVM's own
   * proxy settings are not consulted, so only the documented variables count.
   */
  void applyTo(OkHttpClient.Builder builder) {
    if (proxy == null) {
      builder.proxy(Proxy.NO_PROXY);
    } else {
      builder.proxy(proxy.javaProxy()).proxyAuthenticator(proxy.authenticator());
    }
    trust.applyTo(builder);
  }

  @Override
  public String toString() {
    String d = describe();
    return "Network[" + (d.isEmpty() ? "direct" : d) + "]";
  }
}
