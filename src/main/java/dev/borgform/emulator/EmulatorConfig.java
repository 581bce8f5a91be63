package dev.borgform.emulator;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start an {@link EmulatorServer}.
 *
 * @param host      address to bind; loopback by default so the sandbox is never reachable from outside
 * @param port      TCP port, 0 for any free port
 * @param stateFile JSON file holding the account, or {@code null} to keep it in memory only
 * @param tokens    fixed tokens per level; levels left out get a freshly generated JWT-like token
 * @param seed      seed for repo ids and other random values of a new account (an existing state file
 *                  carries its own generator position, which then wins)
 * @param maxRepos  how many repos the account may hold before {@code repoAdd} fails as over quota
 */
public record EmulatorConfig(String host, int port, Path stateFile, Map<TokenLevel, String> tokens,
                             long seed, int maxRepos) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_MAX_REPOS = 100_000;

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
        EnumMap<TokenLevel, String> copy = new EnumMap<>(TokenLevel.class);
        Map<String, TokenLevel> seen = new HashMap<>();
        for (Map.Entry<TokenLevel, String> e : (tokens == null ? Map.<TokenLevel, String>of() : tokens).entrySet()) {
            TokenLevel level = Objects.requireNonNull(e.getKey(), "token level");
            String token = e.getValue();
            if (token == null || token.isBlank() || !token.equals(token.strip()) || token.contains(" ")) {
                // Messages never echo the token itself: it is a credential.
                throw new IllegalArgumentException("The " + level.cliName() + " token must be non-empty and contain no spaces");
            }
            TokenLevel other = seen.put(token, level);
            if (other != null) {
                throw new IllegalArgumentException("The " + other.cliName() + " and " + level.cliName()
                        + " tokens must differ: a token has exactly one level");
            }
            copy.put(level, token);
        }
        tokens = Collections.unmodifiableMap(copy);
    }

    /** Loopback, any free port, in memory, generated tokens, {@value #DEFAULT_MAX_REPOS} repos allowed. */
    public static EmulatorConfig inMemory() {
        return new EmulatorConfig(DEFAULT_HOST, 0, null, Map.of(), DEFAULT_SEED, DEFAULT_MAX_REPOS);
    }

    public EmulatorConfig withHost(String h) {
        return new EmulatorConfig(h, port, stateFile, tokens, seed, maxRepos);
    }

    public EmulatorConfig withPort(int p) {
        return new EmulatorConfig(host, p, stateFile, tokens, seed, maxRepos);
    }

    public EmulatorConfig withStateFile(Path p) {
        return new EmulatorConfig(host, port, p, tokens, seed, maxRepos);
    }

    public EmulatorConfig withToken(TokenLevel l, String token) {
        Map<TokenLevel, String> next = new EnumMap<>(TokenLevel.class);
        next.putAll(tokens);
        next.put(Objects.requireNonNull(l, "level"), token);
        return new EmulatorConfig(host, port, stateFile, next, seed, maxRepos);
    }

    public EmulatorConfig withSeed(long s) {
        return new EmulatorConfig(host, port, stateFile, tokens, s, maxRepos);
    }

    public EmulatorConfig withMaxRepos(int n) {
        return new EmulatorConfig(host, port, stateFile, tokens, seed, n);
    }

    /** Keeps tokens out of logs and exception messages that print the config. */
    @Override
    public String toString() {
        return "EmulatorConfig[host=" + host + ", port=" + port + ", stateFile=" + stateFile
                + ", fixedTokens=" + tokens.keySet() + ", seed=" + seed + ", maxRepos=" + maxRepos + "]";
    }
}
