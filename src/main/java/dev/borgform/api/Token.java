package dev.borgform.api;

import java.util.Objects;

/**
 * A BorgBase API token. It is a secret: {@link #toString()} never shows it, and the only way to
 * read it is {@link #bearerHeader()}, used when the Authorization header is built.
 */
public final class Token {
  private final String value;

  private Token(String value) {
    this.value = value;
  }

  /** Strips surrounding whitespace (token files usually end with a newline). */
  public static Token of(String raw) {
    Objects.requireNonNull(raw, "token");
    String v = raw.strip();
    if (v.isEmpty()) throw new IllegalArgumentException("the token is empty");
    return new Token(v);
  }

  String bearerHeader() {
    return "Bearer " + value;
  }

  /** For redaction: callers replace any occurrence of the secret in text they are about to show. */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "[REDACTED]");
  }

  @Override
  public String toString() {
    return "Token[REDACTED]";
  }
}
