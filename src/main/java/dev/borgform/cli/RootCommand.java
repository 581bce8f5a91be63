package dev.borgform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "borgform",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Declarative provisioning for BorgBase accounts: SSH keys and backup repos from a YAML spec.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ExportCommand.class,
      EmulatorCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success; for plan, no changes",
      " 1:runtime or API failure; apply failed part-way",
      " 2:plan --detailed-exitcode: changes present",
      " 3:refused as unsafe: stale saved plan, too many deletions without --force, repo deletion"
          + " without --allow-destroy",
      "64:usage error",
      "65:invalid spec"
    },
    footerHeading = "%nGet started:%n",
    footer = {
      "  borgform apply --sandbox -f examples/borgbase.yaml   # try it on a local emulator",
      "  borgform plan -f borgbase.yaml                       # with BORGBASE_TOKEN set"
    })
final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: choose validate, plan, apply, export or emulator");
  }
}
