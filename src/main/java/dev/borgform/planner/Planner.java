package dev.borgform.planner;

import dev.borgform.concurrent.Meanwhile;
import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.ExitCodes;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.NameGlob;
import dev.borgform.model.Names;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Address;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.KeyCreate;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.KeyReplace;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.plan.PlanPolicy;
import dev.borgform.plan.Reason;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.plan.RepoUpdate;
import dev.borgform.plan.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Works out the changes that bring a live account to its spec. Pure: no I/O, no clock, the same
 * inputs in any order give the same plan. Problems that make a safe plan impossible (a region
 * change, two live repos with the spec's name) are collected and thrown together.
 *
 * <p>The rules are those of DEVELOPERS.md ("Rules the planner keeps"). Keys match by name and
 * compare by type and blob; a changed key is replaced create-before-destroy, so every repo that
 * used the old key is moved to the new one before the old key is deleted. If the old key's material
 * stays in the spec under another name, repos get that key as well: a rotation never cuts off a
 * server the spec still lets in. Repos match by pinned id, else by exact name; only the fields the
 * spec states are compared.
 *
 * <p>Ignored repos are never touched, so a key one of them uses is never deleted either: it is kept
 * with a warning (a repo the tool promised not to touch must not lose access as a side effect), and
 * the next plan deletes it once no ignored repo lists it.
 */
public final class Planner {
  /** Keys by id: numeric ids in numeric (creation) order, any other after them by text. */
  private static final Comparator<LiveKey> KEY_ID_ORDER =
      Comparator.comparing(
              (LiveKey k) -> {
                try {
                  return Long.parseLong(k.id().strip());
                } catch (NumberFormatException e) {
                  return null;
                }
              },
              Comparator.nullsLast(Long::compare))
          .thenComparing(LiveKey::id);

  private final RepoField.Table fields;

  /** A planner of the repo fields of {@link RepoField#TABLE}. */
  public Planner() {
    this(RepoField.TABLE);
  }

  /** A planner that compares the repo fields of {@code fields}. */
  public Planner(RepoField.Table fields) {
    this.fields = fields;
  }

  /** Accounts of fewer objects have their digest taken at once: it takes milliseconds. */
  static final int DIGEST_MEANWHILE_FROM = 1000;

  /** Plans, or throws {@link DiagnosticsException} (exit 1) when no safe plan exists. */
  public Plan plan(DesiredState desired, LiveState live) {
    return new Run(desired, live, fields).plan();
  }

  /** One planning run; holds the working maps so the public class stays stateless. */
  private static final class Run {
    private final DesiredState desired;
    private final LiveState live;
    private final RepoField.Table fields;
    private final Policy policy;
    private final NameGlob ignoreKeys;
    private final NameGlob ignoreRepos;
    private final Diagnostics diags = new Diagnostics();
    private final List<Change> changes = new ArrayList<>();
    private final List<PlanNote> notes = new ArrayList<>();

    /** Desired key name to the id it will have (pending when created by this plan). */
    private final Map<String, KeyRef> refByName = new HashMap<>();

    /**
     * Live key ids this plan removes (or replaces), to the keys that take over their place in
     * repos: the key that replaces it by name, and the spec key that keeps its material under
     * another name. Empty when the key just goes.
     */
    private final Map<String, List<KeyRef>> successorOfRemoved = new HashMap<>();

    private final Map<String, LiveKey> liveKeyById = new HashMap<>();

    /** Live key names by id, for the review lines of key lists. */
    private final Map<String, String> keyNames = new HashMap<>();

    /** Key id to the names of ignored repos that list it; such keys are never deleted. */
    private final Map<String, List<String>> ignoredReposByKeyId = new HashMap<>();

    Run(DesiredState desired, LiveState live, RepoField.Table fields) {
      this.desired = desired;
      this.live = live;
      this.fields = fields;
      this.policy = desired.policy();
      this.ignoreKeys = new NameGlob(policy.ignoreKeys());
      this.ignoreRepos = new NameGlob(policy.ignoreRepos());
    }

    Plan plan() {
      // The digest of a large account (SHA-256 over every object) takes about as long as the
      // planning itself; it is worked out side by side with it.
      Supplier<String> digest =
          Meanwhile.start(
              live.keys().size() + live.repos().size() >= DIGEST_MEANWHILE_FROM,
              "borgform-live-digest",
              live::digest);
      for (LiveKey k : live.keys()) {
        liveKeyById.put(k.id(), k);
        keyNames.put(k.id(), k.name());
      }
      for (LiveRepo r : live.repos()) {
        if (!ignoreRepos.matches(r.name())) continue;
        for (String id : r.keyIds()) {
          List<String> names = ignoredReposByKeyId.computeIfAbsent(id, x -> new ArrayList<>());
          if (!names.contains(r.name())) names.add(r.name());
        }
      }
      planKeys();
      planRepos();
      unusedIgnores("keys", policy.ignoreKeys(), live.keys().stream().map(LiveKey::name).toList());
      unusedIgnores(
          "repos", policy.ignoreRepos(), live.repos().stream().map(LiveRepo::name).toList());
      if (diags.hasErrors()) {
        int n = diags.errorCount();
        throw new DiagnosticsException(
            "No safe plan exists for this account: "
                + n
                + (n == 1 ? " problem" : " problems")
                + ".",
            diags.sorted(),
            ExitCodes.FAILURE);
      }
      // The rail's numbers come from the changes and the account alone, by the rule apply uses
      // again for a saved plan: one definition, whatever made the plan.
      PlanPolicy terms = PlanPolicy.of(desired);
      return new Plan(
          changes,
          notes,
          digest.get(),
          DeletionGuard.of(changes, live.keys(), live.repos(), terms),
          terms,
          Target.UNBOUND);
    }

    /**
     * A warning for each ignore pattern that matches no live object of its kind: such a pattern
     * protects nothing, and when it was meant to (a regular expression written for a glob, other
     * capitals) the objects it should hide are planned for deletion without a word. The warning
     * says why it may have missed where that can be told.
     */
    private void unusedIgnores(String kind, List<String> globs, List<String> liveNames) {
      String noun = kind.equals("keys") ? "key" : "repo";
      for (String g : globs) {
        NameGlob glob = new NameGlob(List.of(g));
        if (liveNames.stream().anyMatch(glob::matches)) continue;
        String why;
        List<String> otherCase =
            liveNames.stream()
                .filter(NameGlob.ignoringCase(List.of(g))::matches)
                .sorted()
                .limit(3)
                .toList();
        if (NameGlob.looksLikeRegex(g)) {
          why =
              "; patterns are globs, not regular expressions: * is any run of characters, ? one"
                  + " character, and every other character stands for itself (e.g. legacy-*)";
        } else if (!otherCase.isEmpty()) {
          why =
              "; names match with their exact capitals, and it would match "
                  + quoted(otherCase)
                  + " ignoring case";
        } else {
          why = "";
        }
        notes.add(
            new PlanNote(
                PlanNote.Kind.WARNING,
                null,
                "policy.ignore."
                    + kind
                    + " pattern \""
                    + g
                    + "\" matches no "
                    + noun
                    + " in the account"
                    + why
                    + "."));
      }
    }

    /**
     * True when an ignored repo lists the key: it is then kept, with a warning. borgform never
     * touches ignored repos, so deleting a key they use would cut them off without anyone having
     * asked for that; keeping a key costs nothing. Once no ignored repo lists it, the next plan
     * deletes it.
     */
    private boolean keptForIgnoredRepos(LiveKey k, String why) {
      List<String> users = ignoredReposByKeyId.get(k.id());
      if (users == null) return false;
      List<String> sorted = users.stream().sorted().toList();
      notes.add(
          new PlanNote(
              PlanNote.Kind.WARNING,
              Address.key(k.name()),
              "key id "
                  + k.id()
                  + " is kept although "
                  + why
                  + ": ignored "
                  + (sorted.size() == 1 ? "repo " : "repos ")
                  + quoted(sorted)
                  + (sorted.size() == 1 ? " uses" : " use")
                  + " it, and borgform never cuts off"
                  + " an ignored repo. Remove the key from "
                  + (sorted.size() == 1 ? "that repo" : "those repos")
                  + " (or stop ignoring them) and the next plan deletes it."));
      return true;
    }

    private static String quoted(List<String> names) {
      return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    // ---- keys ----------------------------------------------------------------------------

    // The match itself is skipped by reference before the field-by-field comparison.
    @SuppressWarnings("ReferenceEquality")
    private void planKeys() {
      Map<String, List<LiveKey>> liveByName = new LinkedHashMap<>();
      List<LiveKey> sortedLive = new ArrayList<>(live.keys());
      sortedLive.sort(Comparator.comparing(LiveKey::id, Planner::compareIds));
      for (LiveKey k : sortedLive) {
        if (ignoreKeys.matches(k.name())) {
          notes.add(
              new PlanNote(
                  PlanNote.Kind.IGNORED, Address.key(k.name()), "ignored by policy.ignore.keys"));
          continue;
        }
        liveByName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
      }
      Set<String> desiredNames = new HashSet<>();
      for (DesiredKey d : desired.keys()) desiredNames.add(d.name());

      // Live keys that no desired name claims: candidates for a rename, else deleted or kept.
      List<LiveKey> unclaimed = new ArrayList<>();
      for (Map.Entry<String, List<LiveKey>> e : liveByName.entrySet()) {
        if (!desiredNames.contains(e.getKey())) unclaimed.addAll(e.getValue());
      }
      Set<String> renamedFrom = new HashSet<>();

      List<DesiredKey> sortedDesired = new ArrayList<>(desired.keys());
      sortedDesired.sort(Comparator.comparing(DesiredKey::name));

      // Keys a spec entry names in renamedFrom, found before any other rename so that the
      // match by material below never takes a key the spec says is this entry's former self.
      Map<String, List<LiveKey>> renameSources = new HashMap<>();
      for (DesiredKey d : sortedDesired) {
        if (d.renamedFrom().isEmpty() || liveByName.containsKey(d.name())) continue;
        List<LiveKey> sources = new ArrayList<>();
        for (String old : d.renamedFrom()) {
          for (LiveKey k : liveByName.getOrDefault(old, List.of())) {
            sources.add(k);
            renamedFrom.add(k.id());
          }
          List<String> hidden =
              live.keys().stream()
                  .filter(k -> k.name().equals(old) && ignoreKeys.matches(k.name()))
                  .map(LiveKey::id)
                  .sorted()
                  .toList();
          if (!hidden.isEmpty()) {
            diags.error(
                d.pos(),
                "key \""
                    + Names.printable(d.name())
                    + "\" lists \""
                    + Names.printable(old)
                    + "\" in renamedFrom, but policy.ignore.keys hides that key (id "
                    + String.join(", ", hidden)
                    + ")",
                "An ignored key is never touched: narrow the ignore pattern, or remove the name"
                    + " from renamedFrom.");
          }
        }
        if (!sources.isEmpty()) renameSources.put(d.name(), sources);
      }
      for (DesiredKey d : sortedDesired) {
        if (ignoreKeys.matches(d.name())) {
          diags.error(
              d.pos(),
              "key \"" + d.name() + "\" is in the spec but policy.ignore.keys matches its name",
              "Remove the key from the spec or narrow the ignore pattern; an ignored key is never"
                  + " touched.");
          continue;
        }
        String identity = d.publicKey().identity();
        List<LiveKey> sameName = liveByName.getOrDefault(d.name(), List.of());
        // Of twins (same name and material), the lowest id: the one a concurrent apply keeps too.
        LiveKey match =
            sameName.stream()
                .filter(k -> k.identity().equals(identity))
                .min(KEY_ID_ORDER)
                .orElse(null);
        if (match != null) {
          KeyRef ref = new KeyRef(d.name(), match.id());
          refByName.put(d.name(), ref);
          // Two live keys with one name: the leftover of an interrupted replace. Keep the one
          // that matches the spec, move repos to it, delete the other.
          for (LiveKey other : sameName) {
            // Identity first: the match is nearly always the only key of its name.
            if (other == match || other.equals(match)) continue;
            successorOfRemoved.put(other.id(), successors(ref));
            if (keptForIgnoredRepos(other, "a second key named \"" + d.name() + "\" replaces it")) {
              continue;
            }
            changes.add(
                new KeyDelete(other, new Reason.DuplicateKey(d.name(), other.id(), match.id())));
          }
          continue;
        }
        KeyRef pending = KeyRef.pending(d.name());
        refByName.put(d.name(), pending);
        if (!sameName.isEmpty()) {
          List<LiveKey> replaced = new ArrayList<>();
          for (LiveKey old : sameName) {
            successorOfRemoved.put(old.id(), successors(pending));
            if (!keptForIgnoredRepos(old, "the spec gives \"" + d.name() + "\" a new public key")) {
              replaced.add(old);
            }
          }
          changes.add(
              replaced.isEmpty()
                  ? new KeyCreate(d.name(), d.publicKey())
                  : new KeyReplace(
                      d.name(), replaced, d.publicKey(), new Reason.KeyMaterialChanged()));
          continue;
        }
        List<LiveKey> named = renameSources.get(d.name());
        if (named != null) {
          // renamedFrom: the old key is this key under its former name. BorgBase cannot rename
          // a key, so it is replaced create-before-destroy like any renamed key, whatever
          // pruneKeys says: repos move to the new key before the old one goes.
          List<LiveKey> replaced = new ArrayList<>();
          List<String> oldNames = new ArrayList<>();
          boolean sameMaterial = true;
          for (LiveKey old : named) {
            successorOfRemoved.put(old.id(), successors(pending));
            if (!oldNames.contains(old.name())) oldNames.add(old.name());
            sameMaterial &= old.identity().equals(identity);
            if (!keptForIgnoredRepos(old, "the spec renames it to \"" + d.name() + "\"")) {
              replaced.add(old);
            }
          }
          Reason why = new Reason.KeyRenamed(oldNames, !sameMaterial);
          changes.add(
              replaced.isEmpty()
                  ? new KeyCreate(d.name(), d.publicKey())
                  : new KeyReplace(d.name(), replaced, d.publicKey(), why));
          continue;
        }
        LiveKey source = null;
        if (policy.pruneKeys()) {
          source =
              unclaimed.stream()
                  .filter(k -> !renamedFrom.contains(k.id()) && k.identity().equals(identity))
                  .findFirst()
                  .orElse(null);
        }
        if (source != null) {
          renamedFrom.add(source.id());
          successorOfRemoved.put(source.id(), successors(pending));
          if (keptForIgnoredRepos(source, "the spec renames it to \"" + d.name() + "\"")) {
            changes.add(new KeyCreate(d.name(), d.publicKey()));
          } else {
            changes.add(
                new KeyReplace(
                    d.name(),
                    List.of(source),
                    d.publicKey(),
                    new Reason.KeyRenamed(List.of(source.name()), false)));
          }
        } else {
          changes.add(new KeyCreate(d.name(), d.publicKey()));
        }
      }

      Map<String, KeyRef> refByIdentity = new HashMap<>();
      for (DesiredKey d : sortedDesired) {
        KeyRef r = refByName.get(d.name());
        if (r != null) refByIdentity.putIfAbsent(d.publicKey().identity(), r);
      }
      for (LiveKey k : unclaimed) {
        if (renamedFrom.contains(k.id())) continue;
        if (!policy.pruneKeys()) {
          notes.add(
              new PlanNote(
                  PlanNote.Kind.UNMANAGED,
                  Address.key(k.name()),
                  "not in the spec; kept because policy.pruneKeys is false"));
          continue;
        }
        // The same key material under another name in the spec takes over this key's repos.
        KeyRef successor = refByIdentity.get(k.identity());
        if (keptForIgnoredRepos(k, "the spec does not list it")) {
          // Moving to the same material keeps access; dropping it from repos would not.
          if (successor != null) successorOfRemoved.put(k.id(), successors(successor));
          continue;
        }
        successorOfRemoved.put(k.id(), successors(successor));
        changes.add(new KeyDelete(k, new Reason.KeyNotInSpec()));
      }
      // A key replaced under its name whose material the spec keeps under another name: repos
      // get both, so rotating one name never cuts off a server the spec still lets in.
      for (Map.Entry<String, List<KeyRef>> e : successorOfRemoved.entrySet()) {
        LiveKey k = liveKeyById.get(e.getKey());
        KeyRef keeper = k == null ? null : refByIdentity.get(k.identity());
        if (keeper != null && !e.getValue().contains(keeper)) {
          List<KeyRef> both = new ArrayList<>(e.getValue());
          both.add(keeper);
          e.setValue(List.copyOf(both));
        }
      }
    }

    private static List<KeyRef> successors(@Nullable KeyRef ref) {
      return ref == null ? List.of() : List.of(ref);
    }

    // ---- repos ---------------------------------------------------------------------------

    private void planRepos() {
      Map<String, LiveRepo> byId = new HashMap<>();
      Map<String, List<LiveRepo>> byName = new HashMap<>();
      List<LiveRepo> ignored = new ArrayList<>();
      for (LiveRepo r : live.repos()) {
        if (ignoreRepos.matches(r.name())) {
          ignored.add(r);
          continue;
        }
        byId.put(r.id(), r);
        byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
      }
      Set<String> claimed = new HashSet<>();
      // In the order found; a list, as each spec entry is matched once (names are unique), and
      // hashing a whole DesiredRepo per entry was a tenth of planning an account in sync.
      List<Map.Entry<DesiredRepo, LiveRepo>> matched = new ArrayList<>();
      List<DesiredRepo> sortedDesired = new ArrayList<>(desired.repos());
      sortedDesired.sort(Comparator.comparing(DesiredRepo::name));

      for (DesiredRepo d : sortedDesired) {
        if (d.id() == null) continue;
        LiveRepo r = byId.get(d.id());
        if (r == null) {
          boolean isIgnored = ignored.stream().anyMatch(i -> i.id().equals(d.id()));
          diags.error(
              d.posOf("id"),
              "repo \""
                  + d.name()
                  + "\" pins id "
                  + d.id()
                  + ", which "
                  + (isIgnored ? "policy.ignore.repos hides" : "is not in the account"),
              isIgnored
                  ? "Narrow the ignore pattern, or remove the repo from the spec."
                  : "Check the id in the BorgBase web UI, or remove `id:` to create a new repo.");
          continue;
        }
        claimed.add(r.id());
        matched.add(Map.entry(d, r));
      }
      List<DesiredRepo> unmatched = new ArrayList<>();
      for (DesiredRepo d : sortedDesired) {
        if (d.id() != null) continue;
        if (ignoreRepos.matches(d.name())) {
          diags.error(
              d.pos(),
              "repo \"" + d.name() + "\" is in the spec but policy.ignore.repos matches its name",
              "Remove the repo from the spec or narrow the ignore pattern; an ignored repo is"
                  + " never touched.");
          continue;
        }
        List<LiveRepo> cands = new ArrayList<>();
        for (LiveRepo r : byName.getOrDefault(d.name(), List.of())) {
          if (!claimed.contains(r.id())) cands.add(r);
        }
        if (cands.size() > 1) {
          String ids = String.join(", ", cands.stream().map(LiveRepo::id).sorted().toList());
          diags.error(
              d.pos(),
              "the account has "
                  + cands.size()
                  + " repos named \""
                  + d.name()
                  + "\" (ids "
                  + ids
                  + ")",
              "borgform never guesses which one you mean: pin one with `id: <repo id>` in this"
                  + " repo's entry.");
          continue;
        }
        if (cands.size() == 1) {
          claimed.add(cands.get(0).id());
          matched.add(Map.entry(d, cands.get(0)));
        } else {
          unmatched.add(d);
        }
      }
      // renamedFrom only after every exact match: a repo that has its new name live is done
      // renaming, and a live repo that another entry matches is not a former name of this one.
      List<DesiredRepo> creates = new ArrayList<>();
      for (DesiredRepo d : unmatched) {
        if (d.renamedFrom().isEmpty()) {
          creates.add(d);
          continue;
        }
        Optional<LiveRepo> source = renameSource(d, byName, ignored, claimed);
        if (source == null) continue;
        if (source.isPresent()) {
          claimed.add(source.get().id());
          matched.add(Map.entry(d, source.get()));
        } else {
          // No live repo has a former name either: a new account, or a rename already done
          // and the old name reused. The repo is created, as Terraform does for a moved block
          // whose source is gone.
          creates.add(d);
        }
      }
      for (DesiredRepo d : creates) planCreate(d);
      for (Map.Entry<DesiredRepo, LiveRepo> e : matched) {
        planUpdate(e.getKey(), e.getValue());
      }

      List<LiveRepo> unmanaged = new ArrayList<>();
      for (LiveRepo r : live.repos()) {
        if (!ignoreRepos.matches(r.name()) && !claimed.contains(r.id())) unmanaged.add(r);
      }
      renameHints(creates, unmanaged);
      for (LiveRepo r : unmanaged) {
        if (policy.pruneRepos()) {
          Patch detach = new Patch();
          for (RepoField<?, ?> f : fields.keyLists()) keyList(detach, f, Optional.empty(), r);
          changes.add(new RepoDelete(r, detach.isEmpty() ? null : detach.build(), keyNames));
          continue;
        }
        notes.add(
            new PlanNote(
                PlanNote.Kind.UNMANAGED,
                Address.repo(r.name()),
                "not in the spec (id " + r.id() + "); left alone"));
        planKeyMovesOnly(r);
      }
      for (LiveRepo r : ignored) {
        notes.add(
            new PlanNote(
                PlanNote.Kind.IGNORED, Address.repo(r.name()), "ignored by policy.ignore.repos"));
      }
    }

    /**
     * The live repo {@code d} renames: the one unclaimed, not ignored live repo with one of its
     * former names; empty when there is none; null (with an error) when two could be meant or the
     * former name is ignored.
     */
    @SuppressWarnings("NullableOptional") // three outcomes: a repo, none, or refused (null)
    private @Nullable Optional<LiveRepo> renameSource(
        DesiredRepo d,
        Map<String, List<LiveRepo>> byName,
        List<LiveRepo> ignored,
        Set<String> claimed) {
      List<LiveRepo> cands = new ArrayList<>();
      for (String old : d.renamedFrom()) {
        for (LiveRepo r : byName.getOrDefault(old, List.of())) {
          if (!claimed.contains(r.id())) cands.add(r);
        }
      }
      String name = Names.printable(d.name());
      if (cands.size() > 1) {
        cands.sort(Comparator.comparing(LiveRepo::id));
        diags.error(
            d.posOf("renamedFrom"),
            "repo \""
                + name
                + "\" is renamed from one of "
                + cands.size()
                + " live repos ("
                + String.join(
                    ", ",
                    cands.stream()
                        .map(r -> "\"" + Names.printable(r.name()) + "\" id " + r.id())
                        .toList())
                + ")",
            "borgform never guesses which one you mean: pin the one to keep with `id: <repo id>`"
                + " in this repo's entry.");
        return null;
      }
      if (cands.size() == 1) return Optional.of(cands.get(0));
      List<LiveRepo> hidden =
          ignored.stream().filter(r -> d.renamedFrom().contains(r.name())).toList();
      if (!hidden.isEmpty()) {
        diags.error(
            d.posOf("renamedFrom"),
            "repo \""
                + name
                + "\" is renamed from \""
                + Names.printable(hidden.get(0).name())
                + "\" (id "
                + hidden.get(0).id()
                + "), which policy.ignore.repos hides",
            "An ignored repo is never touched: narrow the ignore pattern, or remove the name from"
                + " renamedFrom.");
        return null;
      }
      return Optional.empty();
    }

    /**
     * The naive rename: the spec adds a repo while a live repo it does not name has the same
     * region, key lists and stated settings. Applying would create an empty repo next to the one
     * the servers back up to; a warning says how to rename instead.
     */
    private void renameHints(List<DesiredRepo> creates, List<LiveRepo> unmanaged) {
      for (DesiredRepo d : creates) {
        if (d.region() == null) continue;
        for (LiveRepo r : unmanaged) {
          if (!sameSettings(d, r)) continue;
          String oldName = Names.printable(r.name());
          notes.add(
              new PlanNote(
                  PlanNote.Kind.WARNING,
                  Address.repo(d.name()),
                  "did you mean to rename repo."
                      + oldName
                      + " (id "
                      + Names.printable(r.id())
                      + ")? add renamedFrom: ["
                      + oldName
                      + "] to repo."
                      + Names.printable(d.name())));
        }
      }
    }

    /** True when {@code r} already is what {@code d} states, its name aside. */
    private boolean sameSettings(DesiredRepo d, LiveRepo r) {
      // renameHints, the only caller, skips repos whose region the spec does not state.
      Region region = Objects.requireNonNull(d.region(), "region");
      if (!region.wire().equals(r.region())) return false;
      for (RepoField<?, ?> f : fields.all()) {
        if (f.isKeyList()) {
          RepoField<List<String>, List<String>> k = f.asKeyList();
          if (!d.get(k).map(names -> sameKeyNames(names, r.get(k))).orElse(true)) return false;
        } else if (!stated(d, r, f).map(Boolean::booleanValue).orElse(true)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Whether {@code r} holds what {@code d} states for {@code f}; empty when it states nothing.
     */
    private static <V, L> Optional<Boolean> stated(DesiredRepo d, LiveRepo r, RepoField<V, L> f) {
      return d.get(f).map(v -> f.matches(v, r.get(f)));
    }

    /** Key lists compared by key name (the live ids named as the account names them). */
    private boolean sameKeyNames(List<String> desiredNames, List<String> liveIds) {
      Set<String> live = new HashSet<>();
      for (String id : liveIds) live.add(keyNames.getOrDefault(id, "#" + id));
      return new HashSet<>(desiredNames).equals(live);
    }

    private void planCreate(DesiredRepo d) {
      if (d.region() == null) {
        diags.error(
            d.pos(),
            "repo \"" + d.name() + "\" is not in the account and has no region",
            "Add `region: eu` or `region: us`; the region is fixed when a repo is created.");
        return;
      }
      Map<RepoField<?, ?>, Object> sent = new LinkedHashMap<>();
      for (RepoField<?, ?> f : fields.all()) {
        if (f.isKeyList()) {
          d.get(f.asKeyList()).ifPresent(names -> sent.put(f, refs(names)));
        } else {
          d.get(f).ifPresent(v -> sent.put(f, v));
        }
      }
      RepoSettings s = new RepoSettings(d.name(), d.region(), sent);
      changes.add(new RepoCreate(s));
    }

    private void planUpdate(DesiredRepo d, LiveRepo r) {
      boolean ok = true;
      if (d.region() != null && !d.region().wire().equals(r.region())) {
        ok = false;
        diags.error(
            d.posOf("region"),
            "repo \""
                + d.name()
                + "\" is in region "
                + r.region()
                + "; the spec asks for "
                + d.region().wire(),
            "BorgBase cannot move a repo between regions: it would mean deleting the repo and its"
                + " backups. Keep `region: "
                + r.region()
                + "`, or add a new repo under another"
                + " name (e.g. \""
                + d.name()
                + "-"
                + d.region().wire()
                + "\") and move to it.");
      }
      for (RepoField<?, ?> f : fields.all()) {
        if (f.fixed() && !stated(d, r, f).orElse(true)) {
          ok = false;
          fixedChanged(d, r, f);
        }
      }
      if (!ok) return;

      Patch p = new Patch();
      if (!d.name().equals(r.name())) p.name(d.name());
      boolean moved = false;
      for (RepoField<?, ?> f : fields.all()) {
        if (f.isKeyList()) {
          moved |= keyList(p, f, d.get(f.asKeyList()), r);
        } else if (!f.fixed()) {
          patch(p, d, r, f);
        }
      }
      if (p.isEmpty()) return;
      boolean onlyMoves = moved && p.onlyKeyLists();
      changes.add(
          new RepoUpdate(
              d.name(),
              r,
              p.build(),
              keyNames,
              onlyMoves ? new Reason.KeyListsMove() : Reason.NONE));
    }

    /** Adds {@code f} to the patch when the spec states it and the account holds otherwise. */
    private static <V, L> void patch(Patch p, DesiredRepo d, LiveRepo r, RepoField<V, L> f) {
      d.get(f)
          .ifPresent(
              v -> {
                if (!f.matches(v, r.get(f))) p.set(f, v);
              });
    }

    /** The error for a field fixed at creation that the spec states otherwise. */
    private <V, L> void fixedChanged(DesiredRepo d, LiveRepo r, RepoField<V, L> f) {
      Object asked = f.plain(d.get(f).orElseThrow());
      Object held = r.get(f);
      diags.error(
          d.posOf(f.spec()),
          "repo \"" + d.name() + "\" has " + f.spec() + " " + held + "; the spec asks for " + asked,
          "A repo's "
              + f.spec()
              + " is fixed when it is created. Keep `"
              + f.spec()
              + ": "
              + held
              + "`, or add a new repo under another name (e.g. \""
              + d.name()
              + "-"
              + asked
              + "\") and move to it.");
    }

    /** Repos the spec does not manage still must not keep ids of keys that go away. */
    private void planKeyMovesOnly(LiveRepo r) {
      Patch p = new Patch();
      for (RepoField<?, ?> f : fields.keyLists()) keyList(p, f, Optional.empty(), r);
      if (p.isEmpty()) return;
      changes.add(
          new RepoUpdate(r.name(), r, p.build(), keyNames, new Reason.UnmanagedRepoUsesKeys()));
    }

    /**
     * Adds a key list to the patch when it must change. A list the spec states is compared as a set
     * of ids (BorgBase does not promise to keep order); a list it does not state is only rewritten
     * to move off keys that this plan removes. Returns true for such a move.
     */
    private boolean keyList(
        Patch p, RepoField<?, ?> field, Optional<List<String>> desiredNames, LiveRepo r) {
      List<String> liveIds = r.get(field.asKeyList());
      if (desiredNames.isPresent()) {
        List<KeyRef> after = refs(desiredNames.get());
        if (!sameIds(after, liveIds)) p.keys(field, after);
        return false;
      }
      boolean touched = liveIds.stream().anyMatch(successorOfRemoved::containsKey);
      if (!touched) return false;
      List<KeyRef> after = new ArrayList<>();
      for (String id : liveIds) {
        List<KeyRef> refs = successorOfRemoved.getOrDefault(id, List.of(liveRef(id)));
        for (KeyRef ref : refs) if (!after.contains(ref)) after.add(ref);
      }
      p.keys(field, after);
      return true;
    }

    private static boolean sameIds(List<KeyRef> refs, List<String> liveIds) {
      for (KeyRef r : refs) if (r.isPending()) return false;
      // Most repos have one key per list: two sets of one are equal when their ids are.
      if (refs.size() == 1 && liveIds.size() == 1) return liveIds.get(0).equals(refs.get(0).id());
      Set<String> ids = new HashSet<>();
      for (KeyRef r : refs) ids.add(r.id());
      return ids.equals(new HashSet<>(liveIds));
    }

    private KeyRef liveRef(String id) {
      LiveKey k = liveKeyById.get(id);
      return new KeyRef(k == null ? "#" + id : k.name(), id);
    }

    private List<KeyRef> refs(List<String> names) {
      // The spec loader refuses undeclared names; a name missing here belongs to a key that
      // already failed planning (e.g. ignored), and that error is reported instead.
      return names.stream().map(refByName::get).filter(Objects::nonNull).toList();
    }
  }

  /** Numeric ids in numeric order (BorgBase key ids are digit strings), others after. */
  static int compareIds(String a, String b) {
    boolean na = isNumber(a);
    boolean nb = isNumber(b);
    if (na && nb) {
      int c = Integer.compare(a.length(), b.length());
      return c != 0 ? c : a.compareTo(b);
    }
    if (na != nb) return na ? -1 : 1;
    return a.compareTo(b);
  }

  /** Non-empty and digits only ({@link Character#isDigit}); sorting 10,000 ids asks often. */
  private static boolean isNumber(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) return false;
    }
    return true;
  }
}
