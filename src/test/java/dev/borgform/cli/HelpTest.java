package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of every command at 80 columns, against golden/help/: no line longer than 80, every
 * example line whole (an example that wrapped would leave a line that looks like a command), and
 * every dotted name (policy.pruneRepos) whole.
 */
class HelpTest {
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9]+(?:\\.[A-Za-z][A-Za-z0-9]*)+");

  static Stream<String> commands() {
    List<String> names = new ArrayList<>(List.of(""));
    names.addAll(Cli.commandLine(CompletionTest.quietEnvironment()).getSubcommands().keySet());
    return names.stream();
  }

  private static CommandSpec spec(String command) {
    CommandLine root = Cli.commandLine(CompletionTest.quietEnvironment());
    return command.isEmpty()
        ? root.getCommandSpec()
        : root.getSubcommands().get(command).getCommandSpec();
  }

  private static Result help(String command) {
    return command.isEmpty()
        ? CliRun.run(Map.of(), "--help")
        : CliRun.run(Map.of(), command, "--help");
  }

  @ParameterizedTest(name = "borgform {0} --help")
  @MethodSource("commands")
  void helpAt80Columns(String command) {
    Result r = help(command);
    assertThat(r.exitCode()).isZero();
    String out = r.out();
    Golden.check("help/" + (command.isEmpty() ? "borgform" : command) + ".txt", out);
    assertThat(out.lines()).allMatch(l -> l.length() <= 80, "at most 80 columns");
    assertThat(out).doesNotContain("\uE000");
    CommandSpec spec = spec(command);
    List<String> lines = out.lines().toList();
    for (String example : spec.usageMessage().footer()) {
      if (example.startsWith("  ")) {
        assertThat(lines).as("the example line is whole").contains(example.stripTrailing());
      }
    }
    List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
    for (OptionSpec o : spec.options()) texts.addAll(List.of(o.description()));
    // The help with every line break after a dot undone: where a name is in it, it must be whole.
    String rejoined = out.replaceAll("\\.\\n\\s+", ".");
    for (String text : texts) {
      Matcher m = DOTTED.matcher(text);
      while (m.find()) {
        if (!rejoined.contains(m.group())) continue; // a text picocli shows differently
        assertThat(out).as("%s is never broken at its dot", m.group()).contains(m.group());
      }
    }
  }

  @ParameterizedTest(name = "borgform help {0}")
  @MethodSource("commands")
  void helpCommandIsTheSame(String command) {
    Result viaHelp =
        command.isEmpty() ? CliRun.run(Map.of(), "help") : CliRun.run(Map.of(), "help", command);
    assertThat(viaHelp.out()).isEqualTo(help(command).out());
  }
}
