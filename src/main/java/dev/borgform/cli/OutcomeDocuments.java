package dev.borgform.cli;

import dev.borgform.diag.BorgformException;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.Outcome;
import dev.borgform.render.GithubAnnotationsRenderer;
import dev.borgform.render.JsonOutcomeRenderer;
import dev.borgform.render.MarkdownFailureRenderer;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Commands whose standard output is a document for a machine or a pull request ({@code plan
 * --output markdown|json}, {@code validate --output json|github}). When such a command fails, its
 * standard output still gets a document saying why, with the diagnostics, so a CI step that posts
 * standard output shows the failure rather than an empty comment; stderr and the exit code stay as
 * they are.
 */
interface OutcomeDocuments {
  /** The kinds of document on standard output. */
  enum Format {
    MARKDOWN,
    JSON,
    GITHUB
  }

  /** The command's name, as the document titles it. */
  String commandName();

  /**
   * The document a failure writes on standard output now, or null for none: text output, or the
   * command's own document already written (a later failure must not append a second one).
   */
  @Nullable Format failureFormat();

  /**
   * The most characters a Markdown document may hold (0 for no limit): {@code plan --max-chars},
   * which cuts a failure document as it cuts the plan, between whole rows.
   */
  default int markdownMaxChars() {
    return 0;
  }

  static void write(Format format, Outcome outcome, PrintWriter out) {
    write(format, outcome, 0, out);
  }

  static void write(Format format, Outcome outcome, int markdownMaxChars, PrintWriter out) {
    switch (format) {
      case MARKDOWN -> new MarkdownFailureRenderer(markdownMaxChars).render(outcome, out);
      case JSON -> new JsonOutcomeRenderer().render(outcome, out);
      case GITHUB -> new GithubAnnotationsRenderer().render(outcome, out);
    }
  }

  /** The outcome of a failure, as the error handler reports it on stderr. */
  static Outcome of(String command, Exception ex) {
    if (ex instanceof DiagnosticsException d) {
      return new Outcome(command, d.exitCode(), d.getMessage(), d.hint(), d.diagnostics());
    }
    if (ex instanceof BorgformException b) {
      return new Outcome(command, b.exitCode(), b.getMessage(), b.hint(), List.of());
    }
    return new Outcome(
        command,
        ExitCodes.FAILURE,
        "internal error: "
            + ex.getClass().getSimpleName()
            + (ex.getMessage() == null ? "" : ": " + ex.getMessage()),
        "This is a bug in borgform. Run again with --debug and report the output.",
        List.of());
  }
}
