package dev.borgform.plan;

import java.util.Locale;

/**
 * The mass-deletion rail of {@code policy.maxDeletePercent}, as octoDNS's "too much change": a plan
 * that removes more than that share of the account's live keys and repos is refused at apply unless
 * {@code --force} is given. A typo in a spec folder, an empty {@code ${VAR}} list or a wrong {@code
 * -f} looks like "delete almost everything"; this catches it before it happens.
 *
 * <p>What counts as a deletion: a repo deleted, or a key whose key material leaves the account (a
 * key deleted or replaced by a different key). A key renamed (same material under a spec name) does
 * not count: every server keeps its access.
 *
 * <p>Accounts with fewer than {@link #MIN_LIVE_OBJECTS} live keys and repos are exempt, as octoDNS
 * exempts zones with fewer than 10 records: there, one deletion is already 10 % or more, every
 * change is easy to review, and the rail would only teach people to pass --force by habit.
 *
 * @param deletions live keys and repos the plan removes, counted as above
 * @param liveObjects live keys and repos the plan may touch (ignored ones are left out)
 * @param maxPercent {@code policy.maxDeletePercent}
 */
public record DeletionGuard(int deletions, int liveObjects, int maxPercent) {
  public static final int MIN_LIVE_OBJECTS = 10;

  public DeletionGuard {
    if (deletions < 0 || liveObjects < 0) throw new IllegalArgumentException("negative count");
    if (maxPercent < 0 || maxPercent > 100) throw new IllegalArgumentException("maxPercent 0..100");
  }

  /** A guard that never trips: for plans that delete nothing. */
  public static DeletionGuard none() {
    return new DeletionGuard(0, 0, 100);
  }

  public double percent() {
    return liveObjects == 0 ? 0.0 : 100.0 * deletions / liveObjects;
  }

  /** True when apply must refuse without --force. */
  public boolean exceeded() {
    return liveObjects >= MIN_LIVE_OBJECTS
        && (long) deletions * 100 > (long) maxPercent * liveObjects;
  }

  /** The refusal, with the numbers, in octoDNS's shape. */
  public String message() {
    return String.format(
        Locale.ROOT,
        "Too many deletions: %.1f%% is over %d%% (%d of %d live keys and repos)",
        percent(),
        maxPercent,
        deletions,
        liveObjects);
  }
}
