package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import dev.borgform.diag.SourcePos;
import dev.borgform.testing.Golden;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure document too large for a pull-request comment ({@code plan --output markdown
 * --max-chars N} on an invalid spec) is cut between whole table rows, never inside a row or a
 * character, with a note counting the problems left out; against golden/render/cut/ and as
 * invariants over many limits.
 */
class MarkdownFailureCutTest {
  /** 400 problems whose texts hold two-, three- and four-byte UTF-8 characters. */
  static Outcome bigFailure() {
    List<Diagnostic> problems = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      problems.add(
          Diagnostic.error(
              new SourcePos("spec/データ.yaml", i + 1, 5),
              String.format("repo 'bäckup-😀-%03d' uses key 'wëb', but the spec declares none", i),
              "Declare it under `keys:` with its public key."));
    }
    return new Outcome("plan", 65, "the spec is invalid: 400 errors", "Fix them.", problems);
  }

  private static String render(Outcome outcome, int maxChars) {
    StringWriter w = new StringWriter();
    new MarkdownFailureRenderer(maxChars).render(outcome, new PrintWriter(w));
    return w.toString();
  }

  @Test
  void aFailureTooLargeForTheLimitIsCutAtARowWithANote() {
    String md = render(bigFailure(), 6000);
    Golden.check("render/cut/failure-6000.md", md);
    assertThat(md.length()).isLessThanOrEqualTo(6000);
    assertThat(md).contains("more problems not shown").endsWith("nothing was changed.</sub>\n");
  }

  @Test
  void aFailureWithinTheLimitIsWhole() {
    Outcome o = bigFailure();
    assertThat(render(o, 1_000_000)).isEqualTo(render(o, 0)).doesNotContain("not shown");
  }

  @Test
  void aLimitBelowTheSmallestIsRefused() {
    assertThatThrownBy(() -> new MarkdownFailureRenderer(999))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static IntStream limits() {
    return IntStream.of(1000, 1001, 1500, 2345, 5000, 9999, 20_000, 40_000, 60_000);
  }

  @ParameterizedTest(name = "max {0}")
  @MethodSource("limits")
  void everyCutKeepsWholeRowsWholeCharactersAndCountsWhatItLeftOut(int max) {
    String md = render(bigFailure(), max);
    assertThat(md.length()).isLessThanOrEqualTo(max);
    assertThat(md.codePointCount(0, md.length())).isLessThanOrEqualTo(max);
    // Whole characters: the text survives a UTF-8 round trip unchanged.
    assertThat(new String(md.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(md);
    int rows = 0;
    for (String line : md.split("\n")) {
      if (line.startsWith("| error |")) {
        rows++;
        assertThat(line).endsWith(" |");
        assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5);
      }
    }
    Matcher m = Pattern.compile("… ([0-9,]+) more problems? not shown").matcher(md);
    int cut = m.find() ? Integer.parseInt(m.group(1).replace(",", "")) : 0;
    assertThat(rows + cut).as("rows shown plus rows counted as cut").isEqualTo(400);
    assertThat(cut).isPositive();
  }
}
