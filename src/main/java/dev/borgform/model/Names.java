package dev.borgform.model;

import dev.borgform.diag.Printable;
import org.jspecify.annotations.Nullable;

/**
 * The rule for a name borgform gives a key or repo. One definition, so the spec loader and the
 * check of a saved plan agree on which names a spec can ask for: a saved plan that sends a name no
 * spec could state was not made by borgform.
 */
public final class Names {
  /**
   * Longer names are almost surely a paste in the wrong place; BorgBase shows names in one line.
   */
  public static final int MAX_LENGTH = 255;

  private Names() {}

  /** What is wrong with {@code name} ("holds control characters"), or null when it is usable. */
  public static @Nullable String problem(String name) {
    if (name.isBlank()) return "is empty";
    if (!Printable.isClean(name)) return "holds control or invisible characters";
    if (!name.strip().equals(name)) return "starts or ends with spaces";
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    return null;
  }

  /** Longest text a message quotes from a name; longer names are cut. */
  static final int MAX_SHOWN = 120;

  /**
   * {@code text} fit to quote in a one-line message ({@link Printable#excerpt}): names in a saved
   * plan or from the account are not the user's words, and a message must not let them forge lines
   * on a terminal.
   */
  public static String printable(@Nullable String text) {
    return text == null ? "null" : Printable.excerpt(text, MAX_SHOWN);
  }
}
