package dev.borgform.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The secrets of one run (the API token), so that everything the run prints can be scrubbed of
 * them: a last line of defence behind the code that never prints the token in the first place. One
 * instance per run; never static.
 */
public final class Secrets {
  /** Shorter values are not tokens; scrubbing them would only garble ordinary output. */
  static final int MIN_LENGTH = 8;

  private final List<String> values = new CopyOnWriteArrayList<>();

  void add(String secret) {
    if (secret == null) return;
    String s = secret.strip();
    if (s.length() >= MIN_LENGTH && !values.contains(s)) values.add(s);
  }

  String redact(String text) {
    String out = text;
    for (String s : values) out = out.replace(s, "[REDACTED]");
    return out;
  }

  /**
   * How many trailing characters of {@code text} could be the start of a secret (to be held back
   * until more text shows whether it is one).
   */
  int possiblePrefixAtEnd(CharSequence text) {
    int best = 0;
    for (String s : values) {
      int max = Math.min(s.length() - 1, text.length());
      for (int n = max; n > best; n--) {
        if (s.regionMatches(0, text.toString(), text.length() - n, n)) {
          best = n;
          break;
        }
      }
    }
    return best;
  }
}
