package dev.borgform.reconcile;

import dev.borgform.diag.UnsafePlanException;
import dev.borgform.plan.Plan;

/**
 * The two safety rails, checked before every round of an apply: deleting repos needs {@code
 * --allow-destroy}, and deleting more than {@code policy.maxDeletePercent} of the account needs
 * {@code --force}.
 */
public final class SafetyRules {
  private final boolean allowDestroy;
  private final boolean force;

  public SafetyRules(boolean allowDestroy, boolean force) {
    this.allowDestroy = allowDestroy;
    this.force = force;
  }

  /**
   * Throws {@link UnsafePlanException} (exit 3) when the plan may not run.
   *
   * @param again how the user runs it again, e.g. "run apply again"
   */
  public void check(Plan plan, String again) {
    if (plan.destroysBackups() && !allowDestroy) {
      long n = plan.changes().stream().filter(c -> c.destroysBackups()).count();
      throw new UnsafePlanException(
          "The plan deletes "
              + n
              + (n == 1 ? " repo" : " repos")
              + " and every backup in them; refusing without --allow-destroy.",
          "Review the repos marked DESTROYS BACKUPS. If they must go, "
              + again
              + " with"
              + " --allow-destroy; to keep them, set policy.pruneRepos: false.");
    }
    if (plan.deletionGuard().exceeded() && !force) {
      throw new UnsafePlanException(
          plan.deletionGuard().message() + "; review the plan, then pass --force",
          "Nothing was changed. If these deletions are meant, "
              + again
              + " with --force;"
              + " policy.maxDeletePercent sets the threshold.");
    }
  }
}
