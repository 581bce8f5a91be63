package dev.borgform.plan;

import dev.borgform.model.DesiredState;
import dev.borgform.model.Policy;
import java.util.List;

/**
 * What the spec a plan came from allowed, and how much it declared. A saved plan carries it (bound
 * by the plan hash) because apply reads no spec: the safety rails are recomputed from it, the
 * plan's own changes and the fresh read of the account, never taken from numbers in the file.
 *
 * @param pruneRepos the spec's consent to delete repos; a repo deletion without it is refused even
 *     with {@code --allow-destroy}
 * @param declaredKeys keys the spec declares; with {@code declaredRepos} 0, the spec declares
 *     nothing, and a plan that changes anything from it needs {@code --force}
 */
public record PlanPolicy(
    boolean pruneKeys,
    boolean pruneRepos,
    int maxDeletePercent,
    List<String> ignoreKeys,
    List<String> ignoreRepos,
    int declaredKeys,
    int declaredRepos) {

  public PlanPolicy {
    ignoreKeys = List.copyOf(ignoreKeys);
    ignoreRepos = List.copyOf(ignoreRepos);
    if (maxDeletePercent < 0 || maxDeletePercent > 100) {
      throw new IllegalArgumentException("maxDeletePercent 0..100");
    }
    if (declaredKeys < 0 || declaredRepos < 0) throw new IllegalArgumentException("negative count");
  }

  public static PlanPolicy of(DesiredState desired) {
    Policy p = desired.policy();
    return new PlanPolicy(
        p.pruneKeys(),
        p.pruneRepos(),
        p.maxDeletePercent(),
        p.ignoreKeys(),
        p.ignoreRepos(),
        desired.keys().size(),
        desired.repos().size());
  }

  public boolean declaresNothing() {
    return declaredKeys == 0 && declaredRepos == 0;
  }
}
