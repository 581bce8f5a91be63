package dev.borgform.testing;

import dev.borgform.plan.Reason;
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
}
