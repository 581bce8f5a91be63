package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Delete a repo and every backup in it. Planned only with {@code policy.pruneRepos: true}, and
 * applied only with {@code apply --allow-destroy}.
 *
 * @param detach key lists to send before keys are deleted (phase 2), or null. A repo about to be
 *     deleted still lets go of the keys this plan deletes first, like every other repo: BorgBase
 *     does not document whether it deletes a key that a repo still lists, and if it refused, the
 *     key deletion would fail before the repo deletion was ever reached. They are sent, so they are
 *     shown: the review lines end with the key lists {@code detach} replaces.
 * @param keyNames names of the live keys in the key lists {@code detach} replaces, by id
 */
public record RepoDelete(LiveRepo repo, @Nullable RepoSettings detach, Map<String, String> keyNames)
    implements Change {
  public RepoDelete {
    Objects.requireNonNull(repo, "repo");
    keyNames = RepoFields.namesFor(repo, detach, keyNames == null ? Map.of() : keyNames);
  }

  public RepoDelete(LiveRepo repo) {
    this(repo, null, Map.of());
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
    List<FieldChange> out = new ArrayList<>();
    out.add(new FieldChange("id", repo.id(), null));
    out.add(new FieldChange("region", repo.region(), null));
    out.add(new FieldChange("currentUsage", repo.currentUsage() + " MB", null));
    if (detach != null) out.addAll(RepoFields.of(repo, detach, keyNames));
    return List.copyOf(out);
  }

  @Override
  public Reason reason() {
    return new Reason.RepoPruned(detach != null);
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

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.repoDelete(this);
  }
}
