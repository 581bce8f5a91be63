package dev.borgform.cli;

import dev.borgform.api.BorgBaseClient;
import dev.borgform.api.ClientOptions;
import dev.borgform.api.Endpoint;
import dev.borgform.api.HttpLog;
import dev.borgform.api.Network;
import dev.borgform.api.Token;
import dev.borgform.apply.AccountWriter;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.StateLockedException;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.live.AccountReader;
import dev.borgform.plan.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The connection to one account for one command: BorgBase itself, or the sandbox emulator started
 * in-process. Closing it stops the sandbox and the HTTP client.
 */
final class Session implements AutoCloseable {
  private static final int MAX_TOKEN_FILE_BYTES = 8 * 1024;

  private final BorgBaseClient client;
  private final @Nullable EmulatorServer sandbox;
  private final String description;
  private final Target target;

  private Session(
      BorgBaseClient client, @Nullable EmulatorServer sandbox, String description, Target target) {
    this.client = client;
    this.sandbox = sandbox;
    this.description = description;
    this.target = target;
  }

  /**
   * Prepares what every session's client needs from the JVM (TLS, the HTTP library) while the
   * caller reads its spec; see {@link BorgBaseClient#prepareMeanwhile}. Nothing is sent. Give the
   * answer to {@link #open(GlobalOptions, Environment, Supplier)}, which waits for it.
   */
  static Supplier<Boolean> prepareMeanwhile(GlobalOptions g, Environment env) {
    return BorgBaseClient.prepareMeanwhile(usesTls(g, env));
  }

  /**
   * Whether the session {@link #open} makes will reach its endpoint over TLS: not for the sandbox
   * or an {@code http} endpoint. An endpoint that cannot be parsed counts as TLS, the default, and
   * {@code open} reports it.
   */
  static boolean usesTls(GlobalOptions g, Environment env) {
    if (g.sandbox != null) return false;
    try {
      return Endpoint.parse(endpointUrl(g, env)).isTls();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  /** The endpoint a session reaches: --endpoint, else BORGBASE_API_URL, else BorgBase's. */
  private static String endpointUrl(GlobalOptions g, Environment env) {
    return g.endpoint != null
        ? g.endpoint
        : env.env().getOrDefault("BORGBASE_API_URL", Endpoint.DEFAULT);
  }

  /**
   * {@link #open(GlobalOptions, Environment)} once {@code prepared} is done: no thread of
   * borgform's own is still at work when the session's requests go out.
   */
  static Session open(GlobalOptions g, Environment env, Supplier<Boolean> prepared) {
    // Whether it worked does not matter here: the session's own client meets any failure.
    boolean unused = prepared.get();
    return open(g, env);
  }

  static Session open(GlobalOptions g, Environment env) {
    return open(
        g,
        env,
        line -> {
          env.err().println(line);
          env.err().flush();
        });
  }

  /**
   * {@link #open(GlobalOptions, Environment)}, with the lines the client has for standard error
   * (retry notes; with {@code --debug}, the HTTP log) given to {@code errLines}: a session opened
   * while the spec is read holds them back until its read is taken ({@link EarlyRead}).
   */
  static Session open(GlobalOptions g, Environment env, Consumer<String> errLines) {
    String agent = "borgform/" + VersionProvider.version();
    ClientOptions options = clientOptions(g, errLines);
    if (g.sandbox != null) {
      if (g.endpoint != null) {
        throw new UsageException(
            "--sandbox and --endpoint cannot be used together",
            "Use --sandbox for the built-in emulator, or --endpoint for a real or external API.");
      }
      Path state = sandboxFile(g.sandbox, env);
      java.time.Duration lockTimeout = lockTimeout(g.lockTimeout);
      EmulatorServer server;
      try {
        server = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(state), lockTimeout);
      } catch (StateLockedException e) {
        throw stateInUse(e, "a sandbox file");
      } catch (IOException e) {
        throw new FailureException(
            "Could not start the sandbox: " + e.getMessage(),
            String.valueOf(e.getMessage()).startsWith("Corrupt")
                ? "Check that "
                    + Printable.of(g.sandbox)
                    + " is a borgform sandbox file, or delete it to start with an empty sandbox"
                    + " account."
                : "Free some disk space or fix the permissions of "
                    + Printable.of(g.sandbox)
                    + " and its folder, then run the command again.",
            e);
      }
      env.err()
          .println(
              "Sandbox: using the local emulator's account in "
                  + Printable.of(g.sandbox)
                  + " (not BorgBase).");
      env.secrets().add(server.token(TokenLevel.FULL_ACCESS));
      Token token = Token.of(server.token(TokenLevel.FULL_ACCESS));
      BorgBaseClient client =
          BorgBaseClient.create(
              Endpoint.parse(server.graphqlUrl().toString()), token, agent, options);
      return new Session(client, server, "sandbox " + g.sandbox, Target.sandboxed());
    }
    String url = endpointUrl(g, env);
    Endpoint endpoint;
    try {
      endpoint = Endpoint.parse(url);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "Bad endpoint: "
              + e.getMessage()
              + (g.endpoint != null ? "" : " (from BORGBASE_API_URL)"),
          "Set --endpoint or BORGBASE_API_URL to the GraphQL URL, e.g. " + Endpoint.DEFAULT + ".");
    }
    Token token = token(g, env);
    Network network = network(env, endpoint);
    return new Session(
        BorgBaseClient.create(endpoint, token, agent, options, network),
        null,
        endpoint.url(),
        Target.endpoint(endpoint.canonical()));
  }

  /**
   * The proxy and extra trusted CAs from the command's environment (HTTPS_PROXY, NO_PROXY,
   * SSL_CERT_FILE, ...). The sandbox never uses them: its emulator runs in this very process.
   */
  private static Network network(Environment env, Endpoint endpoint) {
    Network network;
    try {
      network = Network.fromEnvironment(env.env(), env.workingDir(), endpoint);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "Bad network setting: " + e.getMessage(),
          "Fix or unset the variable; docs/reliability.md#proxies-and-certificates says how"
              + " borgform reads it.");
    }
    for (String secret : network.secrets()) env.secrets().add(secret);
    return network;
  }

  /** {@code --lock-timeout}: how long to wait for another process using the same state file. */
  static java.time.Duration lockTimeout(@Nullable String text) {
    return text == null ? java.time.Duration.ZERO : Durations.parse(text, "--lock-timeout");
  }

  /**
   * One process at a time may use a state file (exit 1, as Terraform's state lock): the message
   * names the holder, the hint how to wait for it.
   */
  static FailureException stateInUse(StateLockedException e, String what) {
    String holder = e.pid() > 0 ? "process " + e.pid() : "the other process";
    return new FailureException(
        e.getMessage() + ".",
        "One process at a time may use "
            + what
            + ", so this one stopped before"
            + " changing anything. Wait for "
            + holder
            + " to finish (or stop it), or add --lock-timeout 2m to"
            + " wait for it.",
        e);
  }

  /**
   * Timeouts from {@code --timeout}; retry notes on stderr (a read that takes long because it is
   * being retried says so); with {@code --debug}, the HTTP log on stderr too.
   */
  private static ClientOptions clientOptions(GlobalOptions g, Consumer<String> errLines) {
    ClientOptions o = ClientOptions.defaults();
    if (g.timeout != null) {
      java.time.Duration t = Durations.parse(g.timeout, "--timeout");
      if (t.isZero()) throw new UsageException("--timeout must be more than 0", "");
      o = o.withTimeout(t);
    }
    o = o.withNotices(n -> errLines.accept("Note: " + Printable.of(n)));
    if (g.debug) {
      o = o.withHttpLog(line -> errLines.accept("[http] " + line));
    } else {
      o = o.withHttpLog(HttpLog.NONE);
    }
    return o;
  }

  /**
   * The sandbox's state file: {@code --sandbox=} with no name, or a name that is a folder, a pipe
   * or a device, is a usage error here rather than a failure to read it later (a pipe could block
   * forever).
   */
  private static Path sandboxFile(String name, Environment env) {
    if (name.isBlank()) {
      throw new UsageException(
          "--sandbox= needs a file name after the =",
          "Write --sandbox for the default file ("
              + GlobalOptions.DEFAULT_SANDBOX_STATE
              + "), or --sandbox=FILE.");
    }
    Path p = env.resolve(name);
    if (Files.exists(p) && !Files.isRegularFile(p)) {
      throw new UsageException(
          "The sandbox file "
              + Printable.of(name)
              + " is "
              + (Files.isDirectory(p) ? "a folder" : "not a regular file")
              + ", not a sandbox state file",
          "Give --sandbox=FILE a file name (it is created if missing), or write --sandbox for "
              + GlobalOptions.DEFAULT_SANDBOX_STATE
              + ".");
    }
    return p;
  }

  private static Token token(GlobalOptions g, Environment env) {
    if (g.tokenFile != null) return Token.of(readTokenFile(g.tokenFile, env));
    String t = env.env().get("BORGBASE_TOKEN");
    if (t == null || t.isBlank()) {
      throw new UsageException(
          "No BorgBase API token",
          "Set BORGBASE_TOKEN or pass --token-file FILE. plan needs a token of any level (Read"
              + " Only is enough); apply needs Full Access, or Create Only for plans that only add."
              + " To try borgform without an account, add --sandbox.");
    }
    env.secrets().add(t);
    String problem = Token.problem(t.strip());
    if (problem != null) {
      throw new UsageException(
          "The API token in BORGBASE_TOKEN " + problem + "; it is not shown",
          "Set BORGBASE_TOKEN to the token alone, exactly as the BorgBase web UI shows it (Account"
              + " > API): one line of letters, digits and . _ - characters.");
    }
    return Token.of(t);
  }

  /**
   * The token in {@code --token-file}, checked and added to the run's secrets. Checked before it is
   * opened: only a regular file is read, so a pipe or a device cannot hang the run. Also called
   * before the spec is read, so that no {@code ${BORGFORM_*}} variable can copy the token in.
   */
  static String readTokenFile(String tokenFile, Environment env) {
    Path p = env.resolve(tokenFile);
    String shown = Printable.of(tokenFile);
    if (!Files.exists(p)) {
      throw new UsageException(
          "The token file " + shown + " does not exist",
          "Check the path given with --token-file (relative to the working directory).");
    }
    if (!Files.isRegularFile(p)) {
      throw new UsageException(
          "The token file "
              + shown
              + " is "
              + (Files.isDirectory(p) ? "a folder" : "not a regular file (a pipe or a device?)")
              + "; it was not read",
          "Give --token-file a file that holds only the token. Pipes and devices are refused:"
              + " reading one could wait forever.");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(p)) {
      bytes = in.readNBytes(MAX_TOKEN_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new UsageException(
          "Cannot read the token file " + shown + " (" + e.getClass().getSimpleName() + ")",
          "Check the path and permissions of --token-file.");
    }
    if (bytes.length > MAX_TOKEN_FILE_BYTES) {
      throw new UsageException(
          "The token file " + shown + " is larger than " + MAX_TOKEN_FILE_BYTES + " bytes",
          "Put only the API token in the file, on one line.");
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    env.secrets().add(text);
    String problem = Token.problem(text);
    if (problem != null) {
      throw new UsageException(
          "The token in the token file " + shown + " " + problem + "; it is not shown",
          "Put only the API token in the file, on one line, saved as plain text (UTF-8 or ASCII"
              + " without a byte-order mark).");
    }
    return text;
  }

  /** The client itself, for doctor: it checks the very connection setup plan and apply use. */
  BorgBaseClient client() {
    return client;
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

  /**
   * Closes idle connections after a pause (the apply prompt): the next request, a mutation, then
   * goes out on a fresh connection rather than one the server may have closed meanwhile.
   */
  void afterPause() {
    client.dropIdleConnections();
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
