package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code plan --max-chars N} through the CLI: where it applies, its smallest value, a cut plan. */
class MaxCharsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--output text --max-chars 2000 | Error: --max-chars applies to --output markdown only",
        "--output json --max-chars 2000 | Error: --max-chars applies to --output markdown only",
        "--max-chars 2000 | Error: --max-chars applies to --output markdown only",
        "--output markdown --max-chars 999 | Error: --max-chars must be 1000 or more",
      })
  void isAUsageErrorOutsideMarkdownAndBelowItsSmallestValue(String args, String error) {
    Result r =
        CliRun.run(Map.of(), ("plan --sandbox=" + dir.resolve("s.json") + " " + args).split(" "));
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).startsWith(error);
  }

  @Test
  void cutsThePlanToTheLimitWithANote() {
    Result r =
        CliRun.run(
            Map.of(),
            "plan",
            "--sandbox=" + dir.resolve("s.json"),
            "-f",
            "examples/borgbase.yaml",
            "--output",
            "markdown",
            "--max-chars",
            "1000");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().length()).isLessThanOrEqualTo(1000);
    assertThat(r.out())
        .contains("**Plan: 7 to add, 0 to change, 0 to delete.**")
        .containsPattern("… [0-9] more changes not shown")
        .endsWith(".</sub>\n");
  }

  @Test
  void cutsTheFailureDocumentOfAnInvalidSpecToTheLimit() throws Exception {
    StringBuilder spec = new StringBuilder("version: 1\nrepos:\n");
    for (int i = 0; i < 60; i++) {
      spec.append("  - name: r").append(i).append("\n    fullAccessKeys: [missing").append(i);
      spec.append("]\n");
    }
    Path file = dir.resolve("invalid.yaml");
    Files.writeString(file, spec.toString());
    Result r =
        CliRun.run(
            Map.of(),
            "plan",
            "--sandbox=" + dir.resolve("s.json"),
            "-f",
            file.toString(),
            "--output",
            "markdown",
            "--max-chars",
            "1000");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(r.out().length()).isLessThanOrEqualTo(1000);
    assertThat(r.out())
        .startsWith("## borgform plan")
        .containsPattern("… [0-9]+ more problems not shown")
        .endsWith("<sub>No plan was made; nothing was changed.</sub>\n");
  }
}
