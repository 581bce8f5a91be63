package dev.borgform.contract;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the contract suite runs: the emulator (every build), or a live endpoint, BorgBase itself
 * with {@code -Plive}. The suite sees only a URL and tokens per level; a level whose token was not
 * given is null, and the scenarios that need it are skipped with a note.
 */
public final class ContractEndpoint implements AutoCloseable {
  private final String name;
  private final String url;
  private final Map<TokenLevel, String> tokens;
  private final EmulatorServer owned;

  private ContractEndpoint(
      String name, String url, Map<TokenLevel, String> tokens, EmulatorServer owned) {
    this.name = name;
    this.url = url;
    this.tokens = new EnumMap<>(tokens);
    this.owned = owned;
  }

  /** A fresh in-process emulator with a token of every level. */
  public static ContractEndpoint emulator() {
    try {
      EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory());
      Map<TokenLevel, String> t = new EnumMap<>(TokenLevel.class);
      for (TokenLevel l : TokenLevel.values()) t.put(l, server.token(l));
      return new ContractEndpoint("the emulator", server.graphqlUrl().toString(), t, server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A live endpoint: {@code full} is required (Full Access); {@code read} and {@code create} may be
   * null. The account may hold anything: the suite touches only names under its own prefix.
   */
  public static ContractEndpoint live(String url, String full, String read, String create) {
    Map<TokenLevel, String> t = new EnumMap<>(TokenLevel.class);
    t.put(TokenLevel.FULL_ACCESS, full);
    if (read != null && !read.isBlank()) t.put(TokenLevel.READ_ONLY, read);
    if (create != null && !create.isBlank()) t.put(TokenLevel.CREATE_ONLY, create);
    return new ContractEndpoint("the live endpoint " + url, url, t, null);
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  /** The token of {@code level}, or null when none was given. */
  public String token(TokenLevel level) {
    return tokens.get(level);
  }

  @Override
  public void close() {
    if (owned != null) owned.close();
  }
}
