package dev.borgform.doctor;

/** How one check of {@code borgform doctor} came out. */
public enum Status {
  /** What borgform relies on is there. */
  OK("ok"),
  /** Works today, but something needs attention (a certificate about to expire, a low token). */
  WARNING("warning"),
  /** Something borgform relies on is missing or broken: doctor exits 1. */
  FAILED("failed"),
  /** Not run, because an earlier check failed (no answer, no schema). */
  SKIPPED("skipped");

  private final String word;

  Status(String word) {
    this.word = word;
  }

  /** The word shown in the text report and the JSON document. */
  public String word() {
    return word;
  }
}
