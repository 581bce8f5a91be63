package dev.borgform.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code borgform output} tells the servers: for each repo its id, region, {@code repoPath}
 * and the host keys of the server it lives on; for each key its id and fingerprint. Read from the
 * account ({@link #repos} and {@link #keys} hold every live object), then narrowed to the spec's
 * objects by {@link #select}; a spec object with no live match has a null id.
 */
public record OutputValues(List<Repo> repos, List<Key> keys) {
  public OutputValues {
    repos = List.copyOf(repos);
    keys = List.copyOf(keys);
  }

  /**
   * The host key fingerprints of the server a repo lives on, as the account gives them (null when
   * not known: the account read of plan and apply does not ask for them).
   */
  public record HostKeys(
      @Nullable String hostname,
      @Nullable String rsa,
      @Nullable String ecdsa,
      @Nullable String ed25519) {}

  /** One repo; every field but the name is null when the repo is not in the account. */
  public record Repo(
      String name,
      @Nullable String id,
      @Nullable String region,
      @Nullable String repoPath,
      @Nullable HostKeys server) {
    public Repo {
      Objects.requireNonNull(name, "name");
    }

    public boolean missing() {
      return id == null;
    }

    static Repo missing(String name) {
      return new Repo(name, null, null, null, null);
    }
  }

  /**
   * One key; {@code fingerprint} is ssh-keygen's {@code SHA256:...} form. Id and fingerprint are
   * null when the key is not in the account.
   */
  public record Key(String name, @Nullable String id, @Nullable String fingerprint) {
    public Key {
      Objects.requireNonNull(name, "name");
    }

    public boolean missing() {
      return id == null;
    }
  }

  /** True when any object of these outputs is not in the account (yet). */
  public boolean anyMissing() {
    return repos.stream().anyMatch(Repo::missing) || keys.stream().anyMatch(Key::missing);
  }

  /**
   * The spec's objects, in the spec's order, each with its live values: a repo matched by its
   * pinned id, else by exact name, as the planner matches it; a key by name. A name two live repos
   * share matches neither (the planner refuses that account; output does not guess).
   */
  public OutputValues select(DesiredState spec) {
    Map<String, Repo> byId = new HashMap<>();
    Map<String, List<Repo>> byName = new HashMap<>();
    for (Repo r : repos) {
      byId.put(r.id(), r);
      byName.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(r);
    }
    List<Repo> outRepos = new ArrayList<>();
    for (DesiredRepo d : spec.repos()) {
      Repo live;
      if (d.id() != null) {
        live = byId.get(d.id());
      } else {
        List<Repo> named = byName.getOrDefault(d.name(), List.of());
        live = named.size() == 1 ? named.get(0) : null;
      }
      outRepos.add(
          live == null
              ? Repo.missing(d.name())
              : new Repo(d.name(), live.id(), live.region(), live.repoPath(), live.server()));
    }
    Map<String, List<Key>> keysByName = new HashMap<>();
    for (Key k : keys) keysByName.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(k);
    List<Key> outKeys = new ArrayList<>();
    for (DesiredKey d : spec.keys()) {
      List<Key> named = keysByName.getOrDefault(d.name(), List.of());
      // Two live keys with one name (a replace cut short): the one holding the spec's material.
      Key live =
          named.stream()
              .filter(
                  k ->
                      Objects.equals(
                          k.fingerprint(), "SHA256:" + d.publicKey().sha256Fingerprint()))
              .findFirst()
              .orElse(named.size() == 1 ? named.get(0) : null);
      outKeys.add(live == null ? new Key(d.name(), null, null) : live);
    }
    return new OutputValues(outRepos, outKeys);
  }

  /** Only the objects named, in the order given; every name must be one of these outputs. */
  public OutputValues only(List<String> names) {
    if (names.isEmpty()) return this;
    List<Repo> r = new ArrayList<>();
    List<Key> k = new ArrayList<>();
    for (String n : names) {
      repos.stream().filter(x -> x.name().equals(n)).forEach(r::add);
      keys.stream().filter(x -> x.name().equals(n)).forEach(k::add);
    }
    return new OutputValues(r, k);
  }
}
