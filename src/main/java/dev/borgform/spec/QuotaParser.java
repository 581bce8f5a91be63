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
  private static final Pattern SIZE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]+)");
  /** BorgBase sends quota as a GraphQL Int of MB. */
  static final long MAX_MB = Integer.MAX_VALUE;

  private QuotaParser() {}

  /** The quota, or throws {@link IllegalArgumentException} with a message for the user. */
  static Quota parse(String text, boolean plainInteger) {
    String t = text.strip();
    if (plainInteger) return ofMb(new BigDecimal(t), t);
    if (t.equalsIgnoreCase("none")) return Quota.none();
    if (t.matches("[0-9]+")) return ofMb(new BigDecimal(t), t);
    Matcher m = SIZE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "quota \"" + text + "\" is not a size; write e.g. 500GB, 1.5TB, 750MB, a number of MB,"
              + " or none");
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    BigDecimal mb =
        switch (unit) {
          case "MB" -> n;
          case "GB" -> n.multiply(BigDecimal.valueOf(1_000));
          case "TB" -> n.multiply(BigDecimal.valueOf(1_000_000));
          case "MIB", "GIB", "TIB", "KB", "KIB", "B", "PB" ->
              throw new IllegalArgumentException(
                  "quota unit \"" + m.group(2) + "\" is not supported; BorgBase counts in decimal"
                      + " MB, GB and TB (1 GB = 1000 MB)");
          default ->
              throw new IllegalArgumentException(
                  "quota unit \"" + m.group(2) + "\" is unknown; use MB, GB or TB");
        };
    return ofMb(mb, t);
  }

  private static Quota ofMb(BigDecimal mb, String text) {
    if (mb.signum() <= 0) {
      throw new IllegalArgumentException(
          "quota must be more than 0; write `quota: none` to turn the quota off");
    }
    if (mb.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          "quota \"" + text + "\" is not a whole number of MB; BorgBase stores quotas in MB");
    }
    if (mb.compareTo(BigDecimal.valueOf(MAX_MB)) > 0) {
      throw new IllegalArgumentException(
          "quota \"" + text + "\" is larger than BorgBase accepts (" + MAX_MB + " MB)");
    }
    return Quota.ofMegabytes(mb.longValueExact());
  }
}
