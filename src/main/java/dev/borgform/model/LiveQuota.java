package dev.borgform.model;

/**
 * A repo's quota as the account holds it: two wire fields, kept as read. Unlike {@link Quota} the
 * number stays when the limit is off, because the account keeps it and a saved plan shows the live
 * repo exactly as read.
 */
public record LiveQuota(long megabytes, boolean enabled) {

  /** The limit the account enforces, as the spec writes it. */
  public Quota asQuota() {
    return enabled ? Quota.ofMegabytes(megabytes) : Quota.none();
  }
}
