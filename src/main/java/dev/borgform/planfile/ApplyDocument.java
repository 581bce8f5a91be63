package dev.borgform.planfile;

import dev.borgform.model.OutputValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of {@code apply --output json} (docs/plan-format.md#the-apply-document): what apply did,
 * each change with its outcome, and the values {@code borgform output} shows for the spec's objects
 * after it ({@link OutputDocument#tree}), or null with a note saying why they are not known. Names
 * and the server's words are kept exact, as in the plan document: a program reads it.
 */
public final class ApplyDocument {
  /** Raised on a change of meaning (major) or an added field (minor). */
  public static final String FORMAT_VERSION = "1.0";

  /**
   * One change as apply ended it.
   *
   * @param address {@code repo.NAME} or {@code key.NAME}
   * @param action what was sent: create, update, delete, replace, ...
   * @param outcome {@code done}, {@code failed}, {@code unknown} (sent; whether BorgBase made it is
   *     not known) or {@code skipped} (not sent)
   * @param detail what BorgBase answered, or why it was skipped; may be empty
   * @param round the apply round it belongs to (1 unless unknown outcomes were settled)
   */
  public record Change(String address, String action, String outcome, String detail, int round) {}

  /**
   * The apply document, as JSON text.
   *
   * @param status {@code no-changes}, {@code done}, {@code partial}, {@code failed}, {@code
   *     unsettled}, {@code stopped} or {@code interrupted}
   * @param outputs the spec's objects after apply; null when not known
   * @param outputsNote why {@code outputs} is null; null otherwise
   */
  public String write(
      String status,
      List<Change> changes,
      @Nullable OutputValues outputs,
      @Nullable String outputsNote) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("formatVersion", FORMAT_VERSION);
    doc.put("document", "apply");
    doc.put("status", status);
    doc.put(
        "changes",
        changes.stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("address", c.address());
                  m.put("action", c.action());
                  m.put("outcome", c.outcome());
                  m.put("detail", c.detail());
                  m.put("round", c.round());
                  return m;
                })
            .toList());
    doc.put("outputs", outputs == null ? null : OutputDocument.tree(outputs));
    if (outputs == null) doc.put("outputsNote", outputsNote);
    return OutputDocument.json(doc);
  }
}
