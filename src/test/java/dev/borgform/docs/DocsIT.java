package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.borgform.docs.Markdown.Block;
import dev.borgform.docs.Markdown.Marker;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the docs. Every fenced block marked {@code <!-- runnable -->} in README.md and docs/ runs
 * command by command, in order, through bash, in a fresh folder per document (a copy of examples/,
 * a borgbase.yaml with its keys/, ./borgform), so later commands see what earlier ones did.
 * Commands meant for a real account run unchanged against an in-process emulator: the test sets
 * BORGBASE_API_URL and a Full Access BORGBASE_TOKEN, and skips the docs' own {@code export
 * BORGBASE_TOKEN=...} lines. A command must exit as its trailing comment says ({@code # exit 2}),
 * else 0; one whose comment says to {@code type yes} gets a terminal and the answer. {@code <!--
 * output -->} blocks must match what the runnable block before them printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsIT {
  /** The documents a newcomer follows; each must keep runnable commands. */
  private static final List<String> MUST_RUN = List.of("README.md", "docs/getting-started.md");

  private static final Pattern SETS_API_VARIABLE =
      Pattern.compile("^export\\s+(BORGBASE_TOKEN|BORGBASE_API_URL)=.*");

  private Path work;
  private Path root;
  private DocRunner runner;

  @BeforeAll
  void prepare(@TempDir Path work) throws Exception {
    this.work = work;
    root = DocRunner.root();
    runner = DocRunner.prepare(work);
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableCommandInTheDocsWorksAsWritten() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : Markdown.docs(root)) {
      Path shown = root.relativize(doc);
      List<Block> blocks = Markdown.blocks(doc, shown);
      if (blocks.stream().noneMatch(b -> b.marker() == Marker.RUNNABLE)) continue;
      tests.add(DynamicTest.dynamicTest(shown.toString(), () -> runDocument(shown, blocks)));
    }
    return tests.stream();
  }

  @Test
  void theDocsANewcomerFollowsAreRun() {
    for (String name : MUST_RUN) {
      long commands =
          Markdown.blocks(root.resolve(name), Path.of(name)).stream()
              .filter(b -> b.marker() == Marker.RUNNABLE)
              .mapToLong(
                  b ->
                      Shell.commands(b.lines(), b.firstLine()).stream()
                          .filter(c -> skipReason(c) == null)
                          .count())
              .sum();
      assertThat(commands).as(name + " has runnable borgform commands").isGreaterThanOrEqualTo(4);
    }
  }

  /** Why the test does not run a command as written, or null when it does. */
  static String skipReason(Shell.Command c) {
    String code = c.code();
    if (SETS_API_VARIABLE.matcher(code).matches()) {
      return "the test sets BORGBASE_TOKEN and BORGBASE_API_URL to its emulator";
    }
    if (code.equals("mvn") || code.startsWith("mvn ")) {
      return "builds or tests borgform itself, which is what runs this test";
    }
    return null;
  }

  private void runDocument(Path doc, List<Block> blocks) throws Exception {
    String name = doc.toString().replaceAll("[^A-Za-z0-9.-]", "_");
    Path dir = runner.workspace(work, name);
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Map<String, String> env =
          runner.environment(
              work.resolve(name + ".home"),
              Map.of(
                  "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
                  "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS)));
      String lastOutput = null;
      Block lastRunnable = null;
      int ran = 0;
      for (Block b : blocks) {
        switch (b.marker()) {
          case FILE -> {
            Path target = dir.resolve(b.file());
            Files.createDirectories(target.getParent());
            Files.writeString(target, String.join("\n", b.lines()) + "\n");
          }
          case RUNNABLE -> {
            assertThat(b.isShell())
                .as(b.where() + ": a runnable block is a shell block (```sh)")
                .isTrue();
            StringBuilder out = new StringBuilder();
            for (Shell.Command c : Shell.commands(b.lines(), b.firstLine())) {
              if (skipReason(c) != null) continue;
              DocRunner.Result r = DocRunner.run(dir, env, c.text(), c.typesYes());
              ran++;
              out.append(r.output());
              if (r.exit() != c.expectedExit()) {
                fail(
                    doc
                        + ":"
                        + c.line()
                        + ": the command exited "
                        + r.exit()
                        + ", the docs expect "
                        + c.expectedExit()
                        + (c.expectedExit() == 0 ? "" : " (a trailing `# exit N` comment)")
                        + "\n  $ "
                        + c.text()
                        + "\n"
                        + indent(r.output()));
              }
            }
            lastOutput = out.toString();
            lastRunnable = b;
          }
          case OUTPUT -> {
            assertThat(lastRunnable)
                .as(b.where() + ": an output block follows a runnable block")
                .isNotNull();
            checkOutput(b, lastRunnable, lastOutput);
          }
          case NONE -> {}
        }
      }
      assertThat(ran).as(doc + " ran at least one command").isPositive();
    }
  }

  /** Each line of the block appears in the output, in order; "..." stands for any text. */
  static void checkOutput(Block expected, Block runnable, String output) {
    List<String> actual = output.lines().map(String::strip).toList();
    int at = 0;
    for (int i = 0; i < expected.lines().size(); i++) {
      String want = expected.lines().get(i).strip();
      if (want.isEmpty()) continue;
      Pattern p = wildcard(want);
      int found = -1;
      for (int j = at; j < actual.size(); j++) {
        if (p.matcher(actual.get(j)).matches()) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        fail(
            expected.doc()
                + ":"
                + (expected.firstLine() + i)
                + ": the docs show\n  "
                + want
                + "\nbut the commands at "
                + runnable.where()
                + " printed (from here on)\n"
                + indent(
                    String.join("\n", actual.subList(Math.min(at, actual.size()), actual.size()))));
      }
      at = found + 1;
    }
  }

  static Pattern wildcard(String line) {
    String[] parts = line.split("\\.\\.\\.", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) re.append(".*");
      re.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(re.toString());
  }

  private static String indent(String s) {
    return s.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("    (no output)");
  }
}
