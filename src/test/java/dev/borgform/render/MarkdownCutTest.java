package dev.borgform.render;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.model.DesiredRepo;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Region;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Target;
import dev.borgform.planner.Planner;
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
 * {@code plan --output markdown --max-chars N}: a plan too large for a pull-request comment is cut
 * between whole parts (never inside a table row, the {@code <details>} block or a character), with
 * a note of what was left out, against golden/render/cut/ and as invariants over many limits.
 */
class MarkdownCutTest {
  /** Names with two-, three- and four-byte UTF-8 characters (and a surrogate pair in Java). */
  private static String name(int i) {
    return String.format("bäckup-データ-😀-%03d", i);
  }

  /** 300 repos to add, 40 left alone. */
  static Plan bigPlan() {
    List<DesiredRepo> repos = new ArrayList<>();
    for (int i = 0; i < 300; i++) repos.add(repo(name(i), Region.EU));
    // In another region than every repo added, so that none looks like a rename of one.
    List<LiveRepo> unmanaged = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      unmanaged.add(liveRepo(String.format("id%06d", i), "händisch-" + i, "us"));
    }
    return new Planner()
        .plan(desired(List.of(), repos), account(List.of(), unmanaged))
        .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
  }

  private static String render(Plan plan, int maxChars) {
    StringWriter w = new StringWriter();
    new MarkdownPlanRenderer(false, maxChars).render(plan, new PrintWriter(w));
    return w.toString();
  }

  @Test
  void aPlanTooLargeForTheLimitIsCutAtARowWithANote() {
    String cut = render(bigPlan(), 6000);
    Golden.check("render/cut/big-6000.md", cut);
    assertThat(cut.length()).isLessThanOrEqualTo(6000);
    assertThat(cut).contains("more changes not shown").contains("objects left alone not listed");
  }

  @Test
  void rowsThatFitButNotTheLeftAloneListDropOnlyTheList() {
    Plan plan = bigPlan();
    String whole = render(plan, 0);
    int withoutDetails =
        whole.length() - (whole.indexOf("</details>") - whole.indexOf("<details>"));
    String cut = render(plan, withoutDetails + 400);
    assertThat(cut).doesNotContain("more changes not shown").doesNotContain("<details>");
    assertThat(cut).contains("> … 40 objects left alone not listed");
  }

  @Test
  void aPlanWithinTheLimitIsTheWholePlan() {
    Plan plan = bigPlan();
    String whole = render(plan, 0);
    assertThat(render(plan, whole.length())).isEqualTo(whole);
    assertThat(whole).doesNotContain("[!NOTE]");
  }

  @Test
  void aLimitBelowTheSmallestIsRefused() {
    assertThatThrownBy(() -> new MarkdownPlanRenderer(false, 999))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static IntStream limits() {
    return IntStream.iterate(MarkdownPlanRenderer.MIN_MAX_CHARS, n -> n < 70_000, n -> n * 5 / 4);
  }

  private static final Pattern MORE = Pattern.compile("… ([0-9,]+) more changes? not shown");

  @ParameterizedTest(name = "max {0}")
  @MethodSource("limits")
  void everyCutKeepsWholeRowsWholeCharactersAndCountsWhatItLeftOut(int max) {
    Plan plan = bigPlan();
    String cut = render(plan, max);
    assertThat(cut.length()).isLessThanOrEqualTo(max);
    assertThat(cut.codePointCount(0, cut.length())).isLessThanOrEqualTo(max);
    assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .as("no broken character")
        .isEqualTo(cut);
    assertThat(cut)
        .startsWith("## borgform plan\n\n**Plan: 300 to add, 0 to change, 0 to delete.**");
    assertThat(cut).endsWith(".</sub>\n");
    long rows = cut.lines().filter(l -> l.startsWith("| `+` |")).count();
    for (String line : cut.lines().toList()) {
      if (line.startsWith("| `")) assertThat(line).as("a whole row").endsWith(" |");
    }
    Matcher more = MORE.matcher(cut);
    long notShown = more.find() ? Long.parseLong(more.group(1).replace(",", "")) : 0;
    assertThat(rows + notShown).as("shown + not shown").isEqualTo(300);
    boolean details = cut.contains("<details>");
    assertThat(details).isEqualTo(cut.contains("</details>"));
    assertThat(details || cut.contains("40 objects left alone not listed")).isTrue();
  }
}
