package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.ScriptedTerminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The colour options come from one mixin ({@link ColorOptions}) in every command that offers them,
 * and behave the same in each: parsed, through the CLI on an error message, and given before the
 * command.
 */
class ColorOptionsTest {
  private static final Set<String> COLOUR_OPTIONS = Set.of("--color", "--no-color", "-no-color");

  /** Every command that prints for a person; "" is borgform itself (options before a command). */
  private static final List<String> COMMANDS =
      List.of("", "validate", "plan", "apply", "export", "output", "show", "doctor");

  private static Environment quiet(Map<String, String> variables, Terminal terminal) {
    StringWriter sink = new StringWriter();
    return new Environment(
        variables,
        Path.of("").toAbsolutePath(),
        new PrintWriter(sink),
        new PrintWriter(sink),
        terminal,
        () -> {});
  }

  private static List<CommandLine> everyCommand(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) all.addAll(everyCommand(sub));
    return all;
  }

  @Test
  void everyColourOptionOfEveryCommandIsTheMixins() {
    CommandLine root = Cli.commandLine(quiet(Map.of(), Terminal.none()));
    Set<String> offering = new TreeSet<>();
    for (CommandLine command : everyCommand(root)) {
      CommandSpec spec = command.getCommandSpec();
      List<String> found = new ArrayList<>();
      for (OptionSpec o : spec.options()) {
        for (String name : o.names()) {
          if (!COLOUR_OPTIONS.contains(name)) continue;
          found.add(name);
          Object element = o.userObject();
          assertThat(element).isInstanceOfAny(Field.class, Method.class);
          assertThat(((Member) element).getDeclaringClass())
              .as("%s of '%s' is declared by the mixin", name, spec.qualifiedName())
              .isEqualTo(ColorOptions.class);
        }
      }
      if (found.isEmpty()) {
        assertThat(ColorOptions.of(spec)).as(spec.qualifiedName()).isNull();
        continue;
      }
      assertThat(found)
          .as("'%s' has all three names or none", spec.qualifiedName())
          .containsExactlyInAnyOrderElementsOf(COLOUR_OPTIONS);
      assertThat(ColorOptions.of(spec)).as(spec.qualifiedName()).isNotNull();
      offering.add(spec.name());
    }
    List<String> expected = new ArrayList<>();
    for (String c : COMMANDS) expected.add(c.isEmpty() ? "borgform" : c);
    assertThat(offering).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Positional arguments a command needs to parse at all. */
  private static List<String> required(String command) {
    return command.equals("show") ? List.of("plan.json") : List.of();
  }

  static Stream<Arguments> parsedCases() {
    // options, variables, terminal, colour?
    List<Object[]> rules =
        List.of(
            new Object[] {"", "", true, true},
            new Object[] {"", "", false, false},
            new Object[] {"--no-color", "", true, false},
            new Object[] {"-no-color", "", true, false},
            new Object[] {"--color=never", "FORCE_COLOR=1", true, false},
            new Object[] {"--color=always", "NO_COLOR=1", false, true},
            new Object[] {"--color=always --no-color", "", false, false},
            new Object[] {"--color=auto", "FORCE_COLOR=1", false, true},
            new Object[] {"--color auto", "NO_COLOR=1", true, false},
            new Object[] {"", "TERM=dumb", true, false});
    List<Arguments> cases = new ArrayList<>();
    for (String command : COMMANDS) {
      for (Object[] r : rules) {
        cases.add(Arguments.of(command.isEmpty() ? "borgform" : command, r[0], r[1], r[2], r[3]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} terminal={3} -> {4}")
  @MethodSource("parsedCases")
  void theOptionsParseAndDecideAlikeInEveryCommand(
      String command, String options, String variables, boolean terminal, boolean colour) {
    Environment env =
        quiet(
            variables(variables),
            terminal ? new ScriptedTerminal(Duration.ZERO, "") : Terminal.none());
    CommandLine root = Cli.commandLine(env);
    List<String> args = new ArrayList<>();
    boolean isRoot = command.equals("borgform");
    if (!isRoot) args.add(command);
    for (String o : options.split(" ")) if (!o.isEmpty()) args.add(o);
    if (!isRoot) args.addAll(required(command));
    List<CommandLine> parsed = root.parseArgs(args.toArray(String[]::new)).asCommandLineList();
    CommandSpec last = parsed.get(parsed.size() - 1).getCommandSpec();
    ColorOptions colors = ColorOptions.of(last);
    assertThat(colors).isNotNull();
    assertThat(colors.style(env).isColor()).isEqualTo(colour);
  }

  /** An invocation of each command that fails before any request: its error is printed. */
  private static List<String> failing(String command) {
    return switch (command) {
      case "validate", "plan", "apply", "output" -> List.of(command, "-f", "no-such.yaml");
      case "show" -> List.of(command, "no-such.json");
      default -> List.of(command, "--timeout=bogus");
    };
  }

  static Stream<Arguments> cliCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String command : COMMANDS) {
      if (command.isEmpty()) continue;
      // where the options go, options, colour?
      cases.add(Arguments.of(command, "after", "--color=always", true));
      cases.add(Arguments.of(command, "after", "--color=always --no-color", false));
      cases.add(Arguments.of(command, "after", "--color=always -no-color", false));
      cases.add(Arguments.of(command, "after", "", false));
      cases.add(Arguments.of(command, "before", "--color=always", true));
      cases.add(Arguments.of(command, "before", "--color=always --no-color", false));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {2} {1} the command -> colour {3}")
  @MethodSource("cliCases")
  void anErrorIsColouredAsAskedInEveryCommand(
      String command, String where, String options, boolean colour) {
    List<String> given = new ArrayList<>();
    for (String o : options.split(" ")) if (!o.isEmpty()) given.add(o);
    List<String> args = new ArrayList<>();
    if (where.equals("before")) args.addAll(given);
    args.addAll(failing(command));
    if (where.equals("after")) args.addAll(given);
    Result r = CliRun.run(Map.of(), args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.err()).as(r.toString()).contains("Error:");
    assertThat(r.err().contains("\u001b[31mError:")).as(r.toString()).isEqualTo(colour);
    assertThat(r.all().contains("\u001b[")).as(r.toString()).isEqualTo(colour);
  }

  /** doctor's report read only --no-color before the mixin: --color=always was ignored. */
  @Test
  void doctorsReportTakesColorAlways(@TempDir Path dir) {
    String sandbox = "--sandbox=" + dir.resolve("sandbox.json");
    Result coloured = CliRun.run(Map.of(), "doctor", sandbox, "--color=always");
    Result plain = CliRun.run(Map.of(), "doctor", sandbox);
    assertThat(coloured.exitCode()).as(coloured.toString()).isZero();
    assertThat(coloured.out()).contains("\u001b[");
    assertThat(plain.out()).doesNotContain("\u001b[");
    // The same report apart from the colours (ports and timings differ between runs).
    assertThat(coloured.out().replaceAll("\u001b\\[[0-9;]*m", "").replaceAll("[0-9]+", "N"))
        .isEqualTo(plain.out().replaceAll("[0-9]+", "N"));
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
}
