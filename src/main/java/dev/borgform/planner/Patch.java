package dev.borgform.planner;

import dev.borgform.model.RepoField;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a repo edit: what it sends. Its review lines are derived from what it sends and the live
 * repo ({@code RepoUpdate.fields()}), so the two never disagree.
 */
final class Patch {
  private Optional<String> name = Optional.empty();
  private final Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();

  boolean isEmpty() {
    return name.isEmpty() && values.isEmpty();
  }

  /** True when the edit sends key lists and nothing else. */
  boolean onlyKeyLists() {
    return name.isEmpty() && values.keySet().stream().allMatch(RepoField::isKeyList);
  }

  void name(String after) {
    name = Optional.of(after);
  }

  <V> void set(RepoField<V, ?> field, V after) {
    if (field.isKeyList()) throw new IllegalArgumentException(field + " is a key list");
    values.put(field, after);
  }

  void keys(RepoField<?, ?> field, List<KeyRef> after) {
    if (!field.isKeyList()) throw new IllegalArgumentException(field + " is not a key list");
    values.put(field, List.copyOf(after));
  }

  RepoSettings build() {
    return new RepoSettings(name.orElse(null), null, values);
  }
}
