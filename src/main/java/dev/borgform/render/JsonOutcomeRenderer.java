package dev.borgform.render;

import dev.borgform.diag.Outcome;
import dev.borgform.planfile.OutcomeDocument;
import java.io.PrintWriter;

/**
 * The outcome of a command as JSON ({@link OutcomeDocument},
 * docs/plan-format.md#when-the-plan-fails-the-failure-documents).
 */
public final class JsonOutcomeRenderer {
  public void render(Outcome outcome, PrintWriter out) {
    out.print(new OutcomeDocument().write(outcome));
    out.flush();
  }
}
