package dev.borgform.render;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import dev.borgform.diag.Printable;
import java.io.PrintWriter;

/**
 * Problems as GitHub Actions workflow commands ({@code ::error file=F,line=L,col=C::message}),
 * which GitHub shows on the lines of the pull request's diff. Texts are made printable first, then
 * escaped as GitHub's own toolkit does ({@code @actions/core}'s escapeData and escapeProperty): in
 * the message {@code %}, CR and LF; in a property also {@code :} and {@code ,}. So no text from a
 * spec can end the command early or start another one.
 */
public final class GithubAnnotationsRenderer {

  public void render(Outcome outcome, PrintWriter out) {
    for (Diagnostic d : outcome.diagnostics()) {
      StringBuilder line = new StringBuilder("::").append(d.isError() ? "error" : "warning");
      if (d.pos() != null) {
        line.append(" file=")
            .append(property(Printable.of(d.pos().file())))
            .append(",line=")
            .append(d.pos().line())
            .append(",col=")
            .append(d.pos().column());
      }
      String message =
          Printable.of(d.summary()) + (d.detail().isEmpty() ? "" : "\n" + Printable.of(d.detail()));
      out.println(line.append("::").append(data(message)));
    }
    if (!outcome.ok()) {
      // The failure itself, for the job's summary (it has no place in a file).
      String message =
          Printable.of(outcome.message())
              + (outcome.hint().isEmpty()
                  ? ""
                  : "\n" + dev.borgform.planfile.OutcomeDocument.hintText(outcome.hint()));
      out.println(
          "::error title=" + property("borgform " + outcome.command()) + "::" + data(message));
    } else {
      out.println(data(Printable.of(outcome.message())));
    }
    out.flush();
  }

  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
