package dev.borgform.cli;

import dev.borgform.diag.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on the command line: 500ms, 2s, 1m. */
final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");

  private Durations() {}

  static Duration parse(String text, String option) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(
          option + " takes a duration such as 500ms, 30s or 2m, not \"" + text + "\"", "");
    }
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      default -> Duration.ofMinutes(v);
    };
  }
}
