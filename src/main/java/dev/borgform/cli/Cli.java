package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import picocli.CommandLine;

/** Builds the picocli command tree for one run and executes it. */
public final class Cli {
  private Cli() {}

  public static int run(String[] args, Environment given) {
    Environment env = given.redacting();
    try {
      return execute(args, env);
    } finally {
      // Text held back as a possible start of a secret is not one: the run is over.
      env.out().close();
      env.err().close();
      given.out().flush();
      given.err().flush();
    }
  }

  private static int execute(String[] args, Environment env) {
    ErrorHandler errors = new ErrorHandler(env);
    CommandLine cmd;
    try {
      cmd = new CommandLine(RootCommand.class, new CommandFactory(env));
    } catch (CommandLine.InitializationException e) {
      env.err().println("Error: internal error: " + e.getMessage());
      env.err().flush();
      return ExitCodes.FAILURE;
    }
    HelpLayout.apply(cmd);
    cmd.setOut(env.out());
    cmd.setErr(env.err());
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(t -> ExitCodes.FAILURE);
    cmd.setExecutionStrategy(new GlobalOptionsFirst());
    int code = cmd.execute(args);
    env.out().flush();
    env.err().flush();
    return code;
  }

  /**
   * The command tree of one run, unexecuted: lets tests check that the commands written in the docs
   * and CI recipes still parse, without running them.
   */
  public static CommandLine commandLine(Environment env) {
    return new CommandLine(RootCommand.class, new CommandFactory(env));
  }
}
