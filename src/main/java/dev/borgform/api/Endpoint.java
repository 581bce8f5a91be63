package dev.borgform.api;

import dev.borgform.diag.Printable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked API endpoint. Plain {@code http://} is accepted only for loopback hosts (the emulator):
 * anywhere else the token would cross the network in clear text.
 */
public record Endpoint(String url) {
  public static final String DEFAULT = "https://api.borgbase.com/graphql";

  /**
   * True when the endpoint is reached over TLS ({@code https}); an {@code http} endpoint (the
   * emulator, the sandbox, a local proxy) never is, as redirects are never followed.
   */
  public boolean isTls() {
    return url.regionMatches(true, 0, "https:", 0, 6);
  }

  /** Throws {@link IllegalArgumentException} with a message fit for the user. */
  public static Endpoint parse(String raw) {
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "\""
              + shown(raw)
              + "\" is not a URL"
              + (raw.strip().contains(" ") ? " (it holds a space)" : ""));
    }
    if (uri.getRawUserInfo() != null || CREDENTIALS.matcher(raw).find()) {
      throw new IllegalArgumentException(
          "\""
              + shown(raw)
              + "\" holds credentials (user:password@); the endpoint URL must not, and they are"
              + " not shown");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "\"" + shown(raw) + "\" is not an http(s) URL such as " + DEFAULT);
    }
    if (scheme.equals("http") && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "refusing plain http:// to "
              + host
              + ": the token would travel in clear text;"
              + " use https://, or http:// only to a local emulator (localhost, 127.0.0.1, ::1)");
    }
    return new Endpoint(uri.toString());
  }

  /** {@code scheme://user:password@}: the credentials of a URL, however malformed the rest. */
  private static final Pattern CREDENTIALS =
      Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");

  /** Longer text is cut: an endpoint is a short URL, not a paste of something else. */
  private static final int MAX_SHOWN = 100;

  /**
   * The URL as messages may show it: without anything before an {@code @} in its authority (a
   * password), made printable and cut short.
   */
  static String shown(String raw) {
    String s =
        CREDENTIALS
            .matcher(raw)
            .replaceFirst(m -> Matcher.quoteReplacement(scheme(m.group()) + "***@"));
    return Printable.excerpt(s.strip(), MAX_SHOWN);
  }

  private static String scheme(String credentials) {
    return credentials.substring(0, credentials.indexOf("://") + 3);
  }

  /**
   * The URL in one spelling per endpoint, for binding a saved plan to it: scheme and host in lower
   * case, the default port left out, no trailing fragment. {@code
   * https://API.borgbase.com:443/graphql} and {@code https://api.borgbase.com/graphql} are one
   * endpoint.
   */
  public String canonical() {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port)
        + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) return true;
    // Only literal addresses: never resolve a name here (that would be a DNS lookup).
    if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
