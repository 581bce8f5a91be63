package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion scripts: each covers every visible command and option of the real command model,
 * and where the shell is installed, the shell itself reads the script and completes from it.
 */
class CompletionTest {

  private static CommandLine model() {
    return Cli.commandLine(quietEnvironment());
  }

  /** An environment whose output goes nowhere, for looking at the command model. */
  static Environment quietEnvironment() {
    StringWriter sink = new StringWriter();
    return new Environment(
        Map.of(),
        Path.of("").toAbsolutePath(),
        new PrintWriter(sink),
        new PrintWriter(sink),
        Terminal.none(),
        () -> {});
  }

  /** Every visible (command, option) pair of the model, as "command --long-or-short". */
  private static List<String[]> visibleOptions() {
    List<String[]> out = new ArrayList<>();
    CommandLine root = model();
    root.getSubcommands()
        .forEach(
            (name, sub) -> {
              for (OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.hidden()) out.add(new String[] {name, o.longestName()});
              }
            });
    return out;
  }

  @Test
  void theFishScriptHasALineForEveryCommandAndOption() {
    Result r = CliRun.run(Map.of(), "completion", "fish");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    String script = r.out();
    for (String command : model().getSubcommands().keySet()) {
      assertThat(script)
          .contains("complete -c borgform -n '__fish_use_subcommand' -f -a '" + command + "'");
    }
    List<String[]> options = visibleOptions();
    assertThat(options).hasSizeGreaterThan(20);
    for (String[] o : options) {
      String flag = o[1].startsWith("--") ? "-l " + o[1].substring(2) : "-s " + o[1].substring(1);
      assertThat(script)
          .as("%s %s", o[0], o[1])
          .containsPattern(
              "(?m)^complete -c borgform -n '__fish_seen_subcommand_from "
                  + o[0]
                  + "' .*"
                  + java.util.regex.Pattern.quote(flag)
                  + "\\b");
    }
    // Fixed value sets are offered and exclude files; a file-taking option keeps them.
    assertThat(script)
        .contains(
            "complete -c borgform -n '__fish_seen_subcommand_from plan' -l output -x -a 'text"
                + " json markdown'")
        .containsPattern("(?m)^complete .*'__fish_seen_subcommand_from plan' -s f -l file -r ")
        .contains("-f -a 'bash zsh fish'");
  }

  @Test
  void quotingSurvivesQuotesAndBackslashes() {
    assertThat(FishCompletion.quote("it's a \\ path")).isEqualTo("'it\\'s a \\\\ path'");
  }

  @Test
  void fishReadsTheScriptAndCompletesFromIt(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed");
    Path script = dir.resolve("borgform.fish");
    Files.writeString(script, CliRun.run(Map.of(), "completion", "fish").out());
    assertThat(run(dir, "/usr/bin/fish", "--no-execute", script.toString())).isEmpty();
    String commands =
        run(dir, "/usr/bin/fish", "-c", "source " + script + "; complete -C 'borgform '");
    assertThat(commands).contains("validate\t").contains("apply\t").contains("completion\t");
    String outputs =
        run(
            dir,
            "/usr/bin/fish",
            "-c",
            "source " + script + "; complete -C 'borgform plan --output '");
    assertThat(outputs.lines().map(l -> l.split("\t")[0]))
        .containsExactly("json", "markdown", "text");
  }

  @Test
  void zshLoadsTheScriptAndRegistersTheCompletion(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed");
    Path script = dir.resolve("borgform.zsh");
    Files.writeString(script, CliRun.run(Map.of(), "completion", "zsh").out());
    String out =
        run(
            dir,
            "/usr/bin/zsh",
            "-f",
            "-c",
            "autoload -U compinit && compinit -u -D && source "
                + script
                + " && print -r -- ${_comps[borgform]}");
    assertThat(out.strip()).isEqualTo("_bash_complete -F _complete_borgform -o default");
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
