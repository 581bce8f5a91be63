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

  /** Files to complete: a spec, a saved plan, a token file and a sandbox state file. */
  private static void files(Path dir) throws IOException {
    for (String f : List.of("spec.yaml", "plan-a.json", "token.txt", "state.json")) {
      Files.writeString(dir.resolve(f), "");
    }
  }

  /**
   * bash itself runs the generated script: each line is split into words as bash splits them (at
   * spaces and at '='), the completion function runs, and compgen's answers are printed.
   */
  @Test
  void bashCompletesFileNamesWithCompgen(@TempDir Path dir) throws Exception {
    files(dir);
    Path script = dir.resolve("borgform.bash");
    Files.writeString(script, CliRun.run(Map.of(), "completion", "bash").out());
    String driver =
        "source "
            + script
            + "\n"
            + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
            + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=();"
            + " _complete_borgform_files_after_equals borgform 2>/dev/null;"
            + " echo \"$* => ${COMPREPLY[*]}\"; }\n"
            + "t borgform plan -f sp\n"
            + "t borgform validate --file sp\n"
            + "t borgform plan --out pl\n"
            + "t borgform apply pla\n"
            + "t borgform plan --token-file tok\n"
            + "t borgform plan --sandbox = st\n"
            + "t borgform --sandbox = st\n"
            + "t borgform plan --out = pl\n"
            + "t borgform plan --ou\n"
            + "t borgform pl\n";
    Path drive = dir.resolve("drive.sh");
    Files.writeString(drive, driver);
    String out = run(dir, "/usr/bin/bash", "--norc", "--noprofile", drive.toString());
    assertThat(out.lines())
        .containsExactly(
            "borgform plan -f sp => spec.yaml",
            "borgform validate --file sp => spec.yaml",
            "borgform plan --out pl => plan-a.json",
            "borgform apply pla => plan-a.json",
            "borgform plan --token-file tok => token.txt",
            "borgform plan --sandbox = st => state.json",
            "borgform --sandbox = st => state.json",
            "borgform plan --out = pl => plan-a.json",
            "borgform plan --ou => --output --out",
            "borgform pl => plan");
  }

  @Test
  void fishCompletesFileNames(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/fish")), "fish is not installed");
    files(dir);
    Path script = dir.resolve("borgform.fish");
    Files.writeString(script, CliRun.run(Map.of(), "completion", "fish").out());
    Map<String, String> cases =
        Map.of(
            "borgform plan -f sp", "spec.yaml",
            "borgform plan --out pl", "plan-a.json",
            "borgform apply pla", "plan-a.json",
            "borgform plan --token-file tok", "token.txt",
            "borgform plan --sandbox=st", "--sandbox=state.json",
            "borgform --sandbox=st", "--sandbox=state.json",
            "borgform --sandbox pl", "plan");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      String out =
          run(
              dir,
              "/usr/bin/fish",
              "-c",
              "source " + script + "; complete -C '" + c.getKey() + "'");
      assertThat(out.lines().map(l -> l.split("\t")[0]))
          .as(c.getKey())
          .containsExactly(c.getValue());
    }
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
    assertThat(out.strip())
        .isEqualTo("_bash_complete -F _complete_borgform_files_after_equals -o default");
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
