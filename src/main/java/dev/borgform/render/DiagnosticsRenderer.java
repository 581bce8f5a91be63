package dev.borgform.render;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Printable;
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
      // File names come from the file system and summaries may name objects of the account.
      String where = d.pos() == null ? "" : Printable.of(d.pos().toString()) + ": ";
      err.println(where + level + " " + Printable.of(d.summary()));
      if (!d.detail().isEmpty()) err.println("  " + Printable.of(d.detail()));
    }
    err.flush();
  }
}
