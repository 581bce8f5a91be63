package dev.borgform.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.bench.Accounts;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Target;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.render.ReasonText;
import org.junit.jupiter.api.Test;

/**
 * Plans of accounts large enough that the live digest and the plan hash are worked out on threads
 * of their own ({@code Meanwhile}): the values are those of the same work done in line.
 */
class LargeAccountPlanTest {
  private static final int N = 1200;

  @Test
  void theDigestTakenMeanwhileIsTheAccountsDigest() {
    DesiredState desired = Accounts.desired(N);
    LiveState live = Accounts.live(N, Accounts.Scenario.DRIFTED);
    assertThat(live.keys().size() + live.repos().size())
        .isGreaterThanOrEqualTo(Planner.DIGEST_MEANWHILE_FROM);

    Plan plan = new Planner().plan(desired, live);

    assertThat(plan.liveDigest()).isEqualTo(live.digest());
  }

  @Test
  void theHashTakenMeanwhileIsThePlansHash() throws Exception {
    Plan plan =
        new Planner()
            .plan(Accounts.desired(N), LiveState.empty())
            .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
    PlanCodec codec = new PlanCodec(ReasonText.WORDS);
    assertThat(plan.changes()).hasSizeGreaterThanOrEqualTo(1000);

    String byTree = codec.hashOf(new ObjectMapper().readTree(codec.write(plan)));

    // hashMeanwhile works on a thread of its own at this size; hashOf reads the file as a tree.
    assertThat(codec.hash(plan)).isEqualTo(byTree);
    assertThat(codec.hashMeanwhile(plan).get()).isEqualTo(byTree);
  }
}
