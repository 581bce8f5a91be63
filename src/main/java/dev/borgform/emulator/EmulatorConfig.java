package dev.borgform.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How to start an {@link EmulatorServer}.
 *
 * @param host address to bind; loopback by default so the sandbox is never reachable from outside
 * @param port TCP port, 0 for any free port
 * @param stateFile JSON file holding the account, or {@code null} to keep it in memory only
 * @param tokens fixed tokens per level; levels left out get a freshly generated JWT-like token
 * @param seed seed for repo ids and other random values of a new account (an existing state file
 *     carries its own generator position, which then wins)
 * @param maxRepos how many repos the account may hold before {@code repoAdd} fails as over quota
 * @param latency added to every GraphQL request before it is served, to imitate a network round
 *     trip (benchmarks); {@link Duration#ZERO} for none
 * @param maxMutationsPerRequest how many top-level fields one mutation document may hold; a
 *     document with more is refused with HTTP 400 before anything runs, as a server that does not
 *     accept batched (aliased) mutations would. {@link #UNLIMITED} by default, as graphene 2 has no
 *     limit
 * @param faults faults to inject from the start (more can be added while running, see {@link
 *     EmulatorServer#addFault}); rules with a rate draw from generators seeded by {@code seed}
 * @param expiredTokens tokens answered as expired ({@value Caller#EXPIRED}, PyJWT's message),
 *     whatever their level
 * @param limits what one request may cost: body and answer sizes, document size, timeouts
 * @param tlsCaFile {@code null} for plain HTTP; else the emulator serves HTTPS with a certificate
 *     it generates at start, and writes the certificate of the CA that signed it here (PEM), for
 *     clients to trust ({@code SSL_CERT_FILE})
 */
public record EmulatorConfig(
    String host,
    int port,
    @Nullable Path stateFile,
    Map<TokenLevel, String> tokens,
    long seed,
    int maxRepos,
    Duration latency,
    int maxMutationsPerRequest,
    List<FaultRule> faults,
    Set<String> expiredTokens,
    EmulatorLimits limits,
    @Nullable Path tlsCaFile) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final long DEFAULT_SEED = 42L;
  public static final int DEFAULT_MAX_REPOS = 100_000;
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** A minute per request is already far beyond any real network; more is surely a mistake. */
  static final Duration MAX_LATENCY = Duration.ofMinutes(1);

  public EmulatorConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxRepos < 0) {
      throw new IllegalArgumentException("maxRepos must not be negative: " + maxRepos);
    }
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
      throw new IllegalArgumentException(
          "latency must be between 0 and " + MAX_LATENCY + ": " + latency);
    }
    if (maxMutationsPerRequest < 1) {
      throw new IllegalArgumentException(
          "maxMutationsPerRequest must be at least 1: " + maxMutationsPerRequest);
    }
    EnumMap<TokenLevel, String> copy = new EnumMap<>(TokenLevel.class);
    Map<String, TokenLevel> seen = new HashMap<>();
    for (Map.Entry<TokenLevel, String> e :
        (tokens == null ? Map.<TokenLevel, String>of() : tokens).entrySet()) {
      TokenLevel level = Objects.requireNonNull(e.getKey(), "token level");
      String token = e.getValue();
      if (token == null || token.isBlank() || !token.equals(token.strip()) || token.contains(" ")) {
        // Messages never echo the token itself: it is a credential.
        throw new IllegalArgumentException(
            "The " + level.cliName() + " token must be non-empty and contain no spaces");
      }
      TokenLevel other = seen.put(token, level);
      if (other != null) {
        throw new IllegalArgumentException(
            "The "
                + other.cliName()
                + " and "
                + level.cliName()
                + " tokens must differ: a token has exactly one level");
      }
      copy.put(level, token);
    }
    tokens = Collections.unmodifiableMap(copy);
    faults = List.copyOf(faults == null ? List.of() : faults);
    Set<String> expired = new LinkedHashSet<>();
    for (String t : expiredTokens == null ? Set.<String>of() : expiredTokens) {
      if (t == null || t.isBlank() || !t.equals(t.strip()) || t.contains(" ")) {
        throw new IllegalArgumentException(
            "An expired token must be non-empty and contain no spaces");
      }
      if (seen.containsKey(t)) {
        throw new IllegalArgumentException(
            "The " + seen.get(t).cliName() + " token cannot also be expired");
      }
      expired.add(t);
    }
    expiredTokens = Collections.unmodifiableSet(expired);
    Objects.requireNonNull(limits, "limits");
  }

  /** The same configuration with the trailing components as they were before faults existed. */
  private EmulatorConfig with(
      String h,
      int p,
      @Nullable Path f,
      Map<TokenLevel, String> t,
      long s,
      int m,
      Duration l,
      int b) {
    return new EmulatorConfig(h, p, f, t, s, m, l, b, faults, expiredTokens, limits, tlsCaFile);
  }

  /**
   * Loopback, any free port, in memory, generated tokens, {@value #DEFAULT_MAX_REPOS} repos
   * allowed, no added latency, batched mutations accepted.
   */
  public static EmulatorConfig inMemory() {
    return new EmulatorConfig(
        DEFAULT_HOST,
        0,
        null,
        Map.of(),
        DEFAULT_SEED,
        DEFAULT_MAX_REPOS,
        Duration.ZERO,
        UNLIMITED,
        List.of(),
        Set.of(),
        EmulatorLimits.defaults(),
        null);
  }

  public EmulatorConfig withHost(String h) {
    return with(h, port, stateFile, tokens, seed, maxRepos, latency, maxMutationsPerRequest);
  }

  public EmulatorConfig withPort(int p) {
    return with(host, p, stateFile, tokens, seed, maxRepos, latency, maxMutationsPerRequest);
  }

  public EmulatorConfig withStateFile(Path p) {
    return with(host, port, p, tokens, seed, maxRepos, latency, maxMutationsPerRequest);
  }

  public EmulatorConfig withToken(TokenLevel l, String token) {
    Map<TokenLevel, String> next = new EnumMap<>(TokenLevel.class);
    next.putAll(tokens);
    next.put(Objects.requireNonNull(l, "level"), token);
    return with(host, port, stateFile, next, seed, maxRepos, latency, maxMutationsPerRequest);
  }

  public EmulatorConfig withSeed(long s) {
    return with(host, port, stateFile, tokens, s, maxRepos, latency, maxMutationsPerRequest);
  }

  public EmulatorConfig withMaxRepos(int n) {
    return with(host, port, stateFile, tokens, seed, n, latency, maxMutationsPerRequest);
  }

  /**
   * Every GraphQL request waits this long before it is served, e.g. 20 ms for a nearby data centre.
   */
  public EmulatorConfig withLatency(Duration d) {
    return with(host, port, stateFile, tokens, seed, maxRepos, d, maxMutationsPerRequest);
  }

  /** {@code 1} makes the emulator refuse batched mutations, as some GraphQL servers do. */
  public EmulatorConfig withMaxMutationsPerRequest(int n) {
    return with(host, port, stateFile, tokens, seed, maxRepos, latency, n);
  }

  /** Injects this fault from the start; see {@link FaultRule#parse} for the text form. */
  public EmulatorConfig withFault(FaultRule rule) {
    List<FaultRule> next = new ArrayList<>(faults);
    next.add(Objects.requireNonNull(rule, "rule"));
    return new EmulatorConfig(
        host,
        port,
        stateFile,
        tokens,
        seed,
        maxRepos,
        latency,
        maxMutationsPerRequest,
        next,
        expiredTokens,
        limits,
        tlsCaFile);
  }

  /** This token is refused as expired (a token BorgBase issued with an expiry that has passed). */
  public EmulatorConfig withExpiredToken(String token) {
    Set<String> next = new LinkedHashSet<>(expiredTokens);
    next.add(token);
    return new EmulatorConfig(
        host,
        port,
        stateFile,
        tokens,
        seed,
        maxRepos,
        latency,
        maxMutationsPerRequest,
        faults,
        next,
        limits,
        tlsCaFile);
  }

  /** What one request may cost; see {@link EmulatorLimits}. */
  public EmulatorConfig withLimits(EmulatorLimits l) {
    return new EmulatorConfig(
        host,
        port,
        stateFile,
        tokens,
        seed,
        maxRepos,
        latency,
        maxMutationsPerRequest,
        faults,
        expiredTokens,
        Objects.requireNonNull(l, "limits"),
        tlsCaFile);
  }

  /**
   * Serves HTTPS with a certificate generated at start; the certificate of the CA that signed it is
   * written to {@code caFile} as PEM (trust it with {@code SSL_CERT_FILE}).
   */
  public EmulatorConfig withTls(Path caFile) {
    return new EmulatorConfig(
        host,
        port,
        stateFile,
        tokens,
        seed,
        maxRepos,
        latency,
        maxMutationsPerRequest,
        faults,
        expiredTokens,
        limits,
        java.util.Objects.requireNonNull(caFile, "caFile"));
  }

  /** Keeps tokens out of logs and exception messages that print the config. */
  @Override
  public String toString() {
    return "EmulatorConfig[host="
        + host
        + ", port="
        + port
        + ", stateFile="
        + stateFile
        + ", fixedTokens="
        + tokens.keySet()
        + ", seed="
        + seed
        + ", maxRepos="
        + maxRepos
        + ", latency="
        + latency
        + ", maxMutationsPerRequest="
        + (maxMutationsPerRequest == UNLIMITED ? "unlimited" : maxMutationsPerRequest)
        + ", faults="
        + faults
        + ", expiredTokens="
        + expiredTokens.size()
        + ", limits="
        + limits
        + ", tlsCaFile="
        + tlsCaFile
        + "]";
  }
}
