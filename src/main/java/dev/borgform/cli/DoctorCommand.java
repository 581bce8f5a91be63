package dev.borgform.cli;

import dev.borgform.api.Doctor;
import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.doctor.DoctorDocument;
import dev.borgform.render.DoctorRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check everything plan and apply rely on, without changing anything: DNS, TCP, TLS and the"
            + " proxy on the way to the endpoint, the token and its level, the account read, and"
            + " the live API schema against every request borgform sends. Exit 0 when all is"
            + " there, 1 otherwise. A Read Only token is enough.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  BORGBASE_TOKEN=... borgform doctor",
      "  borgform doctor --output json > doctor.json",
      "  borgform doctor --save-schema schema.json   # attach it to a bug report",
      "  borgform doctor --sandbox"
    })
final class DoctorCommand implements Callable<Integer> {
  /** How the report is printed on standard output. */
  enum Output {
    text,
    json
  }

  private final Environment env;

  @Mixin GlobalOptions global;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "How to print the report: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output output = Output.text;

  @Option(
      names = "--save-schema",
      paramLabel = "FILE",
      description =
          "Write the live API's introspection result to FILE as JSON (it replaces only an earlier"
              + " saved schema).")
  String saveSchema;

  DoctorCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    Path schemaFile = saveSchema == null ? null : schemaTarget();
    Doctor.Result result;
    String source =
        global.sandbox != null
            ? "the sandbox"
            : global.endpoint != null
                ? "from --endpoint"
                : env.env().containsKey("BORGBASE_API_URL")
                    ? "from BORGBASE_API_URL"
                    : "the default";
    try (Session session = Session.open(global, env)) {
      result = new Doctor(session.client()).run(source);
    }
    if (output == Output.json) {
      env.out().print(new DoctorDocument().write(result.report()));
      env.out().flush();
    } else {
      new DoctorRenderer(global.colors.style(env)).render(result.report(), env.out());
    }
    if (schemaFile != null) {
      if (result.introspection() == null) {
        env.err()
            .println(
                "Note: no schema was saved to "
                    + Printable.of(saveSchema)
                    + ": the endpoint gave no introspection result.");
        env.err().flush();
        return ExitCodes.FAILURE;
      }
      OutFiles.refuseSecrets(result.introspection(), saveSchema, env.secrets());
      try {
        Files.writeString(schemaFile, result.introspection(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new FailureException(
            "Could not write the schema to "
                + Printable.of(saveSchema)
                + " ("
                + e.getClass().getSimpleName()
                + ")",
            "Check the path and its folder's permissions.",
            e);
      }
      // Standard output stays one JSON document with --output json.
      java.io.PrintWriter note = output == Output.text ? env.out() : env.err();
      note.println("Saved the live schema to " + Printable.of(saveSchema) + ".");
      note.flush();
    }
    return result.report().passed() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /**
   * Checked before anything is sent: {@code --save-schema} writes a new file, or replaces a schema
   * it saved before; never any other file (a mistyped name must not destroy a spec).
   */
  private Path schemaTarget() {
    Path p = env.resolve(saveSchema);
    String shown = Printable.of(saveSchema);
    if (!Files.exists(p)) return p;
    if (!Files.isRegularFile(p)) {
      throw new UsageException(
          "--save-schema " + shown + " is not a regular file",
          "Give --save-schema the name of a file to write, e.g. --save-schema schema.json.");
    }
    String text;
    try {
      text = Files.size(p) > 64L * 1024 * 1024 ? "" : Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    if (!Doctor.isIntrospectionResult(text)) {
      throw new UsageException(
          shown
              + " already exists and is not a saved schema; --save-schema only replaces a schema"
              + " it saved before",
          "Choose another file name, or move the file away first.");
    }
    return p;
  }
}
