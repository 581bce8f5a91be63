package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A run builds in full only the command its arguments name ({@code Cli.commandLine(env, args)}),
 * and that changes nothing a user sees: each command line below prints the same, on both streams,
 * and exits with the same code, as with the whole command tree built.
 */
class LazyCommandTreeTest {
  static Stream<String> commandLines() {
    List<String> lines = new ArrayList<>();
    lines.addAll(
        List.of(
            "",
            "--help",
            "-h",
            "--version",
            "-V",
            "--version --help",
            "--help --version",
            "help",
            "help destroy",
            "destroy",
            "plna",
            "--bogus",
            "--bogus plan",
            "--debug",
            "--sandbox",
            "--sandbox validate",
            "--endpoint=http://127.0.0.1:1/graphql validate -f examples/borgbase.yaml",
            "--debug validate -f examples/borgbase.yaml",
            "--no-color --version",
            "validate -f examples/borgbase.yaml",
            "validate -f examples/every-field.yaml --output json",
            "validate -f examples/fleet.yaml --output=markdown",
            "validate -f examples/borgbase.yaml --output=yaml",
            "validate -f nonexistent.yaml",
            "validate -f src/test/resources/spec/invalid",
            "validate --color=always -f examples/borgbase.yaml",
            "validate examples/borgbase.yaml",
            "validate -f",
            "plan -f examples/borgbase.yaml",
            "apply -f examples/borgbase.yaml",
            "export",
            "output",
            "show",
            "show nonexistent.json",
            "completion bash",
            "completion zsh",
            "completion fish",
            "completion powershell",
            "emulator --port=notaport",
            "@nonexistent-argument-file"));
    // Every command there is, so a new one is run both ways too.
    for (String c : Cli.commandLine(CompletionTest.quietEnvironment()).getSubcommands().keySet()) {
      lines.add(c + " --help");
      lines.add(c + " -h");
      lines.add(c + " --bogus");
      lines.add("help " + c);
      lines.add(c + " --version");
    }
    return lines.stream();
  }

  @ParameterizedTest(name = "borgform {0}")
  @MethodSource("commandLines")
  void aCommandLinePrintsTheSameAsWithTheWholeTree(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    Result lazy = run(args, Cli.Tree.FOR_ARGS);
    Result whole = run(args, Cli.Tree.WHOLE);

    assertThat(lazy).isEqualTo(whole);
  }

  @Test
  void planAndApplyOnTheSandboxPrintTheSameAsWithTheWholeTree(@TempDir Path dir)
      throws IOException {
    Path state = dir.resolve("sandbox.json");
    for (String line :
        List.of(
            "plan -f examples/borgbase.yaml",
            "apply -f examples/borgbase.yaml --auto-approve",
            "export")) {
      String[] args = ("--sandbox=" + state + " " + line).split(" ");
      Result lazy = run(args, Cli.Tree.FOR_ARGS);
      clear(dir);
      Result whole = run(args, Cli.Tree.WHOLE);
      clear(dir);

      assertThat(lazy).as(line).isEqualTo(whole);
      assertThat(lazy.exitCode()).as(lazy.toString()).isZero();
    }
  }

  @Test
  void onlyTheNamedCommandIsBuiltInFull() {
    CommandLine tree =
        Cli.commandLine(
            CompletionTest.quietEnvironment(), new String[] {"validate", "-f", "spec.yaml"});

    assertThat(tree.getSubcommands().keySet())
        .as("every command is there by name")
        .containsExactlyElementsOf(
            Cli.commandLine(CompletionTest.quietEnvironment()).getSubcommands().keySet());
    assertThat(tree.getSubcommands().get("validate").getCommandSpec().options()).isNotEmpty();
    assertThat(tree.getSubcommands().get("plan").getCommandSpec().options())
        .as("a placeholder")
        .isEmpty();
  }

  private static void clear(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) Files.delete(f);
    }
  }

  private static Result run(String[] args, Cli.Tree tree) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Environment env =
        new Environment(
            Map.of("NO_COLOR", "1"),
            Path.of("").toAbsolutePath(),
            new PrintWriter(out),
            new PrintWriter(err),
            Terminal.none(),
            () -> {});
    int code = Cli.run(args, env, tree);
    return new Result(code, out.toString(), err.toString());
  }
}
