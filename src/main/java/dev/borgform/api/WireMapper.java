package dev.borgform.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.RepoField;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one place that maps between API field names and borgform's model. Nulls on the wire get
 * BorgBase's documented defaults for a new repo (docs/borgbase-api.md).
 */
final class WireMapper {
  private WireMapper() {}

  static LiveKey toModel(WireKey k) {
    return new LiveKey(
        k.id(),
        k.name(),
        k.keyData(),
        k.comment(),
        k.keyType(),
        k.bits(),
        k.hashMd5(),
        k.hashSha256(),
        k.addedAt());
  }

  /**
   * A {@code Repo} as the API sends it, every field of the repo field table by its wire name; an
   * absent or null value gets BorgBase's default for a new repo.
   */
  static LiveRepo toModel(JsonNode r) {
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      values.put(f, f.fromWire(name -> value(r, f, name)));
    }
    String name = text(r, "name");
    return new LiveRepo(
        // LiveRepo refuses a repo without an id with this same exception.
        Objects.requireNonNull(text(r, "id"), "id"),
        name == null ? "" : name,
        text(r, "region"),
        values,
        text(r, "repoPath"),
        r.path("currentUsage").asDouble(0.0),
        text(r, "createdAt"),
        text(r, "lastModified"));
  }

  /** One wire field as its type says, or null when the answer leaves it out. */
  private static Optional<Object> value(JsonNode r, RepoField<?, ?> f, String name) {
    JsonNode v = r.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    return Optional.of(
        switch (wireType(f, name)) {
          case BOOLEAN -> v.asBoolean();
          case INT -> v.asInt();
          case LONG -> v.asLong();
          case STRING -> v.asText();
          case STRING_LIST -> {
            List<String> ids = new ArrayList<>();
            for (JsonNode id : v) ids.add(id.asText());
            yield ids;
          }
        });
  }

  /** The type of {@code f}'s wire field {@code name}; a loop, as it runs for every repo read. */
  private static RepoField.WireType wireType(RepoField<?, ?> f, String name) {
    for (RepoField.Wire w : f.wire()) {
      if (w.name().equals(name)) return w.type();
    }
    throw new IllegalArgumentException(f + " has no wire field " + name);
  }

  private static @Nullable String text(JsonNode r, String name) {
    JsonNode v = r.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * The arguments of {@code repoAdd}/{@code repoEdit} for these settings, in schema order, only
   * those that are set. Values are what the GraphQL variables carry.
   */
  static Map<String, Object> repoArguments(RepoSettings s) {
    Map<String, Object> a = new LinkedHashMap<>();
    if (s.name() != null) a.put("name", s.name());
    if (s.region() != null) a.put("region", s.region().wire());
    for (RepoField<?, ?> f : RepoField.inOrder(s.values().keySet(), RepoField.TABLE.schema())) {
      if (f.isKeyList()) {
        a.put(f.wire().get(0).name(), ids(s.keys(f).orElseThrow()));
      } else {
        a.putAll(arguments(s, f));
      }
    }
    return a;
  }

  private static <V> Map<String, Object> arguments(RepoSettings s, RepoField<V, ?> f) {
    return f.arguments(s.get(f).orElseThrow());
  }

  /** The GraphQL type of a repoAdd/repoEdit argument (docs/borgbase-api.md). */
  static String argumentType(String name) {
    if (name.equals("name") || name.equals("region")) return "String";
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      for (RepoField.Wire w : f.wire()) if (w.name().equals(name)) return w.graphQlType();
    }
    throw new IllegalArgumentException("no repo argument " + name);
  }

  /** The arguments repoEdit cannot carry: those of fields fixed when a repo is created. */
  static List<String> fixedArguments() {
    List<String> out = new ArrayList<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      if (f.fixed()) for (RepoField.Wire w : f.wire()) out.add(w.name());
    }
    return out;
  }

  /**
   * The wire names of a repo's fields in the account read, in BorgBase's order, as lines of the
   * document: identity and settings, from the key lists on, each group (compaction), then what only
   * export shows.
   */
  static List<String> readFieldLines() {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("id name region");
    Optional<String> group = Optional.empty();
    boolean keyLists = false;
    for (RepoField<?, ?> f : RepoField.TABLE.schema()) {
      boolean firstKeyList = f.isKeyList() && !keyLists;
      boolean newGroup = f.group().isPresent() && !f.group().equals(group);
      if (firstKeyList || newGroup) {
        lines.add(line.toString());
        line = new StringBuilder();
      }
      keyLists |= f.isKeyList();
      group = f.group();
      for (RepoField.Wire w : f.wire()) line.append(line.length() == 0 ? "" : " ").append(w.name());
    }
    lines.add(line.toString());
    lines.add("repoPath currentUsage createdAt lastModified");
    return lines;
  }

  private static @Nullable List<String> ids(@Nullable List<KeyRef> refs) {
    if (refs == null) return null;
    return refs.stream()
        .map(
            r -> {
              if (r.isPending()) throw new IllegalStateException("unresolved key " + r.name());
              return r.id();
            })
        .toList();
  }
}
