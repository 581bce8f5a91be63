package dev.borgform.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The part of a plan a token that may only add keys and repos (BorgBase's Create Only) can make,
 * and the changes it leaves for a Full Access token: {@code apply --partial}. A repo whose key list
 * names a key the plan adds only through a skipped change (the new key of a replacement) is skipped
 * too: its key would not exist.
 *
 * @param kept the plan to apply: its creates, in the plan's order, with the plan's digest and rails
 * @param skipped every other change, in the plan's order
 */
public record PartialPlan(Plan kept, List<Change> skipped) {
  public PartialPlan {
    Objects.requireNonNull(kept, "kept");
    skipped = List.copyOf(skipped);
  }

  public static PartialPlan addsOnly(Plan plan) {
    Set<String> addedKeys = new HashSet<>();
    for (Change c : plan.changes()) {
      if (c.action() == Action.CREATE && c.address().kind() == ResourceKind.KEY) {
        addedKeys.add(c.address().name());
      }
    }
    List<Change> kept = new ArrayList<>();
    List<Change> skipped = new ArrayList<>();
    for (Change c : plan.changes()) {
      (c.accept(new AddableAlone(addedKeys)) ? kept : skipped).add(c);
    }
    return new PartialPlan(
        new Plan(
            kept,
            plan.notes(),
            plan.liveDigest(),
            plan.deletionGuard(),
            plan.policy(),
            plan.target()),
        skipped);
  }

  /** True for a change a Create Only token can make with the plan's other kept changes. */
  private record AddableAlone(Set<String> addedKeys) implements Change.Visitor<Boolean> {
    @Override
    public Boolean keyCreate(KeyCreate c) {
      return true;
    }

    @Override
    public Boolean keyReplace(KeyReplace c) {
      return false;
    }

    @Override
    public Boolean keyDelete(KeyDelete c) {
      return false;
    }

    @Override
    public Boolean repoCreate(RepoCreate c) {
      for (KeyRef k : c.settings().allKeyRefs()) {
        if (k.isPending() && !addedKeys.contains(k.name())) return false;
      }
      return true;
    }

    @Override
    public Boolean repoUpdate(RepoUpdate c) {
      return false;
    }

    @Override
    public Boolean repoDelete(RepoDelete c) {
      return false;
    }
  }
}
