package dev.borgform.planfile;

import dev.borgform.plan.Reason;

/**
 * The words of the reasons, as the plan document needs them: it writes a reason's text beside its
 * code (so a reader without borgform sees the words), hashes that text, and reads the text of a
 * file that states no code. The words live in {@code render.ReasonText}, the one place that turns
 * reasons into words; this port lets the codec use them without depending on the renderers.
 */
public interface ReasonWords {
  /** The words a plan shows for {@code reason}; empty for {@link Reason#NONE}. */
  String text(Reason reason);

  /**
   * The reason a plan file's text stands for when the file states no code (written before codes
   * were): the kind whose words are exactly {@code text}, else {@link Reason.LegacyText}. Never
   * throws; {@code text(fromText(t))} is {@code t} for every {@code t}.
   */
  Reason fromText(String text);
}
