package dev.borgform.plan;

import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The repo fields one mutation sends. A null name or region, and a field absent from {@code
 * values}, is not sent: for a create BorgBase picks its default, for an edit the live value stays.
 * Key lists are sent whole because BorgBase replaces a list on edit.
 *
 * @param values by field: the spec form of each {@link RepoField}, except that a key list holds
 *     {@link KeyRef}s (which key, by name and id once known)
 */
public record RepoSettings(
    @Nullable String name, @Nullable Region region, Map<RepoField<?, ?>, Object> values) {

  public static final RepoSettings EMPTY = new RepoSettings(null, null, Map.of());

  public RepoSettings {
    Map<RepoField<?, ?>, Object> sent = new LinkedHashMap<>();
    for (Map.Entry<RepoField<?, ?>, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (v == null) continue;
      sent.put(e.getKey(), v instanceof List<?> l ? List.copyOf(l) : v);
    }
    values = Collections.unmodifiableMap(sent);
  }

  /** The value sent for a field that is not a key list; empty when it is not sent. */
  @SuppressWarnings("unchecked") // values are put only through the field's own type
  public <V> Optional<V> get(RepoField<V, ?> field) {
    if (field.isKeyList()) throw new IllegalArgumentException(field + " is a key list");
    return Optional.ofNullable((V) values.get(field));
  }

  /** The keys sent for a key-list field; empty when the list is not sent. */
  @SuppressWarnings("unchecked") // a key list's value is always a List<KeyRef>
  public Optional<List<KeyRef>> keys(RepoField<?, ?> field) {
    if (!field.isKeyList()) throw new IllegalArgumentException(field + " is not a key list");
    return Optional.ofNullable((List<KeyRef>) values.get(field));
  }

  /** Whether any field fixed at creation (the format) is sent. */
  public boolean sendsFixed() {
    return values.keySet().stream().anyMatch(RepoField::fixed);
  }

  /** The same settings with every key reference passed through {@code f} (id resolution). */
  public RepoSettings mapKeyRefs(UnaryOperator<KeyRef> f) {
    Map<RepoField<?, ?>, Object> out = new LinkedHashMap<>();
    for (Map.Entry<RepoField<?, ?>, Object> e : values.entrySet()) {
      if (e.getKey().isKeyList()) {
        List<KeyRef> refs = new ArrayList<>();
        for (KeyRef r : keys(e.getKey()).orElseThrow()) refs.add(f.apply(r));
        out.put(e.getKey(), refs);
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return new RepoSettings(name, region, out);
  }

  /** Every key reference this mutation sends, for dependency checks. */
  public List<KeyRef> allKeyRefs() {
    List<KeyRef> all = new ArrayList<>();
    for (RepoField<?, ?> f : values.keySet()) if (f.isKeyList()) all.addAll(keys(f).orElseThrow());
    return all;
  }

  /** Stated fields, in the order a spec shows them, as (spec field name, value) pairs. */
  public List<FieldChange> asCreatedFields() {
    List<FieldChange> out = new ArrayList<>();
    if (name != null) out.add(new FieldChange("name", null, name));
    if (region != null) out.add(new FieldChange("region", null, region.wire()));
    for (RepoField<?, ?> f : RepoField.inOrder(values.keySet(), RepoField.TABLE.shown())) {
      out.add(new FieldChange(f.spec(), null, shown(f)));
    }
    return out;
  }

  /** The value sent for {@code f} as a review line shows it. */
  Object shown(RepoField<?, ?> f) {
    return f.isKeyList() ? keys(f).orElseThrow() : shownValue(f);
  }

  private <V> Object shownValue(RepoField<V, ?> f) {
    return f.shown(get(f).orElseThrow());
  }
}
