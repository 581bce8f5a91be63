package dev.borgform.spec;

import dev.borgform.model.Quota;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quota values: decimal units as BorgBase counts them ({@code 500GB} is 500,000 MB), a plain
 * integer of MB, or {@code none}. Binary units (GiB) are refused rather than silently converted.
 */
final class QuotaParser {
  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) ?([A-Za-z]+)");

  /** Compiled once: {@code String.matches} compiled it again for every repo's quota. */
  private static final Pattern MEGABYTES = Pattern.compile("[0-9]+");

  /** BorgBase sends quota as a GraphQL Int of MB. */
  static final long MAX_MB = Integer.MAX_VALUE;

  private QuotaParser() {}

  /**
   * The quota, or throws {@link IllegalArgumentException} whose message says what is wrong without
   * repeating the text (which may come from the environment).
   */
  static Quota parse(String text) {
    String t = text;
    if (t.equals("none")) return Quota.none();
    if (MEGABYTES.matcher(t).matches()) return ofMb(new BigDecimal(t));
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      if (t.equalsIgnoreCase("none"))
        throw new IllegalArgumentException("write none in lower case");
      if (t.startsWith("-")) throw new IllegalArgumentException("a quota cannot be negative");
      throw new IllegalArgumentException("that is not a size");
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2);
    BigDecimal mb =
        switch (unit.toUpperCase(Locale.ROOT)) {
          case "MB" -> n;
          case "GB" -> n.multiply(BigDecimal.valueOf(1_000));
          case "TB" -> n.multiply(BigDecimal.valueOf(1_000_000));
          case "MIB", "GIB", "TIB", "KB", "KIB", "B", "PB", "PIB", "M", "G", "T" ->
              throw new IllegalArgumentException(
                  "the unit "
                      + unit
                      + " is not supported; BorgBase counts in decimal MB, GB and TB"
                      + " (1 GB = 1000 MB)");
          default -> throw new IllegalArgumentException("the unit is unknown");
        };
    if (!unit.equals("MB") && !unit.equals("GB") && !unit.equals("TB")) {
      throw new IllegalArgumentException("write the unit in capitals: MB, GB or TB");
    }
    return ofMb(mb);
  }

  private static Quota ofMb(BigDecimal mb) {
    if (mb.signum() <= 0) {
      throw new IllegalArgumentException("a quota must be more than 0; `quota: none` turns it off");
    }
    if (mb.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "that is not a whole number of MB; BorgBase stores quotas in MB");
    }
    if (mb.compareTo(BigDecimal.valueOf(MAX_MB)) > 0) {
      throw new IllegalArgumentException("that is more than BorgBase accepts (" + MAX_MB + " MB)");
    }
    return Quota.ofMegabytes(mb.longValueExact());
  }
}
