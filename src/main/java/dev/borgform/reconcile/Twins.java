package dev.borgform.reconcile;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Which of two (or more) twins survives, the same way in every run that looks: two applies of one
 * spec that raced both created a repo (or key) of one name, and each must reach the same verdict
 * from what it reads, without talking to the other.
 *
 * <p>Repos: the one created first by the server's clock survives; on equal creation times (BorgBase
 * gives whole seconds, so within one second is the usual case) the lowest id. Keys: the lowest id,
 * since BorgBase numbers keys in creation order.
 */
final class Twins {
  private Twins() {}

  /** Oldest first; an unknown or unreadable creation time sorts last; then by id. */
  static final Comparator<LiveRepo> REPO_ORDER =
      Comparator.comparing(
              (LiveRepo r) -> createdAt(r), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(LiveRepo::id);

  /** Numeric ids in numeric order (the creation order), anything else after them by text. */
  static final Comparator<LiveKey> KEY_ORDER =
      Comparator.comparing((LiveKey k) -> numeric(k.id()), Comparator.nullsLast(Long::compare))
          .thenComparing(LiveKey::id);

  static LiveRepo survivor(Collection<LiveRepo> twins) {
    return twins.stream().min(REPO_ORDER).orElseThrow();
  }

  static LiveKey survivorKey(Collection<LiveKey> twins) {
    return twins.stream().min(KEY_ORDER).orElseThrow();
  }

  /**
   * True when the server's clock does not order the two: same second, or a time unknown. Then the
   * id decides, and the survivor cannot be sure the other run saw it before that run finished (its
   * last read may have come first, within that second), so it waits for the twin to go.
   */
  static boolean tied(LiveRepo a, LiveRepo b) {
    Instant x = createdAt(a);
    Instant y = createdAt(b);
    return x == null || y == null || x.equals(y);
  }

  private static @Nullable Instant createdAt(LiveRepo r) {
    if (r.createdAt() == null) return null;
    try {
      return Instant.parse(r.createdAt());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Long numeric(String id) {
    try {
      return Long.parseLong(id.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
