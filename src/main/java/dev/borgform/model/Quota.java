package dev.borgform.model;

/**
 * A repo's size limit. BorgBase stores it as whole decimal megabytes plus an on/off flag; {@link
 * #none()} turns the limit off, whatever number the account keeps beside it.
 */
public record Quota(boolean enabled, long megabytes) {

  public Quota {
    if (megabytes < 0) throw new IllegalArgumentException("quota must not be negative");
    if (!enabled) megabytes = 0;
  }

  public static Quota none() {
    return new Quota(false, 0);
  }

  public static Quota ofMegabytes(long mb) {
    return new Quota(true, mb);
  }

  /** True when a live repo with these two wire fields already has this quota. */
  public boolean matches(boolean liveEnabled, long liveMegabytes) {
    return enabled ? liveEnabled && liveMegabytes == megabytes : !liveEnabled;
  }

  /** Short human form: {@code none}, {@code 500GB}, {@code 1.5TB} or {@code 750MB}. */
  public String display() {
    if (!enabled) return "none";
    if (megabytes >= 1_000_000 && megabytes % 1_000 == 0) {
      return trim(megabytes / 1_000_000.0) + "TB";
    }
    if (megabytes >= 1_000 && megabytes % 1_000 == 0) return (megabytes / 1_000) + "GB";
    return megabytes + "MB";
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return display();
  }
}
