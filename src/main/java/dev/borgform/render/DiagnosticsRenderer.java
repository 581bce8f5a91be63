package dev.borgform.render;

import dev.borgform.diag.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/**
 * Problems as {@code file:line:col: error: summary} with the advice indented below, the form
 * editors and CI log viewers turn into links.
 */
public final class DiagnosticsRenderer {
  private final Style style;

  public DiagnosticsRenderer(Style style) {
    this.style = style;
  }

  public void render(List<Diagnostic> diagnostics, PrintWriter err) {
    for (Diagnostic d : diagnostics) {
      String level = d.isError() ? style.red("error:") : style.yellow("warning:");
      String where = d.pos() == null ? "" : d.pos() + ": ";
      err.println(where + level + " " + d.summary());
      if (!d.detail().isEmpty()) err.println("  " + d.detail());
    }
    err.flush();
  }
}
