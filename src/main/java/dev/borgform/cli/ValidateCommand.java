package dev.borgform.cli;

import dev.borgform.model.DesiredState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a spec offline: no token, no network.",
    footerHeading = "%nExamples:%n",
    footer = {"  borgform validate -f borgbase.yaml", "  borgform validate -f specs/"})
final class ValidateCommand implements Callable<Integer> {
  private final Environment env;

  @Mixin SpecOption spec;

  @Option(names = "--no-color", description = "No colours in output (also: NO_COLOR set).")
  boolean noColor;

  /** Terraform's spelling; hidden so help and completion show one name per option. */
  @Option(names = "-no-color", hidden = true)
  void terraformNoColor(boolean on) {
    noColor = on;
  }

  @Option(names = "--debug", description = "Show stack traces on failure.")
  boolean debug;

  ValidateCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    DesiredState d = Specs.load(spec, env);
    env.out()
        .println(
            "The spec is valid: "
                + d.keys().size()
                + (d.keys().size() == 1 ? " key, " : " keys, ")
                + d.repos().size()
                + (d.repos().size() == 1 ? " repo." : " repos."));
    env.out().flush();
    return 0;
  }
}
