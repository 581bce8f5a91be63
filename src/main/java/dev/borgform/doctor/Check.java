package dev.borgform.doctor;

import java.util.List;
import java.util.Objects;

/**
 * One check of {@code borgform doctor}: {@code id} is stable (the JSON document's key, e.g. {@code
 * tls}), {@code summary} one line, {@code details} the facts measured (addresses, times, the
 * certificate), {@code hint} what to do when it is not ok (empty when there is nothing to do), and
 * {@code findings} the schema differences, for the API check.
 */
public record Check(
    String id,
    String title,
    Status status,
    String summary,
    List<String> details,
    String hint,
    List<Finding> findings) {
  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(summary, "summary");
    details = List.copyOf(details);
    Objects.requireNonNull(hint, "hint");
    findings = List.copyOf(findings);
  }

  public static Check of(String id, String title, Status status, String summary) {
    return new Check(id, title, status, summary, List.of(), "", List.of());
  }

  /** The same check under another id and title (a failure found by one step, shown at another). */
  public Check withId(String newId, String newTitle) {
    return new Check(newId, newTitle, status, summary, details, hint, findings);
  }

  public Check withDetails(List<String> d) {
    return new Check(id, title, status, summary, d, hint, findings);
  }

  public Check withHint(String h) {
    return new Check(id, title, status, summary, details, h, findings);
  }

  public Check withFindings(List<Finding> f) {
    return new Check(id, title, status, summary, details, hint, f);
  }
}
