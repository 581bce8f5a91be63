package dev.borgform.cli;

import dev.borgform.api.BorgBaseClient;
import dev.borgform.api.ClientOptions;
import dev.borgform.api.Endpoint;
import dev.borgform.api.HttpLog;
import dev.borgform.api.Token;
import dev.borgform.apply.AccountWriter;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.UsageException;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.live.AccountReader;
import dev.borgform.plan.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection to one account for one command: BorgBase itself, or the sandbox emulator started
 * in-process. Closing it stops the sandbox and the HTTP client.
 */
final class Session implements AutoCloseable {
  private static final int MAX_TOKEN_FILE_BYTES = 8 * 1024;

  private final BorgBaseClient client;
  private final EmulatorServer sandbox;
  private final String description;
  private final Target target;

  private Session(
      BorgBaseClient client, EmulatorServer sandbox, String description, Target target) {
    this.client = client;
    this.sandbox = sandbox;
    this.description = description;
    this.target = target;
  }

  static Session open(GlobalOptions g, Environment env) {
    String agent = "borgform/" + VersionProvider.version();
    ClientOptions options = clientOptions(g, env);
    if (g.sandbox != null) {
      if (g.endpoint != null) {
        throw new UsageException(
            "--sandbox and --endpoint cannot be used together",
            "Use --sandbox for the built-in emulator, or --endpoint for a real or external API.");
      }
      Path state = env.resolve(g.sandbox);
      EmulatorServer server;
      try {
        server = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(state));
      } catch (IOException e) {
        throw new FailureException(
            "Could not start the sandbox: " + e.getMessage(),
            "Check that "
                + g.sandbox
                + " is a readable borgform sandbox file, or delete it to"
                + " start with an empty sandbox account.",
            e);
      }
      env.err()
          .println(
              "Sandbox: using the local emulator's account in " + g.sandbox + " (not BorgBase).");
      env.secrets().add(server.token(TokenLevel.FULL_ACCESS));
      Token token = Token.of(server.token(TokenLevel.FULL_ACCESS));
      BorgBaseClient client =
          BorgBaseClient.create(
              Endpoint.parse(server.graphqlUrl().toString()), token, agent, options);
      return new Session(client, server, "sandbox " + g.sandbox, Target.sandboxed());
    }
    String url =
        g.endpoint != null
            ? g.endpoint
            : env.env().getOrDefault("BORGBASE_API_URL", Endpoint.DEFAULT);
    Endpoint endpoint;
    try {
      endpoint = Endpoint.parse(url);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "Bad endpoint: " + e.getMessage(),
          "Set --endpoint or BORGBASE_API_URL to the GraphQL URL, e.g. " + Endpoint.DEFAULT + ".");
    }
    Token token = token(g, env);
    return new Session(
        BorgBaseClient.create(endpoint, token, agent, options),
        null,
        endpoint.url(),
        Target.endpoint(endpoint.canonical()));
  }

  /**
   * Timeouts from {@code --timeout}; retry notes on stderr (a read that takes long because it is
   * being retried says so); with {@code --debug}, the HTTP log on stderr too.
   */
  private static ClientOptions clientOptions(GlobalOptions g, Environment env) {
    ClientOptions o = ClientOptions.defaults();
    if (g.timeout != null) {
      java.time.Duration t = Durations.parse(g.timeout, "--timeout");
      if (t.isZero()) throw new UsageException("--timeout must be more than 0", "");
      o = o.withTimeout(t);
    }
    o =
        o.withNotices(
            n -> {
              env.err().println("Note: " + n);
              env.err().flush();
            });
    if (g.debug) {
      o =
          o.withHttpLog(
              line -> {
                env.err().println("[http] " + line);
                env.err().flush();
              });
    } else {
      o = o.withHttpLog(HttpLog.NONE);
    }
    return o;
  }

  private static Token token(GlobalOptions g, Environment env) {
    if (g.tokenFile != null) {
      Path p = env.resolve(g.tokenFile);
      byte[] bytes;
      try (InputStream in = Files.newInputStream(p)) {
        bytes = in.readNBytes(MAX_TOKEN_FILE_BYTES + 1);
      } catch (IOException e) {
        throw new UsageException(
            "Cannot read the token file " + g.tokenFile + " (" + e.getClass().getSimpleName() + ")",
            "Check the path and permissions of --token-file.");
      }
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      if (bytes.length > MAX_TOKEN_FILE_BYTES || text.isEmpty() || text.contains("\n")) {
        throw new UsageException(
            "The token file " + g.tokenFile + " does not hold one token",
            "Put only the API token in the file, on one line.");
      }
      env.secrets().add(text);
      return Token.of(text);
    }
    String t = env.env().get("BORGBASE_TOKEN");
    if (t == null || t.isBlank()) {
      throw new UsageException(
          "No BorgBase API token",
          "Set BORGBASE_TOKEN or pass --token-file FILE. plan needs a token of any level (Read"
              + " Only is enough); apply needs Full Access, or Create Only for plans that only add."
              + " To try borgform without an account, add --sandbox.");
    }
    env.secrets().add(t);
    return Token.of(t);
  }

  AccountReader reader() {
    return client;
  }

  AccountWriter writer() {
    return client;
  }

  String description() {
    return description;
  }

  /** The account this session reaches, as a saved plan records it. */
  Target target() {
    return target;
  }

  @Override
  public void close() {
    client.close();
    if (sandbox != null) sandbox.close();
  }
}
