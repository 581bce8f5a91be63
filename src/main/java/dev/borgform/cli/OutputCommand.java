package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.model.DesiredState;
import dev.borgform.model.OutputValues;
import dev.borgform.planfile.OutputDocument;
import dev.borgform.render.OutputEnvRenderer;
import dev.borgform.spec.OutputYaml;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "output",
    mixinStandardHelpOptions = true,
    description =
        "Print what the servers need from the account, in one read: each repo's id, region,"
            + " repoPath and its server's host key fingerprints, each key's id and fingerprint."
            + " Exit 2 when an object of the spec is not in the account yet.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform output --format json > outputs.json",
      "  eval \"$(borgform output --format env web-01)\"   # $BORGFORM_REPO_WEB_01_PATH",
      "  borgform output --format borgmatic web-01 > repositories.yaml"
    })
final class OutputCommand implements Callable<Integer> {
  /** How the values are printed on standard output. */
  enum Format {
    json,
    yaml,
    env,
    borgmatic
  }

  private final Environment env;

  @Mixin GlobalOptions global;
  @Mixin SpecOption spec;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "How to print: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.json;

  @Parameters(
      paramLabel = "NAME",
      arity = "0..*",
      description = "Only these repos and keys of the spec (default: all of them).")
  List<String> names = new ArrayList<>();

  OutputCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    Specs.Prepared prepared = Specs.prepare(spec, global, env);
    DesiredState desired;
    OutputValues live;
    try (EarlyRead<OutputValues> early =
        EarlyRead.start(global, env, env.resolve(spec.file), s -> s.client().readOutputs())) {
      desired = prepared.load();
      checkNames(desired);
      EarlyRead.Opened<OutputValues> opened = early.await();
      opened.session().close();
      live = opened.value();
    }
    OutputValues values = live.select(desired).only(List.copyOf(new LinkedHashSet<>(names)));
    if (format == Format.borgmatic) {
      values = new OutputValues(values.repos(), List.of());
    }
    PrintWriter out = env.out();
    PrintWriter err = env.err();
    List<String> missing = new ArrayList<>();
    values.repos().stream()
        .filter(OutputValues.Repo::missing)
        .forEach(r -> missing.add("repo \"" + Printable.of(r.name()) + "\""));
    values.keys().stream()
        .filter(OutputValues.Key::missing)
        .forEach(k -> missing.add("key \"" + Printable.of(k.name()) + "\""));
    switch (format) {
      case json -> out.print(new OutputDocument().write(values));
      case yaml -> out.print(OutputYaml.yaml(OutputDocument.tree(values)));
      case env -> new OutputEnvRenderer().render(values, out);
      case borgmatic -> {
        // A repositories: entry without a path would break the borgmatic configuration; print
        // none rather than part of them.
        if (missing.isEmpty()) out.print(OutputYaml.borgmatic(values.repos()));
      }
    }
    out.flush();
    if (missing.isEmpty()) return 0;
    err.println(
        "Warning: not in the account yet: "
            + String.join(", ", missing)
            + (format == Format.json || format == Format.yaml
                ? " (their id is null)"
                : format == Format.env ? " (no variables for them)" : " (nothing was printed)"));
    err.println(
        "  Run borgform apply to create them, or check that -f names the spec of this account.");
    err.flush();
    return ExitCodes.CHANGES_PRESENT;
  }

  /** Every NAME must be a repo or key of the spec; borgmatic takes repos only. */
  private void checkNames(DesiredState desired) {
    Set<String> repos = new LinkedHashSet<>();
    desired.repos().forEach(r -> repos.add(r.name()));
    Set<String> keys = new LinkedHashSet<>();
    desired.keys().forEach(k -> keys.add(k.name()));
    for (String n : names) {
      if (format == Format.borgmatic && !repos.contains(n) && keys.contains(n)) {
        throw new UsageException(
            "\"" + Printable.of(n) + "\" is a key; --format borgmatic lists repos",
            "Name repos of the spec, or use --format json for keys.");
      }
      if (!repos.contains(n) && !keys.contains(n)) {
        throw new UsageException(
            "the spec "
                + Printable.of(spec.file)
                + " has no repo or key named \""
                + Printable.of(n)
                + "\"",
            "Name repos or keys of the spec (borgform validate -f "
                + Printable.of(spec.file)
                + " counts them), or leave NAME out for all of them.");
      }
    }
  }
}
