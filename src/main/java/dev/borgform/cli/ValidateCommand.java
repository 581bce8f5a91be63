package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.Outcome;
import dev.borgform.model.DesiredState;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a spec offline: no token, no network.",
    footerHeading = "%nExamples:%n",
    footer = {"  borgform validate -f borgbase.yaml", "  borgform validate -f specs/"})
final class ValidateCommand implements Callable<Integer>, OutcomeDocuments {
  /** How the result is printed on standard output. */
  enum Output {
    text,
    json,
    github
  }

  private final Environment env;

  @Mixin SpecOption spec;

  @Mixin ColorOptions colors;

  @Option(names = "--debug", description = "Show stack traces on failure.")
  boolean debug;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "How to report: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json: one"
              + " document with every problem and its place; github: GitHub Actions annotations"
              + " (::error file=...,line=...,col=...::) on the spec's lines.")
  Output output = Output.text;

  ValidateCommand(Environment env) {
    this.env = env;
  }

  @Override
  public String commandName() {
    return "validate";
  }

  @Override
  public @Nullable Format failureFormat() {
    return switch (output) {
      case text -> null;
      case json -> Format.JSON;
      case github -> Format.GITHUB;
    };
  }

  @Override
  public Integer call() {
    DesiredState d = Specs.load(spec, env);
    String valid =
        "The spec is valid: "
            + d.keys().size()
            + (d.keys().size() == 1 ? " key, " : " keys, ")
            + d.repos().size()
            + (d.repos().size() == 1 ? " repo." : " repos.");
    Format format = failureFormat();
    if (format == null) {
      env.out().println(valid);
    } else {
      OutcomeDocuments.write(
          format, new Outcome("validate", ExitCodes.OK, valid, "", List.of()), env.out());
    }
    env.out().flush();
    return ExitCodes.OK;
  }
}
