package dev.borgform.cli;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.UsageException;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description =
        "Serve a local imitation of the BorgBase GraphQL API, for tests, demos and CI. Prints its"
            + " URL and one token per level first, as shell assignments.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform emulator --port 8080 --state emulator.json",
      "  borgform emulator --token full=secret-full --token read=secret-read"
    })
final class EmulatorCommand implements Callable<Integer> {
  private final Environment env;

  @Option(names = "--port", paramLabel = "N", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--state", paramLabel = "FILE", description = "Keep the account in FILE (JSON) across restarts; default: in memory.")
  String state;

  @Option(
      names = "--token",
      paramLabel = "LEVEL=TOKEN",
      description = "Fix the token of a level (full, create, read) instead of generating one.")
  Map<String, String> tokens = Map.of();

  EmulatorCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InterruptedException {
    EmulatorConfig config = EmulatorConfig.inMemory().withPort(port).withHost(host);
    if (state != null) config = config.withStateFile(env.resolve(state));
    for (Map.Entry<String, String> t : tokens.entrySet()) {
      config = config.withToken(level(t.getKey()), t.getValue());
    }
    EmulatorServer server;
    try {
      server = EmulatorServer.start(config);
    } catch (IOException e) {
      throw new FailureException(
          "Could not start the emulator: " + e.getMessage(),
          "Pick another --port, or check the --state file.", e);
    }
    try (server) {
      PrintWriter out = env.out();
      out.println("BORGBASE_API_URL=" + server.graphqlUrl());
      printToken(out, "full", "BORGBASE_TOKEN_FULL", server.token(TokenLevel.FULL_ACCESS));
      printToken(out, "create", "BORGBASE_TOKEN_CREATE", server.token(TokenLevel.CREATE_ONLY));
      printToken(out, "read", "BORGBASE_TOKEN_READ", server.token(TokenLevel.READ_ONLY));
      out.println("# borgform emulator: a local imitation of the BorgBase API, not BorgBase.");
      out.println("# stats: " + server.statsUrl());
      out.println("# state: " + (state == null ? "in memory (lost when stopped)" : state));
      out.println("# stop with Ctrl-C");
      out.flush();
      env.stopSignal().await();
    }
    return 0;
  }

  private static TokenLevel level(String name) {
    for (TokenLevel l : TokenLevel.values()) if (l.cliName().equals(name)) return l;
    throw new UsageException(
        "unknown token level \"" + name + "\"",
        "Use --token full=T, --token create=T or --token read=T.");
  }

  /** Generated tokens are printed so they can be used; a token the user chose is not echoed. */
  private void printToken(PrintWriter out, String level, String variable, String token) {
    if (tokens.containsKey(level)) {
      out.println("# " + variable + ": as given with --token " + level + "=...");
    } else {
      out.println(variable + "=" + token);
    }
  }
}
