package dev.borgform.planner;

import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.NameGlob;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.model.SshPublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The live account as a desired state that plans to no changes: the inverse of the planner, for
 * {@code borgform export}. Pure, like the planner.
 *
 * <p>Some live states have no faithful spec, because a spec names every key and repo once and only
 * holds values the loader accepts. Rather than write a spec that would change the account, such
 * objects are left to the account and said so in a warning:
 *
 * <ul>
 *   <li>Two live keys (or repos) with one name: the name goes under {@code policy.ignore}, so the
 *       tool neither touches nor deletes them until a person decides which is which.
 *   <li>A key whose text the loader refuses (e.g. RSA under 2048 bits): ignored the same way.
 *   <li>A key list holding an id the spec cannot name (an ignored key, or an id that no live key
 *       has): the list is left out, so it stays unmanaged and unchanged.
 *   <li>A value outside what the spec allows (an unknown borg version, a quota turned on with 0 MB,
 *       a key both append-only and full-access): that field is left out.
 * </ul>
 *
 * Repos are pinned by {@code id}, so a later rename in the spec renames the repo instead of
 * creating a new one.
 */
public final class Exporter {

  /** The state to write, and what could not be expressed faithfully. */
  public record Export(DesiredState desired, List<String> warnings) {
    public Export {
      warnings = List.copyOf(warnings);
    }
  }

  private static final String REPO_ID = "[a-z0-9]{4,32}";

  public Export export(LiveState live) {
    List<String> warnings = new ArrayList<>();
    Set<String> ignoreKeys = new LinkedHashSet<>();
    Set<String> ignoreRepos = new LinkedHashSet<>();

    Map<String, List<LiveKey>> keysByName = new TreeMap<>();
    for (LiveKey k : live.keys())
      keysByName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
    Map<String, SshPublicKey> parsed = new HashMap<>();
    for (Map.Entry<String, List<LiveKey>> e : keysByName.entrySet()) {
      List<LiveKey> same = e.getValue();
      String name = e.getKey();
      if (same.size() > 1) {
        ignoreKeys.add(name);
        warnings.add(
            "key name \""
                + name
                + "\" is used by "
                + same.size()
                + " live keys (ids "
                + ids(same.stream().map(LiveKey::id).toList())
                + "); a spec names each key once,"
                + " so it is listed under policy.ignore.keys and key lists that use these keys"
                + " are left out. Delete the one you do not want, then export again.");
        continue;
      }
      LiveKey k = same.get(0);
      if (name.isBlank()) {
        ignoreKeys.add(name);
        warnings.add("key id " + k.id() + " has no name; it is listed under policy.ignore.keys.");
        continue;
      }
      try {
        parsed.put(k.id(), SshPublicKey.parse(k.publicKeyLine()));
      } catch (InvalidPublicKeyException e2) {
        ignoreKeys.add(name);
        warnings.add(
            "key \""
                + name
                + "\" (id "
                + k.id()
                + ") is not a key a spec accepts ("
                + e2.getMessage()
                + "); it is listed under policy.ignore.keys.");
      }
    }

    Map<String, List<LiveRepo>> reposByName = new TreeMap<>();
    for (LiveRepo r : live.repos())
      reposByName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
    for (Map.Entry<String, List<LiveRepo>> e : reposByName.entrySet()) {
      if (e.getValue().size() > 1 || e.getKey().isBlank()) {
        ignoreRepos.add(e.getKey());
        warnings.add(
            (e.getKey().isBlank()
                    ? "repos without a name (ids "
                    : "repo name \""
                        + e.getKey()
                        + "\" is used by "
                        + e.getValue().size()
                        + " live repos (ids ")
                + ids(e.getValue().stream().map(LiveRepo::id).toList())
                + "); a spec names each"
                + " repo once, so it is listed under policy.ignore.repos. Rename one in the web"
                + " UI, then export again.");
      }
    }

    // An ignore glob may match more than the name it was written for (names may hold * or ?);
    // whatever it matches must not be in the spec too, or planning would refuse the spec.
    boolean grew = true;
    while (grew) {
      grew = false;
      NameGlob keyGlob = new NameGlob(List.copyOf(ignoreKeys));
      for (String name : keysByName.keySet()) {
        if (!ignoreKeys.contains(name) && keyGlob.matches(name)) {
          ignoreKeys.add(name);
          grew = true;
          warnings.add(
              "key \""
                  + name
                  + "\" matches an ignore pattern written for another key; it is ignored too.");
        }
      }
      NameGlob repoGlob = new NameGlob(List.copyOf(ignoreRepos));
      for (String name : reposByName.keySet()) {
        if (!ignoreRepos.contains(name) && repoGlob.matches(name)) {
          ignoreRepos.add(name);
          grew = true;
          warnings.add(
              "repo \""
                  + name
                  + "\" matches an ignore pattern written for another repo; it is ignored too.");
        }
      }
    }

    List<DesiredKey> keys = new ArrayList<>();
    Map<String, String> nameById = new HashMap<>();
    for (Map.Entry<String, List<LiveKey>> e : keysByName.entrySet()) {
      if (ignoreKeys.contains(e.getKey())) continue;
      LiveKey k = e.getValue().get(0);
      // Every exported key was parsed above (the others were left out with a warning).
      keys.add(new DesiredKey(k.name(), Objects.requireNonNull(parsed.get(k.id())), null));
      nameById.put(k.id(), k.name());
    }

    List<DesiredRepo> repos = new ArrayList<>();
    for (Map.Entry<String, List<LiveRepo>> e : reposByName.entrySet()) {
      if (ignoreRepos.contains(e.getKey())) continue;
      repos.add(repo(e.getValue().get(0), nameById, warnings));
    }
    repos.sort(Comparator.comparing(DesiredRepo::name));

    Policy d = Policy.defaults();
    Policy policy =
        new Policy(
            d.pruneKeys(),
            d.pruneRepos(),
            List.copyOf(ignoreKeys),
            List.copyOf(ignoreRepos),
            d.maxDeletePercent());
    return new Export(new DesiredState(keys, repos, policy), warnings);
  }

  private static DesiredRepo repo(LiveRepo r, Map<String, String> nameById, List<String> warnings) {
    String what = "repo \"" + r.name() + "\"";
    String id = r.id().matches(REPO_ID) ? r.id() : null;
    Region region = Region.fromWire(r.region()).orElse(null);
    if (region == null)
      warnings.add(what + ": region \"" + r.region() + "\" is unknown; left out.");
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    List<RepoField<?, ?>> order = RepoField.TABLE.shown();
    List<RepoField<?, ?>> keyLists = RepoField.TABLE.keyLists();
    Set<String> failedGroups = new HashSet<>();
    for (int n = 0; n < order.size(); n++) {
      RepoField<?, ?> f = order.get(n);
      if (f.isKeyList()) {
        List<String> names = names(r.get(f.asKeyList()), nameById, what, f.spec(), warnings);
        if (names != null) values.put(f, names);
        if (f == keyLists.get(keyLists.size() - 1)) oneAccessLevel(values, what, warnings);
        continue;
      }
      Optional<?> v = export(r, f);
      if (v.isPresent()) {
        values.put(f, v.get());
      } else if (f.group().isPresent()) {
        failedGroups.add(f.group().get());
      } else if (f.kind() == RepoField.Kind.CHOICE) {
        warnings.add(what + ": " + f.spec() + " \"" + r.get(f) + "\" is unknown; left out.");
      } else if (f.kind() == RepoField.Kind.QUOTA) {
        warnings.add(
            what
                + ": a quota of "
                + r.get(RepoField.QUOTA).megabytes()
                + " MB cannot be written in a spec; left out.");
      }
      // A group's warning once, after its last field.
      Optional<String> group = f.group();
      boolean lastOfGroup =
          group.isPresent() && (n + 1 == order.size() || !group.equals(order.get(n + 1).group()));
      if (lastOfGroup && failedGroups.contains(group.get())) {
        warnings.add(
            what + ": " + group.get() + " settings outside what a spec allows are left out.");
      }
    }
    return new DesiredRepo(r.name(), id, region, values, null, null);
  }

  private static <V, L> Optional<V> export(LiveRepo r, RepoField<V, L> f) {
    return f.export(r.get(f));
  }

  /**
   * A key has one access level per repo: a spec cannot list it as both append-only and full access,
   * so an account that does loses both lists from the export.
   */
  private static void oneAccessLevel(
      Map<RepoField<?, ?>, Object> values, String what, List<String> warnings) {
    RepoField<?, ?> ao = RepoField.APPEND_ONLY_KEYS;
    RepoField<?, ?> fa = RepoField.FULL_ACCESS_KEYS;
    if (values.get(ao) instanceof List<?> a
        && values.get(fa) instanceof List<?> b
        && a.stream().anyMatch(b::contains)) {
      warnings.add(
          what
              + ": a key is both append-only and full-access, which a spec cannot say; "
              + ao.spec()
              + " and "
              + fa.spec()
              + " are left out.");
      values.remove(ao);
      values.remove(fa);
    }
  }

  /** Key names for a list of ids, or null (list left out) if any id has no name in the spec. */
  private static @Nullable List<String> names(
      List<String> ids,
      Map<String, String> nameById,
      String what,
      String field,
      List<String> warnings) {
    List<String> names = new ArrayList<>();
    for (String id : ids) {
      String name = nameById.get(id);
      if (name == null) {
        warnings.add(
            what
                + ": "
                + field
                + " holds key id "
                + id
                + ", which the spec cannot name (an"
                + " ignored or unknown key); the list is left out, so it stays as it is.");
        return null;
      }
      if (!names.contains(name)) names.add(name);
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  private static String ids(List<String> ids) {
    return String.join(", ", ids.stream().sorted(Planner::compareIds).toList());
  }
}
