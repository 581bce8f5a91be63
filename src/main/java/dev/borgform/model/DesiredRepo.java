package dev.borgform.model;

import dev.borgform.diag.SourcePos;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A repo the spec asks for. Every setting is optional: a field the spec does not state is absent
 * from {@code values}, so the live value is left alone (no fight with changes made in the web UI).
 * Key lists hold key names from the spec; the planner resolves them to ids.
 *
 * @param id pinned repo id, or null to match by name
 * @param region the region, or null when the spec does not state it
 * @param values the stated {@link RepoField}s, each in its spec form
 * @param fieldPos where each stated field sits in the spec, for diagnostics found while planning
 * @param renamedFrom names the repo had before (spec field {@code renamedFrom}); when no live repo
 *     has {@code name}, a live repo with one of these names is renamed in place instead of a new
 *     one being created
 */
public record DesiredRepo(
    String name,
    @Nullable String id,
    @Nullable Region region,
    Map<RepoField<?, ?>, Object> values,
    @Nullable SourcePos pos,
    Map<String, SourcePos> fieldPos,
    List<String> renamedFrom) {

  public DesiredRepo {
    Objects.requireNonNull(name, "name");
    Map<RepoField<?, ?>, Object> stated = new LinkedHashMap<>();
    for (Map.Entry<RepoField<?, ?>, Object> e : values.entrySet()) {
      if (e.getValue() != null) stated.put(e.getKey(), e.getValue());
    }
    values = Collections.unmodifiableMap(stated);
    fieldPos = fieldPos == null ? Map.of() : Map.copyOf(fieldPos);
    renamedFrom = renamedFrom == null ? List.of() : List.copyOf(renamedFrom);
  }

  /** A repo without {@code renamedFrom}. */
  public DesiredRepo(
      String name,
      @Nullable String id,
      @Nullable Region region,
      Map<RepoField<?, ?>, Object> values,
      @Nullable SourcePos pos,
      @Nullable Map<String, SourcePos> fieldPos) {
    this(name, id, region, values, pos, fieldPos == null ? Map.of() : fieldPos, List.of());
  }

  /** The field's value as the spec states it; empty when the spec leaves it out. */
  @SuppressWarnings("unchecked") // values are put only through the field's own type
  public <V> Optional<V> get(RepoField<V, ?> field) {
    return Optional.ofNullable((V) values.get(field));
  }

  /** The same repo with {@code field} stated as {@code value}. */
  public <V> DesiredRepo with(RepoField<V, ?> field, V value) {
    Map<RepoField<?, ?>, Object> v = new LinkedHashMap<>(values);
    v.put(field, value);
    return new DesiredRepo(name, id, region, v, pos, fieldPos, renamedFrom);
  }

  /** Where {@code field} is stated, else where the repo starts. */
  public @Nullable SourcePos posOf(String field) {
    return fieldPos.getOrDefault(field, pos);
  }
}
