package dev.borgform.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One of the account's object tables (keys or repos by id), in creation order, with the changes of
 * the mutation being written held apart until it is committed. A mutation sees its own changes; a
 * commit folds them in (an object replaced keeps its place, a new one goes last), a rollback drops
 * them. Writing a mutation therefore costs what it changed, not the size of the account (the
 * account used to be copied for every write).
 *
 * <p>Values are never null. Not thread-safe: the store serialises every read and write.
 */
final class Table<K, V> {
  private final LinkedHashMap<K, V> committed = new LinkedHashMap<>();

  /** The open mutation's changes, in the order made: a value put, or empty for a removal. */
  private @Nullable LinkedHashMap<K, Optional<V>> pending;

  @Nullable V get(@Nullable K id) {
    if (pending != null) {
      Optional<V> p = pending.get(id);
      if (p != null) return p.orElse(null);
    }
    return committed.get(id);
  }

  boolean containsKey(K id) {
    return get(id) != null;
  }

  /** Puts {@code value}; returns what was there before, or null. */
  @Nullable V put(@Nullable K id, V value) {
    if (value == null) throw new IllegalArgumentException("a table holds no nulls");
    if (pending == null) return committed.put(id, value);
    V old = get(id);
    pending.put(id, Optional.of(value));
    return old;
  }

  /** Removes the object; returns it, or null when there was none. */
  @Nullable V remove(K id) {
    if (pending == null) return committed.remove(id);
    V old = get(id);
    if (old != null) pending.put(id, Optional.empty());
    return old;
  }

  int size() {
    if (pending == null) return committed.size();
    int n = committed.size();
    for (Map.Entry<K, Optional<V>> e : pending.entrySet()) {
      boolean was = committed.containsKey(e.getKey());
      boolean is = e.getValue().isPresent();
      if (was && !is) n--;
      if (!was && is) n++;
    }
    return n;
  }

  /**
   * Every object in creation order. Outside a mutation a read-only view; inside one a list with its
   * changes (as long as the table: only mutations that must look at every object use it).
   */
  Collection<V> values() {
    if (pending == null || pending.isEmpty())
      return Collections.unmodifiableCollection(committed.values());
    List<V> out = new ArrayList<>(committed.size() + pending.size());
    for (Map.Entry<K, V> e : committed.entrySet()) {
      Optional<V> p = pending.get(e.getKey());
      if (p == null) out.add(e.getValue());
      else p.ifPresent(out::add);
    }
    for (Map.Entry<K, Optional<V>> e : pending.entrySet()) {
      if (!committed.containsKey(e.getKey())) e.getValue().ifPresent(out::add);
    }
    return out;
  }

  void begin() {
    if (pending != null) throw new IllegalStateException("a mutation is already open");
    pending = new LinkedHashMap<>();
  }

  /** The open mutation's changes: put objects and removed ids, in the order made. */
  Map<K, Optional<V>> changes() {
    return pending == null ? Map.of() : Collections.unmodifiableMap(pending);
  }

  void commit() {
    if (pending == null) return;
    Map<K, Optional<V>> changes = pending;
    pending = null;
    for (Map.Entry<K, Optional<V>> e : changes.entrySet()) {
      if (e.getValue().isPresent()) committed.put(e.getKey(), e.getValue().get());
      else committed.remove(e.getKey());
    }
  }

  void rollback() {
    pending = null;
  }
}
