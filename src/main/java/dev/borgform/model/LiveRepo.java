package dev.borgform.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A repo as the account holds it: its identity, and the value of every {@link RepoField} in its
 * account form (enumerated values stay strings: the account may hold values this version of
 * borgform does not know, and reading them must not fail).
 *
 * @param values by field; a field of {@link RepoField#TABLE} that is absent holds its {@link
 *     RepoField#liveDefault()}, filled in here so that equal repos are equal records
 * @param lastModified when the repo was last written to, or null when not known (plan files, tests)
 */
public record LiveRepo(
    String id,
    String name,
    @Nullable String region,
    Map<RepoField<?, ?>, Object> values,
    @Nullable String repoPath,
    double currentUsage,
    @Nullable String createdAt,
    @Nullable String lastModified) {

  public LiveRepo {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    Map<RepoField<?, ?>, Object> all = new LinkedHashMap<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) all.put(f, f.liveDefault());
    for (Map.Entry<RepoField<?, ?>, Object> e : values.entrySet()) {
      if (e.getValue() != null) all.put(e.getKey(), e.getValue());
    }
    values = Collections.unmodifiableMap(all);
  }

  /** The field's value in the account. */
  @SuppressWarnings("unchecked") // values are put only through the field's own type
  public <L> L get(RepoField<?, L> field) {
    Object v = values.get(field);
    return v == null ? field.liveDefault() : (L) v;
  }

  /** The same repo with {@code field} set to {@code value}. */
  public <L> LiveRepo with(RepoField<?, L> field, L value) {
    Map<RepoField<?, ?>, Object> v = new LinkedHashMap<>(values);
    v.put(field, value);
    return new LiveRepo(id, name, region, v, repoPath, currentUsage, createdAt, lastModified);
  }

  /** The repo's format as the account names it. */
  public String format() {
    return get(RepoField.FORMAT);
  }

  /** Every key id the repo's key lists hold, list by list in table order. */
  public List<String> keyIds() {
    List<String> ids = new ArrayList<>();
    for (RepoField<?, ?> f : values.keySet()) {
      if (f.isKeyList()) {
        for (Object id : (List<?>) values.get(f)) ids.add((String) id);
      }
    }
    return ids;
  }

  /**
   * True when the account shows no sign that anything was ever written to the repo: no usage and no
   * last-modified time. BorgBase updates both from the repo's storage, so a repo made moments ago
   * by this very run and showing neither holds no backup.
   */
  public boolean showsNoWrites() {
    return currentUsage == 0.0 && (lastModified == null || lastModified.isBlank());
  }

  /** A repo as BorgBase creates it when only name and region are given (docs/borgbase-api.md). */
  public static LiveRepo withDefaults(String id, String name, String region) {
    return new LiveRepo(
        id,
        name,
        region,
        Map.of(),
        "ssh://" + id + "@" + id + ".repo.borgbase.com/./repo",
        0.0,
        null,
        null);
  }
}
