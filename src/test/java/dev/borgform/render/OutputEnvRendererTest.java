package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.UsageException;
import dev.borgform.model.OutputValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --format env}: variable names from object names, and values from the account that a shell
 * takes back exactly, whatever they hold: {@code sh} evaluates the output and prints the value, and
 * nothing in it runs.
 */
class OutputEnvRendererTest {
  @TempDir Path dir;

  private static String render(OutputValues values) {
    StringWriter s = new StringWriter();
    new OutputEnvRenderer().render(values, new PrintWriter(s));
    return s.toString();
  }

  private static OutputValues repoWithPath(String name, String path) {
    return new OutputValues(
        List.of(new OutputValues.Repo(name, "ab12cd34", "eu", path, null)), List.of());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "web-01|BORGFORM_REPO_WEB_01",
        "db.primary|BORGFORM_REPO_DB_PRIMARY",
        "Mixed Case|BORGFORM_REPO_MIXED_CASE",
        "straße|BORGFORM_REPO_STRASSE",
        "a$(id)|BORGFORM_REPO_A__ID_"
      })
  void namesBecomeUpperCaseLettersDigitsAndUnderscores(String name, String prefix) {
    assertThat(render(repoWithPath(name, "p"))).startsWith(prefix + "_ID='ab12cd34'\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssh://ab12cd34@ab12cd34.repo.borgbase.com/./repo",
        "it's",
        "'; touch pwned; echo '",
        "$(touch pwned)",
        "`touch pwned`",
        "${HOME}",
        "\\'\\\"",
        "a  b c",
        "'",
        ""
      })
  void aShellReadsEveryValueBackExactlyAndRunsNothing(String value) throws Exception {
    Path env = dir.resolve("out.env");
    Files.writeString(env, render(repoWithPath("web-01", value)));
    Process p =
        new ProcessBuilder(
                "sh", "-c", "eval \"$(cat out.env)\"; printf '%s' \"$BORGFORM_REPO_WEB_01_PATH\"")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(got).isEqualTo(value);
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nBORGFORM_EVIL=1", "a\rb", "a\u001b[2Jb", "a\u202eb", "a\u0000b"})
  void aValueThatCouldStartALineOfItsOwnIsRefused(String value) {
    assertThatThrownBy(() -> render(repoWithPath("web-01", value)))
        .isInstanceOf(FailureException.class)
        .hasMessageContaining("BORGFORM_REPO_WEB_01_PATH")
        .hasMessageContaining("control character");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"web-01|web_01", "web.01|WEB-01"})
  void twoNamesThatBecomeOneVariableAreAUsageError(String a, String b) {
    OutputValues values =
        new OutputValues(
            List.of(
                new OutputValues.Repo(a, "ab12cd34", "eu", "p", null),
                new OutputValues.Repo(b, "cd34ef56", "eu", "q", null)),
            List.of());
    assertThatThrownBy(() -> render(values))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "repo \""
                + a
                + "\" and repo \""
                + b
                + "\" both become BORGFORM_REPO_WEB_01_... in"
                + " --format env");
  }
}
