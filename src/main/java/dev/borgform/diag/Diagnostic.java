package dev.borgform.diag;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One problem found in a spec or a plan: a one-line summary, then a sentence that tells the user
 * what to do. {@code pos} is null for problems that have no place in a file (e.g. live-state
 * conflicts found while planning).
 */
public record Diagnostic(
    Severity severity, @Nullable SourcePos pos, String summary, String detail) {

  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    detail = detail == null ? "" : detail;
  }

  public static Diagnostic error(@Nullable SourcePos pos, String summary, @Nullable String detail) {
    return new Diagnostic(Severity.ERROR, pos, summary, detail == null ? "" : detail);
  }

  public static Diagnostic warning(
      @Nullable SourcePos pos, String summary, @Nullable String detail) {
    return new Diagnostic(Severity.WARNING, pos, summary, detail == null ? "" : detail);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
