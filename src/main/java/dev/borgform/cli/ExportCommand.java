package dev.borgform.cli;

import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.live.LiveState;
import dev.borgform.planner.Exporter;
import dev.borgform.spec.SpecWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Write the live account as a spec that plans to no changes: keys with their comments,"
            + " repos with every field and pinned ids, key references by name.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  BORGBASE_TOKEN=... borgform export --out borgbase.yaml",
      "  borgform export --sandbox > sandbox.yaml"
    })
final class ExportCommand implements Callable<Integer> {
  private final Environment env;

  @Mixin GlobalOptions global;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the spec to FILE (which must not exist yet) instead of standard output.")
  String outFile;

  ExportCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    Path target = outFile == null ? null : env.resolve(outFile);
    // Checked before reading the account: an existing spec is never overwritten.
    if (target != null && Files.exists(target)) {
      throw new UsageException(
          Printable.of(outFile) + " already exists; export never overwrites a file",
          "Choose another --out, or move the file away first.");
    }
    LiveState live;
    try (Session session = Session.open(global, env)) {
      live = session.reader().read();
    }
    Exporter.Export export = new Exporter().export(live);
    String yaml =
        new SpecWriter()
            .write(
                export.desired(),
                List.of(
                    "Exported by borgform from the live account. `borgform plan` with this spec",
                    "shows no changes. Repos are pinned by id, so renaming one here renames it."));
    PrintWriter err = env.err();
    for (String w : export.warnings()) err.println("Warning: " + Printable.of(w));
    if (target == null) {
      env.out().print(yaml);
      env.out().flush();
    } else {
      OutFiles.refuseSecrets(yaml, outFile, env.secrets());
      PlanFiles.write(target, outFile, yaml);
      env.out()
          .println(
              "Exported "
                  + export.desired().keys().size()
                  + " keys and "
                  + export.desired().repos().size()
                  + " repos to "
                  + outFile
                  + ".");
      env.out().flush();
    }
    err.flush();
    return 0;
  }
}
