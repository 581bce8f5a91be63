package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.plan.Plan;
import dev.borgform.plan.Reason;
import dev.borgform.testing.Golden;
import dev.borgform.testing.Reasons;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The words of every kind of reason (golden/render/reasons.txt), and reading them back: every text
 * the planner ever wrote maps to its kind and parameters, anything else is kept verbatim.
 */
class ReasonTextTest {

  @Test
  void theTableHasEveryKind() {
    assertThat(Reasons.EVERY_KIND.stream().map(r -> r.getClass().getSimpleName()).distinct())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Reason.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .toList());
  }

  @Test
  void everyKindHasItsWords() {
    StringBuilder out = new StringBuilder();
    for (Reason r : Reasons.EVERY_KIND)
      out.append(r).append("\n  [").append(ReasonText.of(r)).append("]\n");
    Golden.check("render/reasons.txt", out.toString());
  }

  /** The words of every kind read back as the same kind, so a plan file's text names one kind. */
  @Test
  void everyKindsWordsReadBackAsIt() {
    for (Reason r : Reasons.EVERY_KIND) {
      assertThat(ReasonText.parse(ReasonText.of(r))).as(r.toString()).isEqualTo(r);
      assertThat(ReasonText.WORDS.fromText(ReasonText.WORDS.text(r))).isEqualTo(r);
    }
  }

  /**
   * Every text the planner has written as a reason, with what it reads as. The duplicate-key words
   * without "or a concurrent apply" are from before plan files had a hash (format 1.0, refused for
   * its version before any reason is read): a 1.1 file holding them was edited, and they stay text,
   * shown as written.
   */
  static Stream<Arguments> textsThePlannerWrote() {
    return Stream.of(
        Arguments.of("", Reason.NONE),
        Arguments.of("public key changed", new Reason.KeyMaterialChanged()),
        Arguments.of("renamed from \"ci\"", new Reason.KeyRenamed(List.of("ci"), false)),
        Arguments.of(
            "renamed from \"a\", \"b\"; public key changed",
            new Reason.KeyRenamed(List.of("a", "b"), true)),
        Arguments.of(
            "a second live key named \"web-01\" (id 17), left by an interrupted replace or a"
                + " concurrent apply; repos move to id 12",
            new Reason.DuplicateKey("web-01", "17", "12")),
        Arguments.of(
            "a second live key named \"web-01\" (id 17), left by an interrupted replace; repos move"
                + " to id 12",
            new Reason.LegacyText(
                "a second live key named \"web-01\" (id 17), left by an interrupted replace; repos"
                    + " move to id 12")),
        Arguments.of("not in the spec", new Reason.KeyNotInSpec()),
        Arguments.of(
            "move key lists off keys that this plan replaces or deletes",
            new Reason.KeyListsMove()),
        Arguments.of(
            "not in the spec, but uses keys that this plan replaces or deletes",
            new Reason.UnmanagedRepoUsesKeys()),
        Arguments.of("not in the spec and policy.pruneRepos is true", new Reason.RepoPruned(false)),
        Arguments.of(
            "not in the spec and policy.pruneRepos is true; first lets go of keys this plan deletes",
            new Reason.RepoPruned(true)));
  }

  @ParameterizedTest
  @MethodSource("textsThePlannerWrote")
  void everyTextThePlannerWroteReadsAsItsKind(String text, Reason expected) {
    assertThat(ReasonText.parse(text)).isEqualTo(expected);
    assertThat(ReasonText.of(ReasonText.parse(text))).isEqualTo(text);
  }

  /**
   * Names are the account's and may hold quotes, commas, parentheses and the words around them;
   * texts that only look like a kind stay text. Whatever it reads as, the words come out the same,
   * which is what keeps a file's display and plan hash.
   */
  static Stream<Arguments> hostileAndUnknownTexts() {
    return Stream.of(
        Arguments.of("harmless cleanup", new Reason.LegacyText("harmless cleanup")),
        Arguments.of("public key changed ", new Reason.LegacyText("public key changed ")),
        Arguments.of("renamed from ", new Reason.LegacyText("renamed from ")),
        Arguments.of("renamed from \"\"", new Reason.KeyRenamed(List.of(""), false)),
        Arguments.of("renamed from \"a\" \"b\"", new Reason.KeyRenamed(List.of("a\" \"b"), false)),
        Arguments.of("renamed from \"a\",\"b\"", new Reason.KeyRenamed(List.of("a\",\"b"), false)),
        Arguments.of(
            "renamed from \"say \"hi\"\"", new Reason.KeyRenamed(List.of("say \"hi\""), false)),
        Arguments.of(
            "renamed from \"x; public key changed\"",
            new Reason.KeyRenamed(List.of("x; public key changed"), false)),
        // Read two ways: as two names, the first way that fits; the words are the same.
        Arguments.of("renamed from \"a\", \"b\"", new Reason.KeyRenamed(List.of("a", "b"), false)),
        Arguments.of(
            "renamed from \"line\nbreak\"", new Reason.KeyRenamed(List.of("line\nbreak"), false)),
        Arguments.of(
            "a second live key named \"k (id 1), left\" (id 17), left by an interrupted replace or"
                + " a concurrent apply; repos move to id 12",
            new Reason.DuplicateKey("k (id 1), left", "17", "12")),
        Arguments.of("\u001b[2Jnot in the spec", new Reason.LegacyText("\u001b[2Jnot in the spec")),
        Arguments.of("NOT IN THE SPEC", new Reason.LegacyText("NOT IN THE SPEC")));
  }

  @ParameterizedTest
  @MethodSource("hostileAndUnknownTexts")
  void otherTextsKeepTheirWords(String text, Reason expected) {
    assertThat(ReasonText.parse(text)).isEqualTo(expected);
    assertThat(ReasonText.of(ReasonText.parse(text))).isEqualTo(text);
  }

  /**
   * Every kind of reason as the text and Markdown plans show it, with texts from a file that try to
   * forge lines, colour the terminal or break the table: neutralised like any text from a file.
   */
  @Test
  void theRenderersShowEveryKindAndNeutraliseTextFromAFile() {
    List<Reason> reasons = new java.util.ArrayList<>(Reasons.EVERY_KIND);
    reasons.add(new Reason.LegacyText("fine\n  - key.other  (not in the spec)"));
    reasons.add(new Reason.LegacyText("\u001b[32mreviewed\u001b[0m | ok |"));
    reasons.add(new Reason.KeyRenamed(List.of("\u202eevil", "a|b"), false));
    Plan plan = Reasons.plan(reasons);
    String text = render(new TextPlanRenderer(Style.plain()), plan);
    String markdown = render(new MarkdownPlanRenderer(), plan);
    assertThat(text + markdown).doesNotContain("\u001b").doesNotContain("\u202e");
    Golden.check("render/every-reason.txt", text);
    Golden.check("render/every-reason.md", markdown);
  }

  private static String render(PlanRenderer r, Plan plan) {
    StringWriter out = new StringWriter();
    r.render(plan, new PrintWriter(out));
    return out.toString();
  }

  @Test
  void aNameThatHoldsTheSeparatorReadsAsTwoNamesWithTheSameWords() {
    Reason oneName = new Reason.KeyRenamed(List.of("a\", \"b"), false);
    Reason read = ReasonText.parse(ReasonText.of(oneName));
    assertThat(read).isEqualTo(new Reason.KeyRenamed(List.of("a", "b"), false));
    assertThat(ReasonText.of(read)).isEqualTo(ReasonText.of(oneName));
  }
}
