package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "borgform",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Declarative provisioning for BorgBase accounts: SSH keys and backup repos from a YAML spec.",
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
      "  NO_COLOR, FORCE_COLOR              no colours; colours even without a terminal",
      "%nGet started:",
      "  borgform apply --sandbox -f examples/borgbase.yaml   # on a local emulator",
      "  borgform plan -f borgbase.yaml                       # with BORGBASE_TOKEN set"
    })
final class RootCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  // The options of plan, apply and export, also accepted before the command (GlobalOptionsFirst
  // hands them over).
  @Mixin GlobalOptions global;

  RootCommand(Environment env) {
    this.env = env;
  }

  /**
   * {@code borgform} alone: the usage with every command, as {@code terraform} alone shows it, on
   * stderr (it is not the output of a command) and with the usage exit code.
   */
  @Override
  public Integer call() {
    PrintWriter err = env.err();
    spec.commandLine().usage(err);
    err.println();
    err.println("Error: Missing command: choose one of the commands above, e.g. 'borgform plan'.");
    err.println("  Run 'borgform help COMMAND' for a command's options.");
    err.flush();
    return ExitCodes.USAGE;
  }
}
