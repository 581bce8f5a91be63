package dev.borgform.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects every problem before any is reported, so a user fixes a spec in one pass instead of one
 * error per run. Not thread-safe; one instance per load or plan.
 */
public final class Diagnostics {
  private final List<Diagnostic> items = new ArrayList<>();

  public void add(Diagnostic d) {
    items.add(d);
  }

  public void error(@Nullable SourcePos pos, String summary, @Nullable String detail) {
    items.add(Diagnostic.error(pos, summary, detail));
  }

  public void warning(@Nullable SourcePos pos, String summary, @Nullable String detail) {
    items.add(Diagnostic.warning(pos, summary, detail));
  }

  public void addAll(Diagnostics other) {
    items.addAll(other.items);
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(Diagnostic::isError);
  }

  public int errorCount() {
    return (int) items.stream().filter(Diagnostic::isError).count();
  }

  /** Sorted by file position (positionless last), so output is stable whatever the check order. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(items);
    copy.sort(
        Comparator.comparing(
                Diagnostic::pos, Comparator.nullsLast(Comparator.<SourcePos>naturalOrder()))
            .thenComparing(Diagnostic::summary));
    return List.copyOf(copy);
  }

  public List<Diagnostic> warnings() {
    return sorted().stream().filter(d -> !d.isError()).toList();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
