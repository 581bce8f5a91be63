package dev.borgform.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one neutralising function: every character that could forge, erase, recolour or hide a line
 * becomes a visible escape, and ordinary text (accents, CJK, emoji, punctuation) stays as it is.
 */
class PrintableTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("plain ASCII", "web-01", "web-01"),
        Arguments.of("punctuation and a backslash", "a\\b :: `x` | *y*", "a\\b :: `x` | *y*"),
        Arguments.of("accents, CJK, emoji", "Zürich 東京 🚀", "Zürich 東京 🚀"),
        Arguments.of("ESC sequence", "a\u001b[2Kb", "a\\e[2Kb"),
        Arguments.of("OSC title with BEL", "\u001b]0;owned\u0007", "\\e]0;owned\\u0007"),
        Arguments.of("LF", "x\nNo changes.", "x\\nNo changes."),
        Arguments.of("CR", "x\rforged", "x\\rforged"),
        Arguments.of("CRLF", "a\r\nb", "a\\r\\nb"),
        Arguments.of("NUL", "a\u0000b", "a\\0b"),
        Arguments.of("TAB", "a\tb", "a\\tb"),
        Arguments.of("DEL", "a\u007fb", "a\\u007fb"),
        Arguments.of("8-bit CSI", "a\u009b31mb", "a\\u009b31mb"),
        Arguments.of("bidi override RLO", "k\u202eevil", "k\\u202eevil"),
        Arguments.of("bidi embeddings", "\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        Arguments.of("bidi isolates", "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        Arguments.of("zero-width space and joiner", "a\u200bb\u200dc", "a\\u200bb\\u200dc"),
        Arguments.of("byte-order mark", "\ufeffname", "\\ufeffname"),
        Arguments.of("soft hyphen", "a\u00adb", "a\\u00adb"),
        Arguments.of("line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        Arguments.of("lone surrogate", "a\ud800b", "a\\ud800b"),
        Arguments.of("format character beyond the BMP", "a\udb40\udc01b", "a\\U000e0001b"),
        Arguments.of(
            "GitHub workflow command on a new line", "x\n::error::pwned", "x\\n::error::pwned"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void escapesWhatCouldForgeOrHideALine(String what, String text, String shown) {
    assertThat(Printable.of(text)).isEqualTo(shown);
    assertThat(Printable.isClean(text)).isEqualTo(text.equals(shown));
    assertThat(Printable.of(shown))
        .as("escaped text is clean: escaping twice changes nothing")
        .isEqualTo(shown);
    assertThat(shown.codePoints().anyMatch(Printable::isUnsafe)).isFalse();
  }

  @Test
  void nullIsEmpty() {
    assertThat(Printable.of(null)).isEmpty();
    assertThat(Printable.excerpt(null, 5)).isEmpty();
  }

  @Test
  void anExcerptCutsByCharactersOfTheOriginalAndSaysSo() {
    assertThat(Printable.excerpt("root:$y$j9T$SALTSALT$HASH", 12)).isEqualTo("root:$y$j9T$...");
    assertThat(Printable.excerpt("short", 12)).isEqualTo("short");
    assertThat(Printable.excerpt("exactly-12ch", 12)).isEqualTo("exactly-12ch");
    // Printable ASCII up to the limit comes back as it is; one character past either edge of
    // that range, or past the limit, takes the escaping path.
    assertThat(Printable.excerpt(" ~", 2)).isEqualTo(" ~");
    assertThat(Printable.excerpt("a\u007f", 5)).isEqualTo("a\\u007f");
    assertThat(Printable.excerpt("a\u001f", 5)).isEqualTo("a\\u001f");
    assertThat(Printable.excerpt("abc", 2)).isEqualTo("ab...");
    assertThat(Printable.isUnsafe(' ')).isFalse();
    assertThat(Printable.isUnsafe('~')).isFalse();
    assertThat(Printable.isUnsafe(0x7f)).isTrue();
    assertThat(Printable.isUnsafe(0x1f)).isTrue();
    assertThat(Printable.excerpt("a\u001bbcdef", 3)).isEqualTo("a\\eb...");
    assertThat(Printable.excerpt("🚀🚀🚀🚀", 2)).isEqualTo("🚀🚀...");
  }
}
