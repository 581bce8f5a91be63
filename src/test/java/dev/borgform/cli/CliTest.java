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
  void noCommandIsAUsageError() {
    Result r = CliRun.run(Map.of());
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("Missing command");
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
