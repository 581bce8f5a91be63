package dev.borgform.testing;

import dev.borgform.live.LiveState;
import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoFormat;
import dev.borgform.testing.Repos.Compaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random accounts and specs for property tests, from a seed (so a failure names the seed that
 * reproduces it). Accounts hold what real ones do after crashes and web-UI edits: two keys with one
 * name (an interrupted replace), the same key material under two names, two repos with one name,
 * keys listed by repos that the spec does not manage. Specs change them in every way the planner's
 * matching rules (DEVELOPERS.md) cover: rotations, renames, drops, new keys, pinned ids and repo
 * renames, fields stated or not, ignore globs, pruning. Specs are always valid and always
 * plannable: regions and formats of matched repos never change, names are unique.
 */
public final class Scenarios {
  private static final String[] KEY_NAMES = {
    "web", "db", "ci", "nas", "mail", "git", "vpn", "dns", "manual-key", "manual-ops"
  };
  private static final String[] REPO_NAMES = {
    "web", "db", "nas", "mail", "git", "archive", "photos", "manual-1", "manual-2"
  };
  private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "CET"};

  private Scenarios() {}

  /** An account with ids as BorgBase makes them (digit key ids, 8-character repo ids). */
  public static LiveState account(Random r) {
    List<LiveKey> keys = new ArrayList<>();
    int nKeys = r.nextInt(9);
    for (int i = 0; i < nKeys; i++) {
      String name = KEY_NAMES[r.nextInt(KEY_NAMES.length)];
      // Material from a small pool, so the same key sometimes sits under two names.
      String line = TestKeys.ed25519(r.nextInt(12), r.nextBoolean() ? name + "@host" : "");
      keys.add(Fixtures.live(String.valueOf(100 + i), name, line));
    }
    List<LiveRepo> repos = new ArrayList<>();
    int nRepos = r.nextInt(8);
    for (int i = 0; i < nRepos; i++) {
      String name = REPO_NAMES[r.nextInt(REPO_NAMES.length)];
      List<String> ids = new ArrayList<>(keys.stream().map(LiveKey::id).toList());
      java.util.Collections.shuffle(ids, r);
      int a = ids.isEmpty() ? 0 : r.nextInt(Math.min(3, ids.size()) + 1);
      int f = ids.size() - a == 0 ? 0 : r.nextInt(Math.min(2, ids.size() - a) + 1);
      List<String> appendOnly = ids.subList(0, a);
      List<String> fullAccess = ids.subList(a, a + f);
      List<String> rsync = r.nextInt(4) == 0 && !ids.isEmpty() ? List.of(ids.get(0)) : List.of();
      boolean quotaOn = r.nextBoolean();
      repos.add(
          Repos.live(
              "rp" + String.format("%06d", i),
              name,
              r.nextBoolean() ? "eu" : "us",
              quotaOn ? 1000L * (1 + r.nextInt(900)) : 0,
              quotaOn,
              r.nextInt(8),
              r.nextBoolean(),
              appendOnly,
              fullAccess,
              rsync,
              r.nextBoolean(),
              BorgVersion.values()[r.nextInt(BorgVersion.values().length)].wire(),
              r.nextInt(5) == 0 ? "restic" : "borg1",
              r.nextBoolean(),
              1 + r.nextInt(24),
              CompactionUnit.values()[r.nextInt(3)].wire(),
              r.nextInt(24),
              ZONES[r.nextInt(ZONES.length)],
              null,
              0.0,
              null));
    }
    return new LiveState(keys, repos);
  }

  /** A valid, plannable spec for {@code live}, changing it in random ways. */
  public static DesiredState spec(Random r, LiveState live) {
    boolean ignoreManual = r.nextBoolean();
    Policy policy =
        new Policy(
            r.nextInt(4) != 0,
            r.nextInt(3) == 0,
            ignoreManual ? List.of("manual-*") : List.of(),
            ignoreManual ? List.of("manual-*") : List.of(),
            100);

    Map<String, List<LiveKey>> keysByName = new LinkedHashMap<>();
    for (LiveKey k : live.keys())
      keysByName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
    List<DesiredKey> keys = new ArrayList<>();
    int fresh = 0;
    for (Map.Entry<String, List<LiveKey>> e : keysByName.entrySet()) {
      if (ignoreManual && e.getKey().startsWith("manual-")) continue;
      LiveKey pick = e.getValue().get(r.nextInt(e.getValue().size()));
      int roll = r.nextInt(20);
      if (roll < 11) {
        // Kept, sometimes with another comment (which is not a change).
        keys.add(
            Fixtures.want(e.getKey(), pick.identity() + (r.nextBoolean() ? " other@comment" : "")));
      } else if (roll < 14) {
        keys.add(Fixtures.want(e.getKey(), TestKeys.ed25519(1000 + r.nextInt(1000), "rotated")));
      } else if (roll < 17) {
        keys.add(Fixtures.want("renamed-" + e.getKey(), pick.publicKeyLine()));
      }
      // else: dropped from the spec
    }
    int newKeys = r.nextInt(3);
    for (int i = 0; i < newKeys; i++) {
      String line =
          r.nextInt(3) == 0 && !live.keys().isEmpty()
              ? live.keys().get(r.nextInt(live.keys().size())).publicKeyLine()
              : TestKeys.ed25519(5000 + r.nextInt(1000), "new");
      keys.add(Fixtures.want("new-key-" + fresh++, line));
    }
    List<String> keyNames = keys.stream().map(DesiredKey::name).toList();

    Map<String, List<LiveRepo>> reposByName = new LinkedHashMap<>();
    for (LiveRepo rp : live.repos())
      reposByName.computeIfAbsent(rp.name(), n -> new ArrayList<>()).add(rp);
    List<DesiredRepo> repos = new ArrayList<>();
    int renamed = 0;
    for (Map.Entry<String, List<LiveRepo>> e : reposByName.entrySet()) {
      if (ignoreManual && e.getKey().startsWith("manual-")) continue;
      List<LiveRepo> same = e.getValue();
      LiveRepo pick = same.get(r.nextInt(same.size()));
      int roll = r.nextInt(20);
      if (same.size() > 1) {
        // Two live repos with this name: a spec must pin one, or leave the name out.
        if (roll < 12) repos.add(settings(r, e.getKey(), pick.id(), pick, keyNames));
      } else if (roll < 10) {
        repos.add(settings(r, e.getKey(), null, pick, keyNames));
      } else if (roll < 13) {
        repos.add(settings(r, "renamed-repo-" + renamed++, pick.id(), pick, keyNames));
      } else if (roll < 15) {
        repos.add(settings(r, e.getKey(), pick.id(), pick, keyNames));
      }
      // else: not in the spec (unmanaged, or deleted with pruneRepos)
    }
    int newRepos = r.nextInt(3);
    for (int i = 0; i < newRepos; i++)
      repos.add(settings(r, "new-repo-" + i, null, null, keyNames));
    return new DesiredState(keys, repos, policy);
  }

  private static DesiredRepo settings(
      Random r, String name, String id, LiveRepo live, List<String> keyNames) {
    Region region =
        live == null
            ? (r.nextBoolean() ? Region.EU : Region.US)
            : r.nextBoolean() ? Region.fromWire(live.region()).orElseThrow() : null;
    RepoFormat format =
        live == null
            ? (r.nextInt(4) == 0 ? RepoFormat.RESTIC : r.nextBoolean() ? RepoFormat.BORG1 : null)
            : r.nextBoolean() ? RepoFormat.fromWire(live.format()).orElseThrow() : null;
    List<String> shuffled = new ArrayList<>(keyNames);
    java.util.Collections.shuffle(shuffled, r);
    int a = shuffled.isEmpty() ? 0 : r.nextInt(Math.min(3, shuffled.size()) + 1);
    List<String> appendOnly = r.nextBoolean() ? List.copyOf(shuffled.subList(0, a)) : null;
    List<String> rest = shuffled.subList(a, shuffled.size());
    List<String> fullAccess =
        r.nextBoolean() && !rest.isEmpty()
            ? List.of(rest.get(0))
            : r.nextBoolean() ? List.of() : null;
    List<String> rsync = r.nextInt(4) == 0 && !keyNames.isEmpty() ? List.of(shuffled.get(0)) : null;
    Compaction c =
        r.nextBoolean()
            ? Compaction.UNMANAGED
            : new Compaction(
                r.nextBoolean() ? r.nextBoolean() : null,
                r.nextBoolean() ? 1 + r.nextInt(24) : null,
                r.nextBoolean() ? CompactionUnit.values()[r.nextInt(3)] : null,
                r.nextBoolean() ? r.nextInt(24) : null,
                r.nextBoolean() ? ZONES[r.nextInt(ZONES.length)] : null);
    return Repos.desired(
        name,
        id,
        region,
        r.nextBoolean()
            ? null
            : r.nextBoolean() ? Quota.none() : Quota.ofMegabytes(1000L * (1 + r.nextInt(900))),
        r.nextBoolean() ? null : r.nextInt(8),
        appendOnly,
        fullAccess,
        rsync,
        r.nextBoolean() ? null : r.nextBoolean(),
        r.nextBoolean() ? null : r.nextBoolean(),
        r.nextBoolean() ? null : BorgVersion.values()[r.nextInt(BorgVersion.values().length)],
        format,
        c,
        Fixtures.POS,
        null);
  }

  /** Key material (type and blob) a repo can be reached with, through any of its lists. */
  public static Set<String> access(LiveRepo repo, Map<String, LiveKey> keysById) {
    Set<String> out = new HashSet<>();
    for (String id : repo.keyIds()) {
      LiveKey k = keysById.get(id);
      if (k != null) out.add(k.identity());
    }
    return out;
  }
}
