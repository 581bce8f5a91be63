package dev.borgform.api;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code NO_PROXY}: the hosts reached without the proxy, read as curl and Go tools read it.
 *
 * <ul>
 *   <li>A comma- (or space-) separated list; case does not matter; empty entries are skipped.
 *   <li>{@code *} alone: no host uses the proxy.
 *   <li>A domain name matches itself and every name below it: {@code example.com} matches {@code
 *       example.com} and {@code api.example.com}, never {@code badexample.com}. A leading {@code .}
 *       or {@code *.} is dropped first ({@code .example.com} also matches {@code example.com}, as
 *       curl has it; Go would match only the names below it).
 *   <li>An IP address matches that address, whatever its spelling ({@code ::1} and {@code
 *       0:0:0:0:0:0:0:1}); a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}) matches the
 *       addresses in it. Only endpoints given by address match these: names are never resolved
 *       here.
 *   <li>{@code host:port} (or {@code [v6]:port}) matches that host on that port only (Go).
 * </ul>
 */
final class NoProxy {
  private final List<Entry> entries;
  private final boolean all;

  private NoProxy(List<Entry> entries, boolean all) {
    this.entries = entries;
    this.all = all;
  }

  static NoProxy parse(@Nullable String value) {
    List<Entry> entries = new ArrayList<>();
    boolean all = false;
    if (value != null) {
      for (String raw : value.split("[,\\s]+")) {
        String e = raw.strip().toLowerCase(Locale.ROOT);
        if (e.isEmpty()) continue;
        if (e.equals("*")) {
          all = true;
          continue;
        }
        entries.add(Entry.parse(e));
      }
    }
    return new NoProxy(List.copyOf(entries), all);
  }

  /**
   * True when requests to {@code host} (as in a URL, IPv6 without brackets) on {@code port} go
   * direct.
   */
  boolean matches(String host, int port) {
    if (all) return true;
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    byte[] address = literal(h);
    for (Entry e : entries) {
      if (e.port > 0 && e.port != port) continue;
      if (e.matches(h, address)) return true;
    }
    return false;
  }

  /** The address of an IP literal, or null for a name (never a DNS lookup). */
  static byte @Nullable [] literal(String host) {
    boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
    if (!v4 && !v6) return null;
    try {
      // For a literal, getByName only parses: no lookup happens.
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  /** One entry: a domain, an address or a block of addresses, with an optional port. */
  private static final class Entry {
    final @Nullable String domain;
    final byte @Nullable [] network;
    final int prefixBits;
    final int port;

    private Entry(@Nullable String domain, byte @Nullable [] network, int prefixBits, int port) {
      this.domain = domain;
      this.network = network;
      this.prefixBits = prefixBits;
      this.port = port;
    }

    static Entry parse(String text) {
      String e = text;
      int port = 0;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close > 0) {
          String rest = e.substring(close + 1);
          if (rest.matches(":\\d{1,5}")) port = Integer.parseInt(rest.substring(1));
          e = e.substring(1, close);
        }
      } else if (e.indexOf(':') == e.lastIndexOf(':') && e.matches(".*:\\d{1,5}")) {
        // One colon: host:port (an IPv6 address has at least two).
        port = Integer.parseInt(e.substring(e.indexOf(':') + 1));
        e = e.substring(0, e.indexOf(':'));
      }
      int slash = e.indexOf('/');
      if (slash > 0 && e.substring(slash + 1).matches("\\d{1,3}")) {
        byte[] net = literal(e.substring(0, slash));
        int bits = Integer.parseInt(e.substring(slash + 1));
        if (net != null && bits <= net.length * 8) return new Entry(null, net, bits, port);
      }
      byte[] address = literal(e);
      if (address != null) return new Entry(null, address, address.length * 8, port);
      if (e.startsWith("*.")) e = e.substring(2);
      while (e.startsWith(".")) e = e.substring(1);
      if (e.endsWith(".")) e = e.substring(0, e.length() - 1);
      return new Entry(e, null, 0, port);
    }

    boolean matches(String host, byte @Nullable [] address) {
      if (domain != null) {
        return !domain.isEmpty() && (host.equals(domain) || host.endsWith("." + domain));
      }
      if (address == null || network == null || address.length != network.length) return false;
      int drop = network.length * 8 - prefixBits;
      BigInteger a = new BigInteger(1, address).shiftRight(drop);
      BigInteger n = new BigInteger(1, network).shiftRight(drop);
      return a.equals(n);
    }
  }
}
