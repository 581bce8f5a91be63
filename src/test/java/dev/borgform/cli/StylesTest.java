package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.FakeInterrupts;
import dev.borgform.testing.ScriptedTerminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When output is coloured (no-color.org, force-color.org, TERM=dumb, --color, --no-color), as a
 * table; then the same rules through the CLI, on an error message.
 */
class StylesTest {

  static Stream<Arguments> rules() {
    return Stream.of(
        // terminal, flag --no-color, --color, variables, colour?
        Arguments.of(true, false, "auto", "", true),
        Arguments.of(false, false, "auto", "", false),
        Arguments.of(true, false, "auto", "NO_COLOR=1", false),
        Arguments.of(true, false, "auto", "NO_COLOR=", true), // empty: as if unset
        Arguments.of(true, false, "auto", "TERM=dumb", false),
        Arguments.of(true, false, "auto", "TERM=xterm-256color", true),
        Arguments.of(false, false, "auto", "FORCE_COLOR=1", true),
        Arguments.of(false, false, "auto", "FORCE_COLOR=", false),
        Arguments.of(true, false, "auto", "FORCE_COLOR=1 TERM=dumb", true),
        Arguments.of(false, false, "auto", "FORCE_COLOR=1 NO_COLOR=1", false),
        Arguments.of(true, true, "auto", "", false),
        Arguments.of(true, false, "never", "", false),
        Arguments.of(true, false, "never", "FORCE_COLOR=1", false),
        Arguments.of(false, false, "always", "", true),
        Arguments.of(false, false, "always", "NO_COLOR=1 TERM=dumb", true),
        Arguments.of(false, true, "always", "", false));
  }

  @ParameterizedTest(name = "terminal={0} --no-color={1} --color={2} {3} -> {4}")
  @MethodSource("rules")
  void colourRules(
      boolean terminal, boolean noColor, String when, String variables, boolean expected) {
    assertThat(Styles.colour(noColor, Styles.When.valueOf(when), environment(terminal, variables)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "terminal={0} --no-color={1} --color={2} {3} -> {4}")
  @MethodSource("rules")
  void theCliFollowsTheRules(
      boolean terminal, boolean noColor, String when, String variables, boolean expected) {
    String[] args =
        noColor
            ? new String[] {"validate", "--color=" + when, "--no-color", "-f", "no-such.yaml"}
            : new String[] {"validate", "--color=" + when, "-f", "no-such.yaml"};
    Result r =
        terminal
            ? CliRun.run(
                variables(variables),
                new ScriptedTerminal(Duration.ZERO, ""),
                new FakeInterrupts(),
                args)
            : CliRun.run(variables(variables), args);
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err().contains("\u001b[31m")).as(r.err()).isEqualTo(expected);
  }

  private static Map<String, String> variables(String text) {
    Map<String, String> env = new HashMap<>();
    for (String pair : text.split(" ")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return env;
  }

  private static Environment environment(boolean terminal, String variables) {
    StringWriter sink = new StringWriter();
    return new Environment(
        variables(variables),
        Path.of("").toAbsolutePath(),
        new PrintWriter(sink),
        new PrintWriter(sink),
        terminal ? new ScriptedTerminal(Duration.ZERO, "") : Terminal.none(),
        () -> {});
  }
}
