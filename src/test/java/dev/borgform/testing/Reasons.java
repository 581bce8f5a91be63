package dev.borgform.testing;

import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanPolicy;
import dev.borgform.plan.Reason;
import dev.borgform.plan.Target;
import java.util.ArrayList;
import java.util.List;

/** One reason of every kind, with the parameters the planner gives them; a table for tests. */
public final class Reasons {
  private Reasons() {}

  /** Every kind of {@link Reason}, some more than once (each flag both ways). */
  public static final List<Reason> EVERY_KIND =
      List.of(
          Reason.NONE,
          new Reason.KeyMaterialChanged(),
          new Reason.KeyRenamed(List.of("web-old"), false),
          new Reason.KeyRenamed(List.of("web-old", "web-older"), true),
          new Reason.DuplicateKey("web-01", "17", "12"),
          new Reason.KeyNotInSpec(),
          new Reason.KeyListsMove(),
          new Reason.UnmanagedRepoUsesKeys(),
          new Reason.RepoPruned(false),
          new Reason.RepoPruned(true),
          new Reason.LegacyText("kept for the audit, see the wiki"));

  /**
   * A plan of key deletions, one per reason of {@code reasons}, for an account's endpoint. The plan
   * file and the renderers treat a reason alike whatever the change, so deletions carry them all
   * (which change gets which is the planner's business, and its tests').
   */
  public static Plan plan(List<Reason> reasons) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < reasons.size(); i++) {
      changes.add(
          new KeyDelete(
              Fixtures.live(String.valueOf(100 + i), "k" + i, TestKeys.ed25519(100 + i, "k" + i)),
              reasons.get(i)));
    }
    return new Plan(
            changes,
            List.of(),
            "sha256:" + "0".repeat(64),
            DeletionGuard.none(),
            new PlanPolicy(true, false, 100, List.of(), List.of(), 1, 0),
            Target.UNBOUND)
        .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
  }
}
