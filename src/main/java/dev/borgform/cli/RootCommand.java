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
      ShowCommand.class,
      DoctorCommand.class,
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
      "65:invalid spec",
      "130:apply interrupted by Ctrl-C: the request in flight finished, the report says what was"
          + " done"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  BORGBASE_TOKEN, BORGBASE_API_URL   the API token and endpoint",
      "  HTTPS_PROXY, HTTP_PROXY, NO_PROXY  proxies, read as curl reads them",
      "  SSL_CERT_FILE, SSL_CERT_DIR        PEM CA certificates to trust besides Java's",
      "  NO_COLOR                           no colours",
      "%nGet started:",
      "  borgform apply --sandbox -f examples/borgbase.yaml   # try it on a local emulator",
      "  borgform plan -f borgbase.yaml                       # with BORGBASE_TOKEN set"
    })
final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: choose validate, plan, apply, show, export, doctor or emulator");
  }
}
