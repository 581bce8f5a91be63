package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import dev.borgform.model.RepoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The review lines of a repo edit, derived from the live repo and what the edit sends, and from
 * nothing else: what a reviewer reads cannot differ from what is sent, in memory or read from a
 * saved plan.
 */
final class RepoFields {
  private RepoFields() {}

  /**
   * One line per field {@code sent} holds, in display order, with its live value before.
   *
   * @param keyNames names of the live keys in {@code before}'s key lists, by id
   */
  static List<FieldChange> of(LiveRepo before, RepoSettings sent, Map<String, String> keyNames) {
    List<FieldChange> out = new ArrayList<>();
    if (sent.name() != null) out.add(new FieldChange("name", before.name(), sent.name()));
    // Region and format are never edited; a saved plan that sends them is refused, and showing
    // them keeps that refusal honest about what the file asked for.
    if (sent.region() != null) {
      out.add(new FieldChange("region", before.region(), sent.region().wire()));
    }
    // Fields fixed at creation first, then the others, then the key lists.
    List<RepoField<?, ?>> order =
        RepoField.inOrder(sent.values().keySet(), RepoField.TABLE.shown());
    for (RepoField<?, ?> f : order) {
      if (!f.isKeyList()) out.add(new FieldChange(f.spec(), liveShown(before, f), sent.shown(f)));
    }
    for (RepoField<?, ?> f : order) {
      if (f.isKeyList()) {
        out.add(
            new FieldChange(
                f.spec(), refs(keyIds(before, f), keyNames), sent.keys(f).orElseThrow()));
      }
    }
    return List.copyOf(out);
  }

  private static <L> Object liveShown(LiveRepo before, RepoField<?, L> f) {
    return f.shownLive(before.get(f));
  }

  /** The ids a live key list holds. */
  static List<String> keyIds(LiveRepo r, RepoField<?, ?> keyList) {
    List<String> ids = new ArrayList<>();
    for (Object o : (List<?>) r.get(keyList)) ids.add((String) o);
    return ids;
  }

  /** The live ids of a key list as references, named as the account names them. */
  static List<KeyRef> refs(List<String> liveIds, Map<String, String> keyNames) {
    return liveIds.stream().map(id -> new KeyRef(name(id, keyNames), id)).toList();
  }

  /** A live key's name; {@code #ID} for an id the account lists in a repo but not as a key. */
  static String name(@Nullable String id, Map<String, String> keyNames) {
    String n = keyNames.get(id);
    return n == null ? "#" + id : n;
  }

  /**
   * The names {@link #of} needs, taken from {@code names}: those of the live ids in the key lists
   * {@code sent} replaces. A name that only repeats the {@code #ID} stand-in is left out, so a plan
   * read back from a file equals the plan that was written.
   */
  static Map<String, String> namesFor(
      LiveRepo before, @Nullable RepoSettings sent, Map<String, String> names) {
    Map<String, String> out = new TreeMap<>();
    if (sent != null) {
      for (RepoField<?, ?> f : sent.values().keySet()) {
        if (f.isKeyList()) put(out, keyIds(before, f), names);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static void put(Map<String, String> out, List<String> ids, Map<String, String> names) {
    for (String id : ids) {
      String n = names.get(id);
      if (n != null && !n.equals("#" + id)) out.put(id, n);
    }
  }
}
