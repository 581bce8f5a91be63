package dev.borgform.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A BorgBase API token. It is a secret: {@link #toString()} never shows it, and the only way to
 * read it is {@link #bearerHeader()}, used when the Authorization header is built.
 */
public final class Token {
  private final String value;

  private Token(String value) {
    this.value = value;
  }

  /**
   * Strips surrounding whitespace (token files usually end with a newline). Throws {@link
   * IllegalArgumentException} with {@link #problem}'s words (never the token) for a token that
   * cannot be sent.
   */
  public static Token of(String raw) {
    Objects.requireNonNull(raw, "token");
    String v = raw.strip();
    String problem = problem(v);
    if (problem != null) throw new IllegalArgumentException("the token " + problem);
    return new Token(v);
  }

  /**
   * What makes {@code token} (already stripped) unusable, in words that never quote it, or null.
   * The token travels in an HTTP header, which holds only visible ASCII: a line break would end the
   * header (and could add another), and a byte-order mark, a non-ASCII or control character is not
   * a token but a sign of a wrongly saved file or a bad paste. Positions are 1-based.
   */
  public static @Nullable String problem(String token) {
    if (token.isEmpty()) return "is empty";
    if (token.charAt(0) == '\uFEFF') {
      return "starts with a byte-order mark (U+FEFF), which some editors write at the start of a"
          + " file";
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      String what = null;
      if (c == '\n' || c == '\r') {
        what = "a line break";
      } else if (c == ' ' || c == '\t') {
        what = "a space";
      } else if (c < 0x20 || c == 0x7f) {
        what = "a control character";
      } else if (c > 0x7e) {
        what = "a non-ASCII character";
      }
      if (what != null) return "holds " + what + " (character " + (i + 1) + ")";
    }
    return null;
  }

  String bearerHeader() {
    return "Bearer " + value;
  }

  /** For redaction: callers replace any occurrence of the secret in text they are about to show. */
  public String redact(String text) {
    return text.replace(value, "[REDACTED]");
  }

  @Override
  public String toString() {
    return "Token[REDACTED]";
  }
}
