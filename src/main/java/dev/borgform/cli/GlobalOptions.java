package dev.borgform.cli;

import java.util.Map;
import java.util.Stack;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options every account-facing command takes. There is deliberately no option for the token itself:
 * a token on the command line ends up in shell history and process lists.
 */
public final class GlobalOptions {
  static final String DEFAULT_SANDBOX_STATE = ".borgform/sandbox.json";

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "GraphQL endpoint (default: $BORGBASE_API_URL, else https://api.borgbase.com/graphql).")
  @Nullable String endpoint;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the API token from FILE instead of $BORGBASE_TOKEN.")
  @Nullable String tokenFile;

  @Option(
      names = "--sandbox",
      arity = "0..1",
      paramLabel = "STATE_FILE",
      preprocessor = SandboxPreprocessor.class,
      description =
          "Run against the built-in BorgBase emulator instead of BorgBase; its account is kept in"
              + " STATE_FILE (default: "
              + DEFAULT_SANDBOX_STATE
              + "). Use --sandbox=FILE to choose"
              + " the file.")
  @Nullable String sandbox;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      description =
          "With --sandbox: wait this long (e.g. 30s) while another borgform uses the same sandbox"
              + " file, instead of stopping at once (default: 0s).")
  @Nullable String lockTimeout;

  // Here, between --lock-timeout and --debug, so the options keep their order in the man pages.
  @Mixin ColorOptions colors;

  @Option(
      names = "--debug",
      description =
          "Show stack traces on failure and log every HTTP exchange on stderr (bodies cut short;"
              + " the token is never shown).")
  boolean debug;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Longest wait for one answer from the API, e.g. 30s (default: 60s). Reads are tried"
              + " again after a timeout; a change whose answer timed out is settled by re-reading"
              + " the account, never sent again blindly.")
  @Nullable String timeout;

  /**
   * {@code --sandbox} takes its file only when attached ({@code --sandbox=FILE}); a value after a
   * space is the next argument (e.g. {@code apply --sandbox PLAN.json}), as picocli's manual
   * recommends for optional option values.
   */
  static final class SandboxPreprocessor implements picocli.CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(
        Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      if (" ".equals(info.get("separator"))) args.push(DEFAULT_SANDBOX_STATE);
      return false;
    }
  }
}
