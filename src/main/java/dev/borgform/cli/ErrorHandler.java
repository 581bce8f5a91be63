package dev.borgform.cli;

import dev.borgform.diag.BorgformException;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.Outcome;
import dev.borgform.diag.Printable;
import dev.borgform.render.DiagnosticsRenderer;
import dev.borgform.render.Style;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into a summary, a line of advice and its documented exit code. Stack traces
 * appear only with --debug: users need to know what to do, not where the code was.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final Environment env;

  ErrorHandler(Environment env) {
    this.env = env;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    boolean debug = matched(parsed, "--debug");
    Style style = style(parsed);
    PrintWriter err = env.err();
    int code;
    if (ex instanceof DiagnosticsException d) {
      new DiagnosticsRenderer(style).render(d.diagnostics(), err);
      err.println(style.red("Error:") + " " + Printable.of(d.getMessage()));
      code = d.exitCode();
    } else if (ex instanceof BorgformException b) {
      err.println(style.red("Error:") + " " + Printable.of(b.getMessage()));
      if (!b.hint().isEmpty()) err.println("  " + hintLines(b.hint()));
      code = b.exitCode();
    } else {
      err.println(
          style.red("Error:")
              + " internal error: "
              + ex.getClass().getSimpleName()
              + (ex.getMessage() == null ? "" : ": " + Printable.of(ex.getMessage())));
      err.println("  This is a bug in borgform. Run again with --debug and report the output.");
      code = ExitCodes.FAILURE;
    }
    if (debug) ex.printStackTrace(err);
    err.flush();
    OutcomeDocuments documents = documents(parsed);
    OutcomeDocuments.Format format = documents == null ? null : documents.failureFormat();
    if (documents != null && format != null) {
      Outcome outcome = OutcomeDocuments.of(documents.commandName(), ex);
      OutcomeDocuments.write(
          format,
          new Outcome(
              outcome.command(), code, outcome.message(), outcome.hint(), outcome.diagnostics()),
          documents.markdownMaxChars(),
          env.out());
    }
    return code;
  }

  /** The command that ran, if its standard output is a document. */
  private static @Nullable OutcomeDocuments documents(ParseResult parsed) {
    ParseResult last = parsed;
    while (last != null && last.subcommand() != null) last = last.subcommand();
    return last != null && last.commandSpec().userObject() instanceof OutcomeDocuments d ? d : null;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = env.err();
    err.println("Error: " + Printable.of(ex.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    String usage = "Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.";
    err.println("  " + usage);
    err.flush();
    // When the output option was read before the mistake, the document still tells the reviewer.
    OutcomeDocuments.Format format =
        cmd.getCommand() instanceof OutcomeDocuments d ? d.failureFormat() : null;
    if (cmd.getCommand() instanceof OutcomeDocuments d && format != null) {
      OutcomeDocuments.write(
          format,
          new Outcome(
              d.commandName(), ExitCodes.USAGE, Printable.of(ex.getMessage()), usage, List.of()),
          d.markdownMaxChars(),
          env.out());
    }
    return ExitCodes.USAGE;
  }

  /**
   * A hint may hold several pieces of advice, one per line (apply's, joined by its own line
   * breaks); each line is made printable, so only those breaks survive. A message is one line, and
   * anything in it that came from outside (a server's words, an object's name) is made printable
   * whole.
   */
  static String hintLines(String hint) {
    String[] lines = hint.split("\n", -1);
    for (int i = 0; i < lines.length; i++) lines[i] = Printable.of(lines[i]);
    return String.join("\n", lines);
  }

  /**
   * The colours the command asked for: its own colour options, which hold what was given before the
   * command too ({@link GlobalOptionsFirst} handed it over); auto for a command without them.
   */
  private Style style(ParseResult parsed) {
    ColorOptions colors = null;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      ColorOptions own = ColorOptions.of(p.commandSpec());
      if (own != null) colors = own;
    }
    return colors == null ? Styles.choose(false, Styles.When.auto, env) : colors.style(env);
  }

  private static boolean matched(ParseResult parsed, String option) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(option)) return true;
    }
    return false;
  }
}
