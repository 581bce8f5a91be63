package dev.borgform.diag;

import java.util.List;
import java.util.Objects;

/**
 * How a command ended, for the documents that report it on standard output ({@code plan --output
 * markdown|json} when the plan fails, {@code validate --output json|github}): the exit code, the
 * one-line message and its advice, and the problems found, each with its place in the spec.
 */
public record Outcome(
    String command, int exitCode, String message, String hint, List<Diagnostic> diagnostics) {

  public Outcome {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean ok() {
    return exitCode == 0;
  }
}
