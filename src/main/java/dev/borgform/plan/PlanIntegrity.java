package dev.borgform.plan;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.NameGlob;
import dev.borgform.model.Names;
import dev.borgform.model.RepoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks that a plan is one the planner could have made, and makes a saved plan show the account as
 * it is. A saved plan is a file: anyone who can write it can list a change twice, rename a repo
 * onto a name that exists, point a key list at a key the reviewer never saw, or describe a live
 * object differently from the account. Apply runs these checks after its one read and before any
 * change is sent; any problem refuses the whole plan.
 *
 * <p>The planner's own plans pass them by construction (the property tests check it), so a problem
 * always means a file that borgform did not write as it is.
 */
public final class PlanIntegrity {
  private PlanIntegrity() {}

  /**
   * Problems visible without the account: duplicated changes, names no spec can state, changes
   * BorgBase cannot make, references to keys the plan does not create, objects policy.ignore
   * protects. Each problem is one sentence naming the change.
   */
  public static List<String> withinPlan(Plan plan) {
    Set<String> problems = new LinkedHashSet<>();
    NameGlob ignoreKeys = new NameGlob(plan.policy().ignoreKeys());
    NameGlob ignoreRepos = new NameGlob(plan.policy().ignoreRepos());
    Set<Change> seen = new HashSet<>();
    Set<String> keyIds = new HashSet<>();
    Set<String> repoIds = new HashSet<>();
    Set<String> keysCreated = new HashSet<>();
    Set<String> repoNamesGiven = new HashSet<>();
    for (Change c : plan.changes()) {
      String at = at(c);
      if (!seen.add(c)) {
        problems.add(at + " is listed twice; it would be sent twice");
        continue;
      }
      c.accept(
          new Change.Visitor<Void>() {
            @Override
            public Void keyCreate(KeyCreate k) {

              givesKeyName(problems, at, k.name(), keysCreated);
              if (ignoreKeys.matches(k.name())) problems.add(at + ": " + ignored("keys", k.name()));

              return null;
            }

            @Override
            public Void keyReplace(KeyReplace k) {

              givesKeyName(problems, at, k.name(), keysCreated);
              if (ignoreKeys.matches(k.name())) problems.add(at + ": " + ignored("keys", k.name()));
              boolean renamed = k.previous().stream().anyMatch(p -> !p.name().equals(k.name()));
              String material = k.publicKey().identity();
              if (renamed
                  && (k.previous().size() != 1
                      || !k.previous().get(0).identity().equals(material))) {
                problems.add(
                    at
                        + " replaces a key under another name with other key material; the planner"
                        + " only renames a key whose material stays");
              }
              if (!renamed && k.previous().stream().anyMatch(p -> p.identity().equals(material))) {
                problems.add(at + " replaces a key by the same key material; it changes nothing");
              }
              for (LiveKey p : k.previous()) {
                if (!keyIds.add(p.id())) problems.add(at + ": key id " + p.id() + twice("removes"));
                if (ignoreKeys.matches(p.name()))
                  problems.add(at + ": " + ignored("keys", p.name()));
              }

              return null;
            }

            @Override
            public Void keyDelete(KeyDelete k) {

              if (!keyIds.add(k.key().id())) {
                problems.add(at + ": key id " + k.key().id() + twice("removes"));
              }
              if (ignoreKeys.matches(k.key().name())) {
                problems.add(at + ": " + ignored("keys", k.key().name()));
              }

              return null;
            }

            @Override
            public Void repoCreate(RepoCreate r) {

              givesRepoName(problems, at, r.name(), repoNamesGiven);
              if (ignoreRepos.matches(r.name())) {
                problems.add(at + ": " + ignored("repos", r.name()));
              }

              return null;
            }

            @Override
            public Void repoUpdate(RepoUpdate r) {

              if (!repoIds.add(r.before().id())) {
                problems.add(at + ": repo id " + r.before().id() + twice("changes"));
              }
              RepoSettings p = r.patch();
              if (p.name() != null) givesRepoName(problems, at, p.name(), repoNamesGiven);
              String shown = p.name() != null ? p.name() : r.before().name();
              if (!r.name().equals(shown)) {
                problems.add(
                    at
                        + " is shown under the name \""
                        + Names.printable(r.name())
                        + "\" but edits repo \""
                        + Names.printable(r.before().name())
                        + "\""
                        + (p.name() == null
                            ? ""
                            : " and names it \"" + Names.printable(p.name()) + "\""));
              }
              if (r.fields().isEmpty())
                problems.add(at + " sends nothing; the planner never plans that");
              if (p.region() != null || p.sendsFixed()) {
                problems.add(
                    at
                        + " edits a repo's region or format, which BorgBase fixes when the repo is"
                        + " created");
              }
              if (ignoreRepos.matches(r.before().name())) {
                problems.add(at + ": " + ignored("repos", r.before().name()));
              }

              return null;
            }

            @Override
            public Void repoDelete(RepoDelete r) {

              if (!repoIds.add(r.repo().id())) {
                problems.add(at + ": repo id " + r.repo().id() + twice("changes"));
              }
              if (r.detach() != null && !onlyKeyLists(r.detach())) {
                problems.add(at + " sends more than key lists before deleting the repo");
              }
              if (ignoreRepos.matches(r.repo().name())) {
                problems.add(at + ": " + ignored("repos", r.repo().name()));
              }

              return null;
            }
          });
    }
    for (Change c : plan.changes()) {
      for (KeyRef ref : sentKeyRefs(c)) {
        if (ref.isPending() && !keysCreated.contains(ref.name())) {
          problems.add(
              at(c)
                  + " lists key \""
                  + Names.printable(ref.name())
                  + "\" as created by this plan, but the plan creates no such key");
        }
      }
    }
    return List.copyOf(problems);
  }

  /**
   * Problems of the plan against the account as just read, those of {@link #withinPlan} included:
   * every live object a change names must be in the account exactly as the plan describes it (usage
   * counters aside), every key a key list names must exist under that name, names the plan gives
   * must not already be taken, and no repo may still list a key the plan deletes.
   */
  public static List<String> againstLive(Plan plan, List<LiveKey> keys, List<LiveRepo> repos) {
    Set<String> problems = new LinkedHashSet<>(withinPlan(plan));
    Map<String, LiveKey> keyById = new HashMap<>();
    for (LiveKey k : keys) keyById.put(k.id(), k);
    Map<String, LiveRepo> repoById = new HashMap<>();
    for (LiveRepo r : repos) repoById.put(r.id(), r);
    Map<String, String> liveNames = names(keyById);

    Set<String> removedKeyIds = new HashSet<>();
    Map<String, String> finalRepoName = new HashMap<>();
    for (LiveRepo r : repos) finalRepoName.put(r.id(), r.name());
    List<String> createdRepoNames = new ArrayList<>();
    List<String> createdKeyNames = new ArrayList<>();
    for (Change c : plan.changes()) {
      String at = at(c);
      c.accept(
          new Change.Visitor<Void>() {
            @Override
            public Void keyCreate(KeyCreate k) {

              createdKeyNames.add(k.name());

              return null;
            }

            @Override
            public Void keyReplace(KeyReplace k) {

              for (LiveKey p : k.previous()) {
                liveKey(problems, at, p, keyById);
                removedKeyIds.add(p.id());
              }
              createdKeyNames.add(k.name());

              return null;
            }

            @Override
            public Void keyDelete(KeyDelete k) {

              liveKey(problems, at, k.key(), keyById);
              removedKeyIds.add(k.key().id());

              return null;
            }

            @Override
            public Void repoCreate(RepoCreate r) {

              createdRepoNames.add(r.name());

              return null;
            }

            @Override
            public Void repoUpdate(RepoUpdate r) {

              liveRepo(problems, at, r.before(), repoById);
              shownKeyNames(problems, at, r.before(), r.keyNames(), r.patch(), liveNames);
              if (r.patch().name() != null) finalRepoName.put(r.before().id(), r.patch().name());

              return null;
            }

            @Override
            public Void repoDelete(RepoDelete r) {

              liveRepo(problems, at, r.repo(), repoById);
              shownKeyNames(problems, at, r.repo(), r.keyNames(), r.detach(), liveNames);
              finalRepoName.remove(r.repo().id());

              return null;
            }
          });
      for (KeyRef ref : sentKeyRefs(c)) {
        if (ref.isPending()) continue;
        LiveKey live = keyById.get(ref.id());
        // An id the account does not have as a key is kept only where the repo lists it already
        // (the planner shows it as #ID); a plan never adds one.
        boolean dangling = live == null && listedBy(c).contains(ref.id());
        String expected = RepoFields.name(ref.id(), liveNames);
        if (!expected.equals(ref.name()) || (live == null && !dangling)) {
          problems.add(
              at
                  + " lists key \""
                  + Names.printable(ref.name())
                  + "\" with id "
                  + Names.printable(ref.id())
                  + (live == null
                      ? ", which the account does not have"
                      : ", but the account's key id "
                          + Names.printable(ref.id())
                          + " is \""
                          + Names.printable(live.name())
                          + "\""));
        }
      }
    }

    // Names the plan gives out must be free after the plan (a create, or a rename onto them).
    Map<String, Integer> repoNameCount = new HashMap<>();
    for (String n : finalRepoName.values()) repoNameCount.merge(n, 1, Integer::sum);
    for (String n : createdRepoNames) repoNameCount.merge(n, 1, Integer::sum);
    for (Change c : plan.changes()) {
      String given = repoNameGiven(c);
      if (given != null && repoNameCount.getOrDefault(given, 0) > 1) {
        problems.add(
            at(c)
                + " gives a repo the name \""
                + Names.printable(given)
                + "\", which another repo of the account keeps");
      }
    }
    NameGlob ignoreRepos = new NameGlob(plan.policy().ignoreRepos());
    Set<String> keptForIgnored = new HashSet<>();
    for (LiveRepo r : repos) {
      if (ignoreRepos.matches(r.name())) {
        keptForIgnored.addAll(r.keyIds());
      }
    }
    Map<String, List<LiveKey>> keysByName = new HashMap<>();
    for (LiveKey k : keys) keysByName.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(k);
    for (String n : createdKeyNames) {
      for (LiveKey k : keysByName.getOrDefault(n, List.of())) {
        // A key an ignored repo uses stays under its name while the spec's new key is added: the
        // one case where the planner itself leaves two keys with one name.
        if (k.name().equals(n)
            && !removedKeyIds.contains(k.id())
            && !keptForIgnored.contains(k.id())) {
          problems.add(
              "key."
                  + Names.printable(n)
                  + " creates a key named \""
                  + Names.printable(n)
                  + "\", which key id "
                  + Names.printable(k.id())
                  + " of the account already has");
        }
      }
    }

    // No repo may still list a key the plan deletes: keys go in phase 3, after repo edits.
    Map<String, RepoSettings> sentLists = new HashMap<>();
    for (Change c : plan.changes()) {
      RepoSettings sent = sentToLiveRepo(c);
      if (sent != null) sentLists.put(c.liveId(), sent);
    }
    for (LiveRepo r : repos) {
      RepoSettings sent = sentLists.get(r.id());
      List<String> listed = new ArrayList<>();
      for (RepoField<?, ?> f : r.values().keySet()) {
        if (f.isKeyList()) {
          listed.addAll(
              finalIds(RepoFields.keyIds(r, f), sent == null ? Optional.empty() : sent.keys(f)));
        }
      }
      for (String id : listed) {
        if (removedKeyIds.contains(id)) {
          problems.add(
              "key id "
                  + Names.printable(id)
                  + " is deleted while repo \""
                  + Names.printable(r.name())
                  + "\" still lists it; the planner moves every repo off a key first");
        }
      }
    }
    return List.copyOf(problems);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String at(Change c) {
    return c.address().kind().prefix() + "." + Names.printable(c.address().name());
  }

  private static String twice(String verb) {
    return " is in two changes; the plan " + verb + " it once";
  }

  private static String ignored(String kind, String name) {
    return "policy.ignore."
        + kind
        + " protects \""
        + Names.printable(name)
        + "\", and borgform never touches an ignored object";
  }

  private static void givesKeyName(
      Set<String> problems, String at, String name, Set<String> created) {
    String why = Names.problem(name);
    if (why != null) problems.add(at + " sends a key name that " + why + "; no spec can state it");
    if (!created.add(name)) {
      problems.add(at + ": two changes create a key named \"" + Names.printable(name) + "\"");
    }
  }

  private static void givesRepoName(
      Set<String> problems, String at, String name, Set<String> given) {
    String why = Names.problem(name);
    if (why != null) {
      problems.add(at + " sends a repo name that " + why + "; no spec can state it");
    }
    if (!given.add(name)) {
      problems.add(at + ": two changes give a repo the name \"" + Names.printable(name) + "\"");
    }
  }

  /** True when {@code s} sends key lists and nothing else. */
  private static boolean onlyKeyLists(RepoSettings s) {
    return s.name() == null
        && s.region() == null
        && s.values().keySet().stream().allMatch(RepoField::isKeyList);
  }

  /** Every key reference a change sends, in the order it sends them. */
  private static List<KeyRef> sentKeyRefs(Change c) {
    RepoSettings sent = c.accept(SENT_SETTINGS);
    return sent == null ? List.of() : sent.allKeyRefs();
  }

  /** The repo name a change sends (a create, or an update that renames), else null. */
  private static @Nullable String repoNameGiven(Change c) {
    if (c.address().kind() != ResourceKind.REPO || c.action() == Action.DELETE) return null;
    RepoSettings sent = c.accept(SENT_SETTINGS);
    return sent == null ? null : sent.name();
  }

  /** What a change sends to an existing repo (an edit, or key lists before a delete), else null. */
  private static @Nullable RepoSettings sentToLiveRepo(Change c) {
    return c.liveId() == null ? null : c.accept(SENT_SETTINGS);
  }

  /** The repo settings a change sends, or null for a change that sends none (keys). */
  // Without JSpecify mode NullAway does not follow a type argument, so it cannot see that R is
  // nullable here; callers check for null.
  @SuppressWarnings("NullAway")
  private static final Change.Visitor<RepoSettings> SENT_SETTINGS =
      new Change.Visitor<>() {
        @Override
        public @Nullable RepoSettings keyCreate(KeyCreate c) {
          return null;
        }

        @Override
        public @Nullable RepoSettings keyReplace(KeyReplace c) {
          return null;
        }

        @Override
        public @Nullable RepoSettings keyDelete(KeyDelete c) {
          return null;
        }

        @Override
        public RepoSettings repoCreate(RepoCreate c) {
          return c.settings();
        }

        @Override
        public RepoSettings repoUpdate(RepoUpdate c) {
          return c.patch();
        }

        @Override
        public @Nullable RepoSettings repoDelete(RepoDelete c) {
          return c.detach();
        }
      };

  /** The live repo a change acts on, or null. */
  // As SENT_SETTINGS: R is nullable here, which NullAway cannot see through a type argument.
  @SuppressWarnings("NullAway")
  private static final Change.Visitor<LiveRepo> LIVE_REPO =
      new Change.Visitor<>() {
        @Override
        public @Nullable LiveRepo keyCreate(KeyCreate c) {
          return null;
        }

        @Override
        public @Nullable LiveRepo keyReplace(KeyReplace c) {
          return null;
        }

        @Override
        public @Nullable LiveRepo keyDelete(KeyDelete c) {
          return null;
        }

        @Override
        public @Nullable LiveRepo repoCreate(RepoCreate c) {
          return null;
        }

        @Override
        public LiveRepo repoUpdate(RepoUpdate c) {
          return c.before();
        }

        @Override
        public LiveRepo repoDelete(RepoDelete c) {
          return c.repo();
        }
      };

  /** The key ids the live repo a change acts on lists now. */
  private static Set<String> listedBy(Change c) {
    LiveRepo r = c.accept(LIVE_REPO);
    Set<String> ids = new HashSet<>();
    if (r != null) {
      ids.addAll(r.keyIds());
    }
    return ids;
  }

  private static Map<String, String> names(Map<String, LiveKey> keyById) {
    Map<String, String> out = new HashMap<>();
    for (LiveKey k : keyById.values()) out.put(k.id(), k.name());
    return out;
  }

  private static void liveKey(
      Set<String> problems, String at, LiveKey stated, Map<String, LiveKey> keyById) {
    LiveKey live = keyById.get(stated.id());
    if (live == null) {
      problems.add(
          at
              + " removes key id "
              + Names.printable(stated.id())
              + ", which the account does not have");
    } else if (!live.equals(stated)) {
      problems.add(
          at
              + " describes key id "
              + Names.printable(stated.id())
              + " otherwise than the account holds it");
    }
  }

  private static void liveRepo(
      Set<String> problems, String at, LiveRepo stated, Map<String, LiveRepo> repoById) {
    LiveRepo live = repoById.get(stated.id());
    if (live == null) {
      problems.add(
          at
              + " acts on repo id "
              + Names.printable(stated.id())
              + ", which the account does not have");
    } else if (!sameRepo(stated, live)) {
      problems.add(
          at
              + " describes repo id "
              + Names.printable(stated.id())
              + " otherwise than the account holds it");
    }
  }

  /** The names the review lines give the live keys of replaced key lists are the account's. */
  private static void shownKeyNames(
      Set<String> problems,
      String at,
      LiveRepo repo,
      Map<String, String> shown,
      @Nullable RepoSettings sent,
      Map<String, String> liveNames) {
    Map<String, String> actual = RepoFields.namesFor(repo, sent, liveNames);
    if (!actual.equals(shown)) {
      problems.add(at + " shows a repo's current key list with names the account does not use");
    }
  }

  /** Equal but for what changes without anyone planning it: usage and the last write. */
  private static boolean sameRepo(LiveRepo s, LiveRepo live) {
    return new LiveRepo(
            s.id(),
            s.name(),
            s.region(),
            s.values(),
            s.repoPath(),
            live.currentUsage(),
            s.createdAt(),
            live.lastModified())
        .equals(live);
  }

  private static List<String> finalIds(List<String> live, Optional<List<KeyRef>> sent) {
    if (sent.isEmpty()) return live;
    return sent.get().stream().filter(r -> !r.isPending()).map(KeyRef::id).toList();
  }
}
