package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import java.util.List;
import java.util.Objects;

/**
 * Delete a repo and every backup in it. Planned only with {@code policy.pruneRepos: true}, and
 * applied only with {@code apply --allow-destroy}.
 */
public record RepoDelete(LiveRepo repo) implements Change {
  public RepoDelete {
    Objects.requireNonNull(repo, "repo");
  }

  @Override
  public Address address() {
    return Address.repo(repo.name());
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public List<FieldChange> fields() {
    return List.of(
        new FieldChange("id", repo.id(), null),
        new FieldChange("region", repo.region(), null),
        new FieldChange("currentUsage", repo.currentUsage() + " MB", null));
  }

  @Override
  public String reason() {
    return "not in the spec and policy.pruneRepos is true";
  }

  @Override
  public Phase phase() {
    return Phase.DELETE_REPOS;
  }

  @Override
  public String liveId() {
    return repo.id();
  }

  @Override
  public boolean destroysBackups() {
    return true;
  }
}
