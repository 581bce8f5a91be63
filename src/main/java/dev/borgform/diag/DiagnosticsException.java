package dev.borgform.diag;

import java.util.List;

/**
 * Problems found before anything was sent: an invalid spec (exit 65) or a plan that cannot be made
 * against this account (exit 1).
 */
public final class DiagnosticsException extends BorgformException {
  private final List<Diagnostic> diagnostics;
  private final int exitCode;

  public DiagnosticsException(String message, List<Diagnostic> diagnostics, int exitCode) {
    super(message, null, null);
    this.diagnostics = List.copyOf(diagnostics);
    this.exitCode = exitCode;
  }

  public static DiagnosticsException invalidSpec(Diagnostics d) {
    int n = d.errorCount();
    return new DiagnosticsException(
        "The spec has " + n + (n == 1 ? " error" : " errors") + ".",
        d.sorted(),
        ExitCodes.INVALID_SPEC);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  @Override
  public int exitCode() {
    return exitCode;
  }
}
