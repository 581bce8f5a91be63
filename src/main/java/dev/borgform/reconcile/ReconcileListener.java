package dev.borgform.reconcile;

import dev.borgform.apply.ApplyListener;
import dev.borgform.apply.StepResult;
import dev.borgform.plan.Plan;
import java.util.List;

/** Told what an apply does as it goes, so the CLI can print it: every step, and every new round. */
public interface ReconcileListener extends ApplyListener {
  ReconcileListener NONE = r -> {};

  /** Round {@code round} starts: the account is read again because these outcomes are unknown. */
  default void replanning(int round, int maxRounds, List<StepResult> unknown) {}

  /** The plan of what is left, made from that read; empty when everything was done after all. */
  default void replanned(int round, Plan plan) {}

  /**
   * The apply reads the account once more to look for repos and keys another apply made at the same
   * time.
   */
  default void rechecking() {}

  /**
   * {@code repos} of this run's repos won a same-second tie with another apply's twins; the apply
   * waits a few seconds for that apply to delete them.
   */
  default void waitingForTwins(int repos) {}
}
