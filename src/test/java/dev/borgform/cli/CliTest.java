package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: version, help, completion and usage errors (exit 64). */
class CliTest {

  @Test
  void versionNamesTheBuild() {
    Result r = CliRun.run(Map.of(), "--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("borgform ").doesNotContain("${").doesNotContain("unknown");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "plan", "apply", "show", "export", "emulator", "completion"})
  void everyCommandHasHelpWithExamples(String command) {
    Result r = CliRun.run(Map.of(), command, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: borgform " + command).contains("Examples:");
  }

  @Test
  void completionScriptsCoverCommandsAndOptions() {
    Result bash = CliRun.run(Map.of(), "completion", "bash");
    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_borgform -o default borgform")
        .contains("--detailed-exitcode")
        .contains("--allow-destroy")
        .contains("export");
    Result zsh = CliRun.run(Map.of(), "completion", "zsh");
    assertThat(zsh.out()).contains("bashcompinit");
  }

  @Test
  void anUnsupportedShellIsAUsageError() {
    Result r = CliRun.run(Map.of(), "completion", "powershell");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("expected one of [bash, zsh, fish]");
  }

  @Test
  void noCommandListsEveryCommandAndIsAUsageError() {
    Result r = CliRun.run(Map.of());
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("Missing command").contains("Run 'borgform help COMMAND'");
    for (String command :
        Cli.commandLine(CompletionTest.quietEnvironment()).getSubcommands().keySet()) {
      assertThat(r.err()).as(command).containsPattern("(?m)^  " + command + " ");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "plan", "apply", "export", "emulator", "completion"})
  void helpCommandShowsTheCommandsHelp(String command) {
    Result help = CliRun.run(Map.of(), "help", command);
    Result option = CliRun.run(Map.of(), command, "--help");
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(help.out()).isEqualTo(option.out()).startsWith("Usage: borgform " + command);
  }

  @Test
  void helpAloneShowsTheRootHelp() {
    Result r = CliRun.run(Map.of(), "help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(CliRun.run(Map.of(), "--help").out()).contains("Commands:");
  }

  @Test
  void helpForAnUnknownCommandIsAUsageError() {
    Result r = CliRun.run(Map.of(), "help", "destroy");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("destroy");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--endpoint=https://x.example/graphql validate",
        "--token-file=t validate",
        "--sandbox validate",
        "--timeout=5s completion bash"
      })
  void aGlobalOptionTheCommandDoesNotTakeIsAUsageError(String line) {
    String[] args = line.split(" ");
    Result r = CliRun.run(Map.of(), args);
    String option = args[0].replaceFirst("=.*", "");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
    assertThat(r.err())
        .contains("Error: " + option + " does not apply to 'borgform " + args[1] + "'")
        .contains("Run 'borgform " + args[1] + " --help' for usage.");
  }

  @Test
  void aMisspeltOptionGetsASuggestion() {
    Result r = CliRun.run(Map.of(), "plan", "--detailed-exit-code");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err())
        .contains("Unknown option: '--detailed-exit-code'")
        .contains("--detailed-exitcode");
  }

  @Test
  void aTokenOnTheCommandLineIsNotAnOption() {
    Result r = CliRun.run(Map.of(), "plan", "--token", "abc");
    assertThat(r.exitCode()).isEqualTo(64);
  }
}
