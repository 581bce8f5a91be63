package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import dev.borgform.diag.SourcePos;
import dev.borgform.testing.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documents a command writes on standard output about how it ended (a failed plan's Markdown
 * and JSON, validate's JSON and GitHub annotations), each case against golden/render/outcome/: an
 * invalid spec, a plan that cannot be made, an API failure with advice on two lines, a usage error,
 * a valid spec, and a spec whose file name and texts try to break each format.
 */
class OutcomeRenderersGoldenTest {

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of(
            "invalid-spec",
            new Outcome(
                "plan",
                65,
                "The spec has 2 errors.",
                "",
                List.of(
                    Diagnostic.error(
                        new SourcePos("borgbase.yaml", 3, 5),
                        "unknown field 'quotta' in repo 'web-01'",
                        "Did you mean 'quota'?"),
                    Diagnostic.error(
                        new SourcePos("specs/keys.yaml", 12, 17),
                        "appendOnlyKeys names key 'ci', which the spec does not declare",
                        "Declare the key under keys:, or remove it from the list.")))),
        Arguments.of(
            "no-safe-plan",
            new Outcome(
                "plan",
                1,
                "No plan can be made for this account.",
                "",
                List.of(
                    Diagnostic.error(
                        null,
                        "two live repos are named 'web-01' (ids a1, b2)",
                        "Pin the one to manage with id: in the spec.")))),
        Arguments.of(
            "api-failure",
            new Outcome(
                "plan",
                1,
                "BorgBase refused the token: Signature has expired",
                "The token has expired.\nCreate a new one in the BorgBase web UI (Account > API).",
                List.of())),
        Arguments.of(
            "usage",
            new Outcome(
                "plan",
                64,
                "Unknown option: '--bogus'",
                "Run 'borgform plan --help' for usage.",
                List.of())),
        Arguments.of(
            "valid",
            new Outcome("validate", 0, "The spec is valid: 4 keys, 3 repos.", "", List.of())),
        Arguments.of(
            "hostile",
            new Outcome(
                "validate",
                65,
                "The spec has 1 error.",
                "",
                List.of(
                    Diagnostic.error(
                        new SourcePos("a,b:c%d|`e`\n::error::x.yaml", 2, 3),
                        "name '100% | <b>x</b> \u001b[31mred\r\n::warning::forged' is not allowed",
                        "Rename it: `*_|_*` and a, b: c are kept as text."),
                    Diagnostic.warning(
                        new SourcePos("ok.yaml", 1, 1), "a warning, with: a comma", "")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void markdown(String name, Outcome outcome) {
    if (outcome.ok()) return; // a Markdown document is written for failures only
    String md = render(w -> new MarkdownFailureRenderer().render(outcome, w));
    Golden.check("render/outcome/" + name + ".md", md);
    for (String line : md.split("\n")) {
      if (line.startsWith("| ")) {
        assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
            .as("one row, five cell borders: %s", line)
            .isEqualTo(5);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void json(String name, Outcome outcome) throws Exception {
    String json = render(w -> new JsonOutcomeRenderer().render(outcome, w));
    Golden.check("render/outcome/" + name + ".json", json);
    JsonNode doc = new ObjectMapper().readTree(json);
    assertThat(doc.get("formatVersion").asText())
        .isEqualTo(dev.borgform.planfile.OutcomeDocument.FORMAT_VERSION);
    assertThat(doc.get("document").asText()).isEqualTo("outcome");
    assertThat(doc.get("exitCode").asInt()).isEqualTo(outcome.exitCode());
    assertThat(doc.get("ok").asBoolean()).isEqualTo(outcome.ok());
    assertThat(doc.get("diagnostics")).hasSize(outcome.diagnostics().size());
    assertThat(doc.has("changes")).as("never taken for a plan").isFalse();
    // Texts are made printable: no raw ESC or CR, nor one JSON-escaped for a later decoder.
    assertThat(json).doesNotContain("\u001b", "\r", "\\u001B", "\\u001b");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void githubAnnotations(String name, Outcome outcome) {
    String gh = render(w -> new GithubAnnotationsRenderer().render(outcome, w));
    Golden.check("render/outcome/" + name + ".github.txt", gh);
    long commands = gh.lines().filter(l -> l.startsWith("::")).count();
    assertThat(commands)
        .as("one annotation per diagnostic, and one for the failure")
        .isEqualTo(outcome.diagnostics().size() + (outcome.ok() ? 0 : 1));
    for (String line : gh.split("\n")) {
      if (!line.startsWith("::")) continue;
      // Properties end at the first "::"; none of them may hold a ':' or ',' of their own.
      String props = line.substring(2, line.indexOf("::", 2));
      for (String p : props.substring(props.indexOf(' ') + 1).split(",")) {
        if (props.indexOf(' ') > 0) assertThat(p).matches("[a-z]+=[^:,]*");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "\r", "\n", ":", ","})
  void githubEscapesAsItsToolkitDoes(String ch) {
    String data = GithubAnnotationsRenderer.data("a" + ch + "b");
    String property = GithubAnnotationsRenderer.property("a" + ch + "b");
    switch (ch) {
      case "%" -> assertThat(List.of(data, property)).containsOnly("a%25b");
      case "\r" -> assertThat(List.of(data, property)).containsOnly("a%0Db");
      case "\n" -> assertThat(List.of(data, property)).containsOnly("a%0Ab");
      case ":" -> assertThat(List.of(data, property)).containsExactly("a:b", "a%3Ab");
      default -> assertThat(List.of(data, property)).containsExactly("a,b", "a%2Cb");
    }
  }

  private interface Body {
    void write(PrintWriter w);
  }

  private static String render(Body body) {
    StringWriter s = new StringWriter();
    body.write(new PrintWriter(s));
    return s.toString();
  }
}
