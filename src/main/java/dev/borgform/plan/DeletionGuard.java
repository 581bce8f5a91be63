package dev.borgform.plan;

import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.NameGlob;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The mass-deletion rail, as octoDNS's "too much change": apply refuses a plan that trips it unless
 * {@code --force} is given. A typo in a spec folder, an empty {@code ${VAR}} list or a wrong {@code
 * -f} looks like "delete almost everything"; this catches it before it happens. It trips when the
 * plan
 *
 * <ul>
 *   <li>removes more than {@code policy.maxDeletePercent} of the account's live keys and repos, on
 *       accounts of {@link #MIN_LIVE_OBJECTS} or more (octoDNS exempts zones under 10 records:
 *       there one deletion is already 10 % or more);
 *   <li>removes every live key, or every live repo, at any account size: an emptied spec on a
 *       four-server account is exactly the accident the share rule cannot see;
 *   <li>or changes anything from a spec that declares no key and no repo.
 * </ul>
 *
 * <p>What counts as a deletion: a repo deleted, or a key whose key material leaves the account (a
 * key deleted or replaced by a different key, with no key of the same material left). A key renamed
 * (the same material under a new name) does not count: every server keeps its access. Rotating
 * every key at once does count as removing every key: no server keeps the access it has.
 *
 * <p>Always computed from a plan's own changes and a read of the account ({@link #of}), never read
 * from a saved plan: a number in a file is whatever the file says.
 *
 * @param keyDeletions live keys the plan removes, counted as above
 * @param repoDeletions live repos the plan deletes
 * @param liveObjects live keys and repos the plan may touch (ignored ones are left out)
 * @param maxPercent {@code policy.maxDeletePercent}
 * @param everyKey the account has keys and the plan removes all of them
 * @param everyRepo the account has repos and the plan deletes all of them
 * @param emptySpec the spec declares nothing, and the plan changes something
 */
public record DeletionGuard(
    int keyDeletions,
    int repoDeletions,
    int liveObjects,
    int maxPercent,
    boolean everyKey,
    boolean everyRepo,
    boolean emptySpec) {
  public static final int MIN_LIVE_OBJECTS = 10;

  public DeletionGuard {
    if (keyDeletions < 0 || repoDeletions < 0 || liveObjects < 0) {
      throw new IllegalArgumentException("negative count");
    }
    if (maxPercent < 0 || maxPercent > 100) throw new IllegalArgumentException("maxPercent 0..100");
  }

  /** A guard that never trips: for plans that delete nothing. */
  public static DeletionGuard none() {
    return new DeletionGuard(0, 0, 0, 100, false, false, false);
  }

  /**
   * The guard of {@code changes} against the live account, under the spec's {@code policy}.
   *
   * @param keys every live key, ignored ones included
   * @param repos every live repo, ignored ones included
   */
  public static DeletionGuard of(
      List<Change> changes, List<LiveKey> keys, List<LiveRepo> repos, PlanPolicy policy) {
    Set<String> removedKeyIds = new HashSet<>();
    List<LiveKey> removedKeys = new ArrayList<>();
    Set<String> addedMaterial = new HashSet<>();
    Set<String> deletedRepoIds = new HashSet<>();
    for (Change c : changes) {
      c.accept(
          new Change.Visitor<Void>() {
            @Override
            public Void keyCreate(KeyCreate k) {

              addedMaterial.add(k.publicKey().identity());

              return null;
            }

            @Override
            public Void keyReplace(KeyReplace r) {

              addedMaterial.add(r.publicKey().identity());
              for (LiveKey k : r.previous()) if (removedKeyIds.add(k.id())) removedKeys.add(k);

              return null;
            }

            @Override
            public Void keyDelete(KeyDelete d) {

              if (removedKeyIds.add(d.key().id())) removedKeys.add(d.key());

              return null;
            }

            @Override
            public Void repoCreate(RepoCreate unused) {

              return null;
            }

            @Override
            public Void repoUpdate(RepoUpdate unused) {

              return null;
            }

            @Override
            public Void repoDelete(RepoDelete d) {

              deletedRepoIds.add(d.repo().id());

              return null;
            }
          });
    }
    // Material that is still in the account after the plan: kept keys and added ones.
    Set<String> remaining = new HashSet<>(addedMaterial);
    for (LiveKey k : keys) if (!removedKeyIds.contains(k.id())) remaining.add(k.identity());
    int keyDeletions = 0;
    for (LiveKey k : removedKeys) if (!remaining.contains(k.identity())) keyDeletions++;
    boolean everyKey =
        !keys.isEmpty()
            && keys.stream()
                .allMatch(k -> removedKeyIds.contains(k.id()) && !remaining.contains(k.identity()));
    boolean everyRepo =
        !repos.isEmpty() && repos.stream().allMatch(r -> deletedRepoIds.contains(r.id()));

    NameGlob ignoreKeys = new NameGlob(policy.ignoreKeys());
    NameGlob ignoreRepos = new NameGlob(policy.ignoreRepos());
    int liveObjects = 0;
    for (LiveKey k : keys) if (!ignoreKeys.matches(k.name())) liveObjects++;
    for (LiveRepo r : repos) if (!ignoreRepos.matches(r.name())) liveObjects++;
    return new DeletionGuard(
        keyDeletions,
        deletedRepoIds.size(),
        liveObjects,
        policy.maxDeletePercent(),
        everyKey,
        everyRepo,
        policy.declaresNothing() && !changes.isEmpty());
  }

  public int deletions() {
    return keyDeletions + repoDeletions;
  }

  public double percent() {
    return liveObjects == 0 ? 0.0 : 100.0 * deletions() / liveObjects;
  }

  /** True when the share rule alone trips. */
  public boolean overShare() {
    return liveObjects >= MIN_LIVE_OBJECTS
        && (long) deletions() * 100 > (long) maxPercent * liveObjects;
  }

  /** True when apply must refuse without --force. */
  public boolean exceeded() {
    return overShare() || everyKey || everyRepo || emptySpec;
  }

  /** The refusal, with the numbers, in octoDNS's shape; one part per rule that trips. */
  public String message() {
    List<String> parts = new ArrayList<>();
    if (overShare()) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%.1f%% is over %d%% (%d of %d live keys and repos)",
              percent(),
              maxPercent,
              deletions(),
              liveObjects));
    }
    if (everyKey) parts.add("every live key goes (all " + keyDeletions + ")");
    if (everyRepo) parts.add("every live repo goes (all " + repoDeletions + ")");
    if (emptySpec) parts.add("the spec declares no keys and no repos");
    return "Too many deletions: " + String.join("; ", parts);
  }
}
