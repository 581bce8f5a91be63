package dev.borgform.plan;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.Region;
import dev.borgform.planner.Planner;
import dev.borgform.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code apply --partial} with a Create Only token: what a token that may only add can make of a
 * plan, and what it leaves for a Full Access token.
 */
class PartialPlanTest {
  private static List<String> addresses(List<Change> changes) {
    return changes.stream().map(c -> c.action().symbol() + " " + c.address()).toList();
  }

  @Test
  void keepsTheAddsThatNeedNothingSkippedAndSkipsTheRest() {
    Plan plan =
        new Planner()
            .plan(
                desired(
                    List.of(
                        want("new-key", TestKeys.ED1),
                        want("rotated", TestKeys.ED3),
                        want("kept", TestKeys.ED4)),
                    List.of(
                        repo("plain", Region.EU),
                        repo("with-new-key", Region.EU, List.of("new-key"), null),
                        repo("with-live-key", Region.EU, List.of("kept"), null),
                        repo("with-rotated-key", Region.EU, List.of("rotated"), null),
                        repo("edited", Region.EU, List.of("kept"), null))),
                account(
                    List.of(live("1", "rotated", TestKeys.ED2), live("2", "kept", TestKeys.ED4)),
                    List.of(liveRepo("r1", "edited", "eu"))));

    PartialPlan partial = PartialPlan.addsOnly(plan);

    assertThat(addresses(partial.kept().changes()))
        .containsExactly(
            "+ key.new-key", "+ repo.plain", "+ repo.with-live-key", "+ repo.with-new-key");
    assertThat(addresses(partial.skipped()))
        .as("a replaced key, a repo that needs its new key, an update")
        .containsExactlyInAnyOrder("+/- key.rotated", "+ repo.with-rotated-key", "~ repo.edited");
    assertThat(partial.kept().changes().size() + partial.skipped().size())
        .as("every change is kept or skipped")
        .isEqualTo(plan.changes().size());
    assertThat(partial.kept().liveDigest()).isEqualTo(plan.liveDigest());
  }

  @Test
  void aPlanOfAddsIsKeptWhole() {
    Plan plan =
        new Planner()
            .plan(
                desired(
                    List.of(want("k", TestKeys.ED1)),
                    List.of(repo("r", Region.US, List.of("k"), null))),
                account(List.of(), List.of()));
    PartialPlan partial = PartialPlan.addsOnly(plan);
    assertThat(partial.kept().changes()).isEqualTo(plan.changes());
    assertThat(partial.skipped()).isEmpty();
  }
}
