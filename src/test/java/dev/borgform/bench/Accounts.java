package dev.borgform.bench;

import dev.borgform.diag.SourcePos;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.Repos;
import dev.borgform.testing.SyntheticSpec;
import dev.borgform.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired and live states of {@code n} keys and {@code n} repos, the same shape as {@link
 * SyntheticSpec} (one append-only key per server repo), built directly so the planner benchmarks
 * measure planning alone.
 */
public final class Accounts {
  private Accounts() {}

  /** What the live account holds compared with the spec. */
  public enum Scenario {
    /** A new account: every key and repo is created. */
    EMPTY,
    /** The account matches the spec: no changes. */
    CONVERGED,
    /** Every repo's alertDays differs; every tenth key was rotated (replace + repo moves). */
    DRIFTED
  }

  public static DesiredState desired(int n) {
    List<DesiredKey> keys = new ArrayList<>(n);
    List<DesiredRepo> repos = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SourcePos pos = new SourcePos("borgbase.yaml", 3 + i, 5);
      keys.add(new DesiredKey(SyntheticSpec.keyName(i), Fixtures.key(keyLine(i)), pos));
      repos.add(
          Repos.desired(
              SyntheticSpec.repoName(i),
              null,
              region(i),
              Quota.ofMegabytes(quotaMb(i)),
              alertDays(i),
              List.of(SyntheticSpec.keyName(i)),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              pos,
              null));
    }
    return new DesiredState(keys, repos, Policy.defaults());
  }

  public static LiveState live(int n, Scenario scenario) {
    if (scenario == Scenario.EMPTY) return LiveState.empty();
    List<LiveKey> keys = new ArrayList<>(n);
    List<LiveRepo> repos = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean rotated = scenario == Scenario.DRIFTED && i % 10 == 0;
      String keyId = String.valueOf(1000 + i);
      keys.add(
          Fixtures.live(
              keyId,
              SyntheticSpec.keyName(i),
              rotated ? TestKeys.ed25519(-1 - i, "old") : keyLine(i)));
      int days = scenario == Scenario.DRIFTED ? alertDays(i) + 1 : alertDays(i);
      String id = String.format("r%07d", i);
      repos.add(
          LiveRepo.withDefaults(id, SyntheticSpec.repoName(i), region(i).wire())
              .with(RepoField.QUOTA, new LiveQuota(quotaMb(i), true))
              .with(RepoField.ALERT_DAYS, days)
              .with(RepoField.APPEND_ONLY_KEYS, List.of(keyId)));
    }
    return new LiveState(keys, repos);
  }

  private static String keyLine(int i) {
    return TestKeys.ed25519(i, "root@" + SyntheticSpec.keyName(i));
  }

  private static Region region(int i) {
    return i % 2 == 0 ? Region.EU : Region.US;
  }

  private static long quotaMb(int i) {
    return (100L + i % 900) * 1000;
  }

  private static int alertDays(int i) {
    return 1 + i % 7;
  }
}
