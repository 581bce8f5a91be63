package dev.borgform.reconcile;

import dev.borgform.diag.UnsafePlanException;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;

/**
 * The safety rails, checked before every round of an apply, for a plan made now and for a saved one
 * alike: deleting repos needs both locks, the spec's {@code policy.pruneRepos: true} (recorded in
 * the plan) and {@code --allow-destroy}; and a plan that trips the deletion guard (too large a
 * share, every key, every repo, or a spec that declares nothing) needs {@code --force}. The guard's
 * numbers are the plan's own, computed from its changes and a read of the account, never read from
 * a file.
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
    long repos = plan.changes().stream().filter(c -> c.destroysBackups()).count();
    String deletes = "The plan deletes " + repos + (repos == 1 ? " repo" : " repos");
    if (repos > 0 && !plan.policy().pruneRepos()) {
      // The planner plans a repo deletion only under pruneRepos, so this is a saved plan that
      // says otherwise; --allow-destroy is the second lock, never a substitute for the first.
      throw new UnsafePlanException(
          deletes
              + ", but the spec it was made from does not set policy.pruneRepos: true; refusing,"
              + " with or without --allow-destroy.",
          "Nothing was changed. Deleting a repo needs both locks: set policy.pruneRepos: true in"
              + " the spec, make and review a new plan, then apply it with --allow-destroy.");
    }
    if (repos > 0 && !allowDestroy) {
      throw new UnsafePlanException(
          deletes + " and every backup in them; refusing without --allow-destroy.",
          "Review the repos marked DESTROYS BACKUPS. If they must go, "
              + again
              + " with"
              + " --allow-destroy; to keep them, set policy.pruneRepos: false.");
    }
    DeletionGuard g = plan.deletionGuard();
    if (g.exceeded() && !force) {
      String hint = "Nothing was changed. If these deletions are meant, " + again + " with --force";
      hint += g.overShare() ? "; policy.maxDeletePercent sets the threshold." : ".";
      if (g.everyKey() || g.everyRepo() || g.emptySpec()) {
        hint +=
            " Deleting every key or every repo, or applying a spec that declares nothing, needs"
                + " --force at any account size.";
      }
      throw new UnsafePlanException(g.message() + "; review the plan, then pass --force", hint);
    }
  }
}
