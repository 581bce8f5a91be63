package dev.borgform.cli;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.StateLockedException;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a local imitation of the BorgBase GraphQL API, for tests, demos and CI."
          + " Prints its URL and one token per level first, as `export NAME=value` lines a shell"
          + " can run, and a line starting with `# stop` when it is ready.",
      "",
      "Faults make it misbehave on purpose: --fault OPERATION:KIND[=ARG][@WHEN]",
      "  OPERATION  any, query, mutation, sshAdd, repoAdd, repoEdit, sshDelete,",
      "             repoDelete (a batch matches every mutation it holds)",
      "  KIND       delay=DURATION  answer late (200ms, 2s, 1m)",
      "             error[=STATUS]  HTTP 5xx (default 503); nothing runs",
      "             ratelimit[=S]   HTTP 429, Retry-After: S seconds (default 1);",
      "                             ratelimit=date:S sends a date; nothing runs",
      "             lost            runs and commits, then drops the connection",
      "             malformed       runs and commits, then answers half a JSON body",
      "             truncated       runs and commits, then sends half the body",
      "             hang            runs and commits, then never answers",
      "  WHEN       N (the N-th matching request), first=N, or rate=P (0<P<=1,",
      "             seeded by --seed); left out: every matching request"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform emulator --port 8080 --state emulator.json",
      "  borgform emulator --token full=secret-full --token read=secret-read",
      "  borgform emulator --fault repoAdd:lost@2       # 2nd repoAdd: answer lost",
      "  borgform emulator --fault query:error@first=2  # first two reads get 503",
      "  borgform emulator --fault any:ratelimit=1@rate=0.2 --seed 7",
      "  borgform emulator --fault sshDelete:hang@1 --latency 40ms",
      "  borgform emulator --expired-token old-token --max-repos 3",
      "  borgform emulator --tls              # HTTPS; trust the CA with SSL_CERT_FILE"
    })
final class EmulatorCommand implements Callable<Integer> {
  private final Environment env;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(
      names = {"--host", "--bind"},
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). 0.0.0.0 or :: "
              + "listens on every interface, with a warning.")
  String host = EmulatorConfig.DEFAULT_HOST;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Keep the account in FILE (JSON) across restarts, with the tokens given with --token"
              + " (the file is made readable by its owner only); default: in memory.")
  String state;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description =
          "Wait this long (e.g. 30s) while another process uses the --state file, instead of"
              + " stopping at once (default: 0s).")
  String lockTimeout;

  @Option(
      names = "--token",
      paramLabel = "LEVEL=TOKEN",
      description = "Fix the token of a level (full, create, read) instead of generating one.")
  Map<String, String> tokens = Map.of();

  @Option(
      names = "--expired-token",
      paramLabel = "TOKEN",
      description = "Answer this token with \"Signature has expired\" (repeatable).")
  List<String> expiredTokens = List.of();

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      description =
          "Wait this long before serving every GraphQL request (e.g. 40ms); default none.")
  String latency;

  @Option(
      names = "--fault",
      paramLabel = "RULE",
      description = "Inject a fault: OPERATION:KIND[=ARG][@WHEN], see above (repeatable).")
  List<String> faults = List.of();

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed for repo ids and for faults given with @rate=P (default: ${DEFAULT-VALUE}).")
  long seed = EmulatorConfig.DEFAULT_SEED;

  @Option(
      names = "--max-repos",
      paramLabel = "N",
      description =
          "Answer repoAdd with \"Over quota or too many repos.\" once the account holds N repos.")
  Integer maxRepos;

  @Option(
      names = "--tls",
      description =
          "Serve HTTPS with a certificate generated at start. The certificate of the CA that"
              + " signed it is written to a new file, printed as SSL_CERT_FILE=... (deleted when"
              + " the emulator stops).")
  boolean tls;

  EmulatorCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UsageException(
          "--port " + port + " is not a port number",
          "Use a port from 1 to 65535, or 0 to pick a free one.");
    }
    EmulatorConfig config = EmulatorConfig.inMemory().withPort(port).withHost(host);
    if (state != null) config = config.withStateFile(env.resolve(state));
    config = config.withSeed(seed);
    try {
      for (Map.Entry<String, String> t : tokens.entrySet()) {
        config = config.withToken(level(t.getKey()), t.getValue());
      }
      for (String t : expiredTokens) config = config.withExpiredToken(t);
      if (latency != null) config = config.withLatency(Durations.parse(latency, "--latency"));
      if (maxRepos != null) config = config.withMaxRepos(maxRepos);
      for (String f : faults) config = config.withFault(fault(f));
    } catch (IllegalArgumentException e) {
      // The config's messages never echo a token.
      throw new UsageException(
          Printable.of(e.getMessage()), "Run 'borgform emulator --help' for the options.");
    }
    java.time.Duration waitForLock = Session.lockTimeout(lockTimeout);
    Path caFile = null;
    EmulatorServer server;
    try {
      if (tls) {
        caFile = Files.createTempFile("borgform-emulator-ca-", ".pem");
        // Ctrl-C ends the JVM before this method's finally may run; the JVM's exit deletes it then.
        caFile.toFile().deleteOnExit();
        config = config.withTls(caFile);
      }
      server = EmulatorServer.start(config, waitForLock);
    } catch (StateLockedException e) {
      throw Session.stateInUse(e, "an emulator state file");
    } catch (IOException e) {
      deleteQuietly(caFile);
      throw new FailureException(
          "Could not start the emulator: " + e.getMessage(),
          "Pick another --port, or check the --state file.",
          e);
    }
    try (server) {
      if (server.listensOnEveryInterface()) {
        // Anyone who can reach the machine gets the account, with the tokens printed below.
        env.err()
            .println(
                "Warning: the emulator listens on every network interface ("
                    + host
                    + "): anyone who can reach this machine can use it with the tokens it prints."
                    + " Leave out --host to listen on 127.0.0.1 only.");
        env.err().flush();
      }
      PrintWriter out = env.out();
      out.println(export("BORGBASE_API_URL", server.graphqlUrl().toString()));
      if (caFile != null) out.println(export("SSL_CERT_FILE", caFile.toString()));
      printToken(
          out,
          "full",
          "BORGBASE_TOKEN_FULL",
          server.token(TokenLevel.FULL_ACCESS),
          server.tokenKeptInState(TokenLevel.FULL_ACCESS));
      printToken(
          out,
          "create",
          "BORGBASE_TOKEN_CREATE",
          server.token(TokenLevel.CREATE_ONLY),
          server.tokenKeptInState(TokenLevel.CREATE_ONLY));
      printToken(
          out,
          "read",
          "BORGBASE_TOKEN_READ",
          server.token(TokenLevel.READ_ONLY),
          server.tokenKeptInState(TokenLevel.READ_ONLY));
      out.println("# borgform emulator: a local imitation of the BorgBase API, not BorgBase.");
      out.println("# stats: " + server.statsUrl());
      out.println("# state: " + (state == null ? "in memory (lost when stopped)" : state));
      for (FaultRule f : server.faults()) out.println("# fault: " + f);
      if (caFile != null) {
        out.println(
            "# tls: HTTPS with a certificate made at start, signed by the CA in SSL_CERT_FILE"
                + " (trust it there; the file is deleted when the emulator stops)");
      }
      out.println("# stop with Ctrl-C");
      out.flush();
      env.stopSignal().await();
    } finally {
      deleteQuietly(caFile);
    }
    return 0;
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file == null) return;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A file in the temporary folder that outlives the emulator trusts nothing that still runs.
    }
  }

  private static FaultRule fault(String text) {
    try {
      return FaultRule.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "bad --fault " + text + ": " + e.getMessage(),
          "Write OPERATION:KIND[=ARG][@WHEN], e.g. --fault repoAdd:lost@2; see 'borgform emulator --help'.");
    }
  }

  private static TokenLevel level(String name) {
    for (TokenLevel l : TokenLevel.values()) if (l.cliName().equals(name)) return l;
    throw new UsageException(
        "unknown token level \"" + name + "\"",
        "Use --token full=T, --token create=T or --token read=T.");
  }

  /**
   * Generated tokens are printed so they can be used; a token the user chose (now, or at an earlier
   * start with the same --state file) is not echoed.
   */
  private void printToken(
      PrintWriter out, String level, String variable, String token, boolean kept) {
    if (tokens.containsKey(level)) {
      out.println("# " + variable + ": as given with --token " + level + "=...");
    } else if (kept) {
      out.println("# " + variable + ": kept in the --state file from an earlier --token " + level);
    } else {
      out.println(export(variable, token));
    }
  }

  /**
   * One line a POSIX shell runs as it is: {@code eval "$(cat emulator.env)"}, {@code .
   * emulator.env} or a copy and paste. Values with characters a shell would read (an IPv6 URL's
   * brackets) are single-quoted.
   */
  static String export(String name, String value) {
    boolean plain = !value.isEmpty() && value.matches("[A-Za-z0-9_./:@%+=,-]+");
    return "export " + name + "=" + (plain ? value : "'" + value.replace("'", "'\\''") + "'");
  }
}
