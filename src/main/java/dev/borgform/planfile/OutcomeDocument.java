package dev.borgform.planfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.Outcome;
import dev.borgform.diag.Printable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a command as a JSON document (docs/plan-format.md#failure-and-validate-documents):
 * versioned as the plan document is, with {@code "document": "outcome"} so no tool takes it for a
 * plan (it has no {@code changes}). Unlike the plan document, which keeps names exact for {@code
 * apply}, its texts are made printable: they are read by people, in PR comments and CI logs.
 */
public final class OutcomeDocument {
  /** Raised on a change of meaning (major) or an added field (minor), as the plan's is. */
  public static final String FORMAT_VERSION = "1.0";

  private static final ObjectWriter PRETTY = JsonLayout.pretty(new ObjectMapper());

  record Doc(
      String formatVersion,
      String document,
      String command,
      boolean ok,
      int exitCode,
      String message,
      String hint,
      List<DiagnosticDoc> diagnostics) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record DiagnosticDoc(
      String severity,
      @Nullable String file,
      @Nullable Integer line,
      @Nullable Integer column,
      String message,
      String hint) {}

  /** The document, pretty-printed, ending in a newline. */
  public String write(Outcome outcome) {
    List<DiagnosticDoc> diagnostics =
        outcome.diagnostics().stream().map(OutcomeDocument::diagnostic).toList();
    Doc doc =
        new Doc(
            FORMAT_VERSION,
            "outcome",
            outcome.command(),
            outcome.ok(),
            outcome.exitCode(),
            Printable.of(outcome.message()),
            hintText(outcome.hint()),
            diagnostics);
    try {
      return PRETTY.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DiagnosticDoc diagnostic(Diagnostic d) {
    return new DiagnosticDoc(
        d.severity().name().toLowerCase(Locale.ROOT),
        d.pos() == null ? null : Printable.of(d.pos().file()),
        d.pos() == null ? null : d.pos().line(),
        d.pos() == null ? null : d.pos().column(),
        Printable.of(d.summary()),
        Printable.of(d.detail()));
  }

  /** Advice may span lines (apply's); each is made printable and the breaks kept. */
  public static String hintText(String hint) {
    String[] lines = hint.split("\n", -1);
    for (int i = 0; i < lines.length; i++) lines[i] = Printable.of(lines[i]);
    return String.join("\n", lines);
  }
}
