package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.diag.Diagnostics;
import dev.borgform.testing.SyntheticSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's parser on a thread of its own ({@link PipedParser}) changes nothing: the same nodes,
 * with the same positions, or the same diagnostics, for every spec of the test corpus, every broken
 * YAML below, and every cut-short copy of a spec (a YAML error at each place a file can break).
 */
class PipedParserTest {
  static List<Path> specs() throws IOException {
    return SpecCorpus.files();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void loadingTheCorpusBothWaysGivesTheSameOutcome(Path spec) {
    assertThat(outcome(spec, 0)).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void composingTheCorpusBothWaysGivesTheSameNodes(Path spec) throws IOException {
    for (Path file : SpecCorpus.filesOf(spec)) {
      // Files that are not UTF-8 text never reach the parser.
      String text = YamlSource.decode(Files.readAllBytes(file), "spec.yaml", new Diagnostics());
      if (text == null) continue;
      assertThat(composed(text, 0))
          .as(file.toString())
          .isEqualTo(composed(text, Integer.MAX_VALUE));
    }
  }

  /**
   * The composer is SnakeYAML's, less the comment lists of scalars: the same tree, tags, values and
   * positions as {@code Yaml.compose} gives, and no scalar keeps a list.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void theComposerIsSnakeYamlsWithoutCommentLists(Path spec) throws IOException {
    for (Path file : SpecCorpus.filesOf(spec)) {
      String text = YamlSource.decode(Files.readAllBytes(file), "spec.yaml", new Diagnostics());
      if (text == null) continue;
      Node snakeYamls;
      try {
        snakeYamls =
            new org.yaml.snakeyaml.Yaml(
                    new org.yaml.snakeyaml.constructor.SafeConstructor(YamlSource.loaderOptions()),
                    new org.yaml.snakeyaml.representer.Representer(
                        new org.yaml.snakeyaml.DumperOptions()),
                    new org.yaml.snakeyaml.DumperOptions(),
                    YamlSource.loaderOptions(),
                    new QuickResolver())
                .compose(new StringReader(text));
      } catch (org.yaml.snakeyaml.error.YAMLException e) {
        continue; // broken files: the diagnostics are compared above
      }
      Node ours = YamlSource.compose(text, "spec.yaml", new Diagnostics());
      if (snakeYamls == null || ours == null) {
        assertThat(ours).as(file.toString()).isNull();
        continue;
      }
      StringBuilder a = new StringBuilder();
      StringBuilder b = new StringBuilder();
      dump(snakeYamls, a);
      dump(ours, b);
      assertThat(b.toString()).as(file.toString()).isEqualTo(a.toString());
      List<ScalarNode> scalars = new ArrayList<>();
      scalars(ours, scalars);
      assertThat(scalars)
          .allSatisfy(n -> assertThat(n.getBlockComments()).isNull())
          .allSatisfy(n -> assertThat(n.getInLineComments()).isNull());
    }
  }

  private static void scalars(Node n, List<ScalarNode> out) {
    if (n instanceof ScalarNode s) {
      out.add(s);
    } else if (n instanceof SequenceNode s) {
      for (Node item : s.getValue()) scalars(item, out);
    } else if (n instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        scalars(t.getKeyNode(), out);
        scalars(t.getValueNode(), out);
      }
    }
  }

  /**
   * The parser starts on a large file before the text is checked, and what it finds then stays
   * unsaid: a private key, a line over the limit, or an empty file is the one problem reported,
   * however broken the YAML around it, and the parser's thread ends.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "version: 1\nkeys: [unclosed\n  - publicKey: \"-----BEGIN OPENSSH PRIVATE KEY-----\"\n",
        "version: 1\nrepos: *nowhere\n# ",
        "# only a comment, and a tab\t\n\n# and another\n"
      })
  void whatTheParserFindsBeforeTheTextIsCheckedStaysUnsaid(String yaml, @TempDir Path dir)
      throws Exception {
    String text =
        yaml.contains("*nowhere") ? yaml + "x".repeat(YamlSource.MAX_LINE_CHARS + 1) + "\n" : yaml;
    Path spec = Files.writeString(dir.resolve("spec.yaml"), text);
    String piped = String.valueOf(outcome(spec, 0));
    assertThat(piped).isEqualTo(String.valueOf(outcome(spec, Integer.MAX_VALUE)));
    assertThat(piped)
        .containsAnyOf("PRIVATE key", "characters long", "the spec file is empty")
        .doesNotContain("not valid YAML");
    assertThat(piped.split("Diagnostic\\[", -1)).as("one problem: %s", piped).hasSize(2);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (parserThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(parserThreads()).isZero();
  }

  private static long parserThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("borgform-yaml-parser"))
        .count();
  }

  static Stream<String> brokenYaml() {
    return Stream.of(
        "version: 1\nkeys: [a, b\n",
        "version: 1\nkeys:\n  - name: \"unclosed\n",
        "version: 1\n\tkeys: []\n",
        "version: 1\n---\nversion: 1\n",
        "version: 1\nrepos:\n  - name: a\n   region: eu\n",
        "version: 1\nrepos: *nowhere\n",
        "version: !!python/object:os.system 1\n",
        "a: &x [1]\nb: *x\nc: {d: *x, e: [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}\n",
        "version: 1\nkeys: {a: 1, a: 2}\n",
        // The composer's own errors before the parser's: each must come first both ways.
        "version: 1\nrepos: *nowhere\nkeys: [unclosed\n",
        "a: [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\nb: [unclosed\n",
        "a: &x [1]\nb: &x [2]\nc: *y\nd: {unclosed\n",
        "key: value: other\n",
        "- just\n- a list\n",
        "",
        "# only a comment\n");
  }

  @ParameterizedTest
  @MethodSource("brokenYaml")
  void brokenYamlIsReportedTheSameBothWays(String text) {
    assertThat(composed(text, 0)).isEqualTo(composed(text, Integer.MAX_VALUE));
  }

  @Test
  void aSpecCutShortAnywhereIsReportedTheSameBothWays() throws IOException {
    String text = Files.readString(Path.of("examples/borgbase.yaml"));
    List<Integer> cuts = IntStream.range(0, text.length()).filter(i -> i % 3 == 0).boxed().toList();
    int differing = 0;
    List<String> first = new ArrayList<>();
    for (int cut : cuts) {
      String part = text.substring(0, cut);
      String piped = composed(part, 0);
      String direct = composed(part, Integer.MAX_VALUE);
      if (!piped.equals(direct)) {
        differing++;
        if (first.isEmpty()) first.add("cut at " + cut + ":\n" + piped + "\nvs\n" + direct);
      }
    }
    assertThat(cuts).hasSizeGreaterThan(100);
    assertThat(differing).as(String.join("", first)).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, 2_000})
  void theEventsAreThoseOfTheParserItself(int servers, @TempDir Path dir) throws IOException {
    String text = Files.readString(SyntheticSpec.write(dir, servers));
    List<String> direct = events(new ParserImpl(reader(text), new LoaderOptions()));
    List<String> piped;
    try (PipedParser p = new PipedParser(new ParserImpl(reader(text), new LoaderOptions()))) {
      piped = events(p);
      assertThat(p.peekEvent()).as("after the end").isNull();
      assertThat(p.checkEvent(Event.ID.StreamEnd)).isFalse();
    }
    assertThat(piped).hasSizeGreaterThan(10 * servers).isEqualTo(direct);
  }

  @Test
  void aLargeSpecWithAnErrorFarDownIsReportedTheSameBothWays(@TempDir Path dir) throws IOException {
    String text = Files.readString(SyntheticSpec.write(dir, 2_000));
    String broken = text.substring(0, text.length() * 3 / 4) + "\n  bad: [unclosed\n" + "x: 1\n";
    String piped = composed(broken, 0);

    assertThat(piped).contains("not valid YAML");
    assertThat(piped).isEqualTo(composed(broken, Integer.MAX_VALUE));
  }

  @Test
  void aLargeSpecLoadsTheSameBothWaysAtTheDefaultSize(@TempDir Path dir) {
    Path spec = SyntheticSpec.write(dir, 2_000);
    assertThat(spec.toFile().length()).isGreaterThan(YamlSource.PIPED_FROM_CHARS);

    Object piped = outcome(spec, YamlSource.PIPED_FROM_CHARS);
    assertThat(piped).isInstanceOf(dev.borgform.model.DesiredState.class);
    assertThat(piped).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  private static StreamReader reader(String text) {
    return new StreamReader(new StringReader(text));
  }

  private static List<String> events(org.yaml.snakeyaml.parser.Parser parser) {
    List<String> all = new ArrayList<>();
    for (Event e = parser.getEvent(); e != null; e = parser.getEvent()) {
      all.add(e + " " + at(e.getStartMark()) + "-" + at(e.getEndMark()));
      if (e.is(Event.ID.StreamEnd)) break;
    }
    return all;
  }

  /** The node tree with every position, or the diagnostics, as text. */
  private static String composed(String text, int pipedFromChars) {
    Diagnostics diags = new Diagnostics();
    Node root =
        YamlSource.compose(text, "spec.yaml", diags, YamlSource.NO_LISTENER, pipedFromChars);
    StringBuilder out = new StringBuilder(diags.sorted().toString()).append('\n');
    if (root != null) dump(root, out);
    return out.toString();
  }

  private static void dump(Node n, StringBuilder out) {
    out.append(n.getTag()).append('@').append(at(n.getStartMark())).append('-');
    out.append(at(n.getEndMark()));
    if (n instanceof ScalarNode s) {
      out.append(' ').append(s.getScalarStyle()).append(' ').append(s.getValue());
    } else if (n instanceof SequenceNode s) {
      out.append(" [");
      for (Node item : s.getValue()) dump(item, out.append(' '));
      out.append(" ]");
    } else if (n instanceof MappingNode m) {
      out.append(" {");
      for (NodeTuple t : m.getValue()) {
        dump(t.getKeyNode(), out.append(' '));
        dump(t.getValueNode(), out.append(": "));
      }
      out.append(" }");
    }
  }

  private static String at(Mark m) {
    return m == null ? "?" : (m.getLine() + 1) + ":" + (m.getColumn() + 1) + "/" + m.getIndex();
  }

  private static Object outcome(Path spec, int pipedFromChars) {
    return SpecCorpus.outcome(spec, loader -> loader.pipedFromChars(pipedFromChars));
  }
}
