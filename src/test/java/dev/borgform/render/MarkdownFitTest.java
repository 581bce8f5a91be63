package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loop that cuts the Markdown plan and failure documents to {@code --max-chars}, as a table.
 * Every case has a fixed part of 20 characters and a note of 10; a table section has a head of 5
 * characters and a closing line break, counted with its first row; rows are 20 characters (UTF-16
 * code units: an emoji counts two).
 */
class MarkdownFitTest {
  private static final int FIXED = 20;
  private static final String NOTE = "0123456789";
  private static final String HEAD = "|h|\n-";
  private static final String ROW = "r".repeat(19) + "\n";
  private static final String EMOJI_ROW = "\uD83D\uDE00".repeat(10);
  private static final String ACCENT_ROW = "é".repeat(20);

  private static MarkdownFit.Section table(String... rows) {
    return new MarkdownFit.Section(HEAD, List.of(rows), "\n");
  }

  private static MarkdownFit.Section plain(String... parts) {
    return MarkdownFit.Section.of(List.of(parts));
  }

  static Stream<Arguments> cases() {
    MarkdownFit.Section three = table(ROW, ROW, ROW); // whole: 20 + 5 + 1 + 60 = 86
    return Stream.of(
        Arguments.of("no budget", 0, List.of(three), List.of(3)),
        Arguments.of("the whole document, exactly", 86, List.of(three), List.of(3)),
        Arguments.of("one char short of the whole", 85, List.of(three), List.of(2)),
        Arguments.of("budget smaller than the fixed part", 10, List.of(three), List.of(0)),
        Arguments.of("budget of the fixed part and the note only", 30, List.of(three), List.of(0)),
        // 20 + 10 + (5 + 1 + 20) + 20 = 76: exactly two rows with the table's head.
        Arguments.of("exactly at a row boundary", 76, List.of(three), List.of(2)),
        Arguments.of("one char short of it", 75, List.of(three), List.of(1)),
        Arguments.of("exactly one row with the head", 56, List.of(three), List.of(1)),
        Arguments.of("the head counts with the first row", 55, List.of(three), List.of(0)),
        Arguments.of("no rows, within the budget", 30, List.of(table()), List.of(0)),
        Arguments.of("no rows, over the budget", 10, List.of(table()), List.of(0)),
        Arguments.of(
            "emoji rows count two units a character",
            76,
            List.of(table(EMOJI_ROW, EMOJI_ROW, EMOJI_ROW)),
            List.of(2)),
        Arguments.of(
            "emoji rows, one unit short",
            75,
            List.of(table(EMOJI_ROW, EMOJI_ROW, EMOJI_ROW)),
            List.of(1)),
        Arguments.of(
            "accented rows count one a character",
            76,
            List.of(table(ACCENT_ROW, ACCENT_ROW, ACCENT_ROW)),
            List.of(2)),
        // 20 + 10 + 20: the first warning fits, the second does not, so no row is tried.
        Arguments.of(
            "a section cut stops the next",
            50,
            List.of(plain(ROW, ROW), table(ROW)),
            List.of(1, 0)),
        // 20 + 10 + 40 + 26: both warnings and the row; nothing is cut, as the whole is 86.
        Arguments.of(
            "every section whole", 86, List.of(plain(ROW, ROW), table(ROW)), List.of(2, 1)),
        // 20 + 10 + 40: both warnings, no room for a row with its head.
        Arguments.of(
            "the next section cut alone", 70, List.of(plain(ROW, ROW), table(ROW)), List.of(2, 0)),
        // An empty section is whole: the part after it is tried again (the plan's list of what is
        // left alone, after warnings that were cut and no changes).
        Arguments.of(
            "an empty section is whole",
            50,
            List.of(plain("w".repeat(30)), table(), plain("d".repeat(5))),
            List.of(0, 0, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keepsWholePartsInOrderWhileTheyFit(
      String what, int maxChars, List<MarkdownFit.Section> sections, List<Integer> expected) {
    List<Integer> kept = MarkdownFit.keep(maxChars, FIXED, sections, cut -> NOTE);
    assertThat(kept).isEqualTo(expected);
    List<Integer> cut = MarkdownFit.cut(sections, kept);
    int printed = FIXED + (cut.stream().anyMatch(n -> n > 0) ? NOTE.length() : 0);
    for (int i = 0; i < sections.size(); i++) {
      StringWriter s = new StringWriter();
      sections.get(i).print(kept.get(i), new PrintWriter(s, true));
      printed += s.toString().length();
      assertThat(cut.get(i)).isEqualTo(sections.get(i).parts().size() - kept.get(i));
    }
    if (maxChars > FIXED + NOTE.length()) {
      assertThat(printed).as("the document fits").isLessThanOrEqualTo(maxChars);
    }
  }

  /** The room is what the note for everything leaves; a note for less is never longer. */
  @Test
  void theNoteForEverythingBoundsTheRoom() {
    List<List<Integer>> asked = new ArrayList<>();
    List<Integer> kept =
        MarkdownFit.keep(
            76,
            FIXED,
            List.of(table(ROW, ROW, ROW)),
            cut -> {
              asked.add(cut);
              return "x".repeat(10 * cut.get(0) / 3);
            });
    assertThat(asked).containsExactly(List.of(3));
    assertThat(kept).containsExactly(2);
  }

  @Test
  void aSectionPrintsItsHeadAndClosingOnlyWithAPart() {
    StringWriter none = new StringWriter();
    table("a\n", "b\n").print(0, new PrintWriter(none, true));
    assertThat(none.toString()).isEmpty();
    StringWriter one = new StringWriter();
    table("a\n", "b\n").print(1, new PrintWriter(one, true));
    assertThat(one.toString()).isEqualTo(HEAD + "a\n\n");
  }
}
