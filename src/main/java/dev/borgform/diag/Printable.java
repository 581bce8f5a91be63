package dev.borgform.diag;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Text that came from outside borgform (the account, a file, the server's messages) made safe to
 * print on one line of a terminal, a CI log or a pull-request comment. Every character that could
 * move the cursor, recolour, erase or hide text, or start a new line becomes a visible escape: ESC
 * is {@code \e}, LF {@code \n}, CR {@code \r}, TAB {@code \t}, NUL {@code \0}, and any other
 * control character, bidirectional override or isolate, zero-width or other invisible format
 * character, line or paragraph separator, or lone surrogate is a backslash, {@code u} and four hex
 * digits (U+202E shows as backslash-u202e; beyond the BMP, {@code U} and eight). So a name can
 * neither forge a line (a newline followed by {@code No changes.}, or {@code ::error::} that a CI
 * runner reads as a command) nor erase or reorder one (ANSI sequences, U+202E).
 *
 * <p>The escapes are for reading, not for parsing back: a backslash already in the text stays as it
 * is. Machine-readable outputs (the JSON plan, exported YAML) keep the exact value instead; their
 * own escaping makes them safe.
 *
 * <p>This is the one function every printing layer uses for such text (spec diagnostics, plans,
 * apply progress and reports, notes, errors, the {@code --debug} HTTP log).
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every unsafe character escaped; the empty string for null. */
  public static String of(@Nullable String text) {
    if (text == null) return "";
    if (isClean(text)) return text;
    StringBuilder b = new StringBuilder(text.length() + 16);
    appendEscaped(b, text, Integer.MAX_VALUE);
    return b.toString();
  }

  /**
   * {@link #of} cut to at most {@code max} characters of the original text, with {@code ...} when
   * something was left out: for quoting a file that may hold anything (a secret included), so that
   * only a short piece of it is ever shown.
   */
  public static String excerpt(@Nullable String text, int max) {
    if (text == null) return "";
    // Spec loading names every key and repo in its messages' labels, made before any problem is
    // known: short printable ASCII, nearly every name, needs no copy.
    if (text.length() <= max && isPrintableAscii(text)) return text;
    StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 8);
    if (appendEscaped(b, text, max)) b.append("...");
    return b.toString();
  }

  /** True when {@link #of} would return {@code text} unchanged. */
  public static boolean isClean(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isUnsafe(cp)) return false;
      i += Character.charCount(cp);
    }
    return true;
  }

  /**
   * True for a code point that must not reach a terminal or log as it is: C0 and C1 controls and
   * DEL (cursor movement, erasing, ESC sequences, line breaks, the 8-bit CSI U+009B), format
   * characters (bidirectional overrides U+202A-U+202E and isolates U+2066-U+2069, zero-width
   * characters, the byte-order mark, soft hyphen), line and paragraph separators, and surrogates
   * that are not part of a pair.
   */
  public static boolean isUnsafe(int cp) {
    if (cp >= 0x20 && cp < 0x7f) return false; // printable ASCII: no table look-up
    if (Character.isISOControl(cp)) return true;
    int type = Character.getType(cp);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) return false;
    }
    return true;
  }

  /** Appends at most {@code max} code points of {@code text}, escaped; true if it was cut. */
  private static boolean appendEscaped(StringBuilder b, String text, int max) {
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (++count > max) return true;
      if (!isUnsafe(cp)) {
        b.appendCodePoint(cp);
        continue;
      }
      switch (cp) {
        case 0 -> b.append("\\0");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case 0x1b -> b.append("\\e");
        default -> {
          if (cp <= 0xffff) {
            b.append("\\u").append(String.format(Locale.ROOT, "%04x", cp));
          } else {
            b.append("\\U").append(String.format(Locale.ROOT, "%08x", cp));
          }
        }
      }
    }
    return false;
  }
}
