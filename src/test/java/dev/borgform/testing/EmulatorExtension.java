package dev.borgform.testing;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.EmulatorStats;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An emulator for a test class, started and closed by JUnit: {@code @RegisterExtension final
 * EmulatorExtension emulator = new EmulatorExtension();} gives every test a fresh one; a {@code
 * static} field shares one across the class. The emulator's methods tests use are delegated, so a
 * test reads {@code emulator.token(...)} as it would with the server itself; {@link #server()} is
 * the server, {@link #graphQl()} a client with its Full Access token.
 */
public final class EmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final EmulatorConfig config;
  private final Clock clock;
  private EmulatorServer server;
  private GraphQl graphQl;
  private boolean perClass;

  public EmulatorExtension() {
    this(EmulatorConfig.inMemory());
  }

  public EmulatorExtension(EmulatorConfig config) {
    this(config, null);
  }

  /** With {@code clock} as the emulator's clock (null: the system's). */
  public EmulatorExtension(EmulatorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // Called only for a static field: one emulator for the whole class.
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) stop();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    try {
      server = clock == null ? EmulatorServer.start(config) : EmulatorServer.start(config, clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    graphQl = GraphQl.of(server);
  }

  private void stop() {
    if (server != null) server.close();
    server = null;
    graphQl = null;
  }

  public EmulatorServer server() {
    if (server == null) throw new IllegalStateException("the emulator runs only during a test");
    return server;
  }

  /** A GraphQL client with the emulator's Full Access token. */
  public GraphQl graphQl() {
    server();
    return graphQl;
  }

  public URI graphqlUrl() {
    return server().graphqlUrl();
  }

  public URI statsUrl() {
    return server().statsUrl();
  }

  public int port() {
    return server().port();
  }

  public String token(TokenLevel level) {
    return server().token(level);
  }

  public EmulatorStats stats() {
    return server().stats();
  }

  public void resetStats() {
    server().resetStats();
  }

  public void recordBackup(String repoId, double megabytes) {
    server().recordBackup(repoId, megabytes);
  }

  public void addFault(FaultRule rule) {
    server().addFault(rule);
  }

  public void clearFaults() {
    server().clearFaults();
  }

  public List<FaultRule> faults() {
    return server().faults();
  }

  public Map<String, Long> injectedFaults() {
    return server().injectedFaults();
  }
}
