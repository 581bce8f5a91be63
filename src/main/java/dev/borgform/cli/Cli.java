package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the picocli command tree for one run and executes it. */
public final class Cli {
  private Cli() {}

  public static int run(String[] args, Environment given) {
    return run(args, given, Tree.FOR_ARGS);
  }

  /** Which commands a run builds in full; see {@link #commandLine(Environment, String[])}. */
  enum Tree {
    /** The one the arguments name (what every run does). */
    FOR_ARGS,
    /** All (what tests compare with). */
    WHOLE
  }

  static int run(String[] args, Environment given, Tree tree) {
    Environment env = given.redacting();
    try {
      return execute(args, env, tree);
    } finally {
      // Text held back as a possible start of a secret is not one: the run is over.
      env.out().close();
      env.err().close();
      given.out().flush();
      given.err().flush();
    }
  }

  private static int execute(String[] args, Environment env, Tree tree) {
    ErrorHandler errors = new ErrorHandler(env);
    CommandLine cmd;
    try {
      cmd = tree == Tree.WHOLE ? commandLine(env) : commandLine(env, args);
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

  /** borgform's commands, in the order its help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ValidateCommand.class,
          PlanCommand.class,
          ApplyCommand.class,
          ExportCommand.class,
          OutputCommand.class,
          ShowCommand.class,
          DoctorCommand.class,
          EmulatorCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * The whole command tree, unexecuted: for help, completion and man pages, and for tests that
   * check that the commands written in the docs and CI recipes still parse, without running them.
   */
  public static CommandLine commandLine(Environment env) {
    CommandFactory factory = new CommandFactory(env);
    CommandLine root = new CommandLine(RootCommand.class, factory);
    for (Class<?> c : COMMANDS) root.addSubcommand(new CommandLine(c, factory));
    return root;
  }

  /**
   * The tree that runs {@code args}: the root and, in full, only the command they name; the others
   * are placeholders that hold their names. picocli builds a command's model by reflection over its
   * options, a tenth of a second for all of borgform's at a cold start, where a run needs one.
   *
   * <p>Which command the arguments name is found by picocli itself, parsing them once against the
   * root with every command a placeholder that takes any arguments. Where that finds no command
   * ({@code borgform}, {@code --help}), a mistake before the command (an unknown command or root
   * option: its message may list the commands), or {@code help}, which prints the others, the whole
   * tree is built, so every message and help text is what the whole tree gives ({@code
   * LazyCommandTreeTest} runs 92 command lines, each command's help and mistakes among them, both
   * ways).
   */
  static CommandLine commandLine(Environment env, String[] args) {
    CommandFactory factory = new CommandFactory(env);
    CommandLine root = new CommandLine(RootCommand.class, factory);
    for (Class<?> c : COMMANDS) root.addSubcommand(placeholder(c));
    Optional<Class<?>> chosen = chosen(root, args);
    if (chosen.isPresent() && chosen.get() == RootCommand.class) return root;
    for (Class<?> c : COMMANDS) root.getCommandSpec().removeSubcommand(nameOf(c));
    boolean whole = chosen.isEmpty() || chosen.get() == CommandLine.HelpCommand.class;
    for (Class<?> c : COMMANDS) {
      boolean full = whole || c == chosen.get();
      root.addSubcommand(full ? new CommandLine(c, factory) : placeholder(c));
    }
    return root;
  }

  /**
   * The command {@code args} run: the root itself for {@code --version} alone, which lists no
   * commands; empty where they name none or fail before naming one.
   */
  private static Optional<Class<?>> chosen(CommandLine root, String[] args) {
    CommandLine.ParseResult parsed;
    try {
      parsed = root.parseArgs(args);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    CommandLine.ParseResult sub = parsed.subcommand();
    if (sub == null) {
      return parsed.isVersionHelpRequested() && !parsed.isUsageHelpRequested()
          ? Optional.of(RootCommand.class)
          : Optional.empty();
    }
    String name = sub.commandSpec().name();
    for (Class<?> c : COMMANDS) {
      if (nameOf(c).equals(name)) return Optional.of(c);
    }
    return Optional.empty();
  }

  /** A command's name and nothing else; it takes any arguments, as positional parameters. */
  private static CommandLine placeholder(Class<?> command) {
    CommandSpec spec = CommandSpec.create().name(nameOf(command));
    spec.parser().unmatchedOptionsArePositionalParams(true);
    spec.addPositional(
        CommandLine.Model.PositionalParamSpec.builder().arity("0..*").type(String[].class).build());
    return new CommandLine(spec);
  }

  private static String nameOf(Class<?> command) {
    return Objects.requireNonNull(command.getAnnotation(CommandLine.Command.class)).name();
  }
}
