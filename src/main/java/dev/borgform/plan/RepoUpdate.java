package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Edit a live repo in place. {@code patch} holds only the fields to send; the review lines ({@link
 * #fields()}) are derived from {@code before} and {@code patch}, so they cannot disagree with what
 * is sent.
 *
 * @param name the repo's name in the spec (differs from {@code before.name()} on a rename)
 * @param keyNames names of the live keys in the key lists the patch replaces, by id, for the review
 *     lines; only those ids are kept
 */
public record RepoUpdate(
    String name, LiveRepo before, RepoSettings patch, Map<String, String> keyNames, Reason reason)
    implements Change {

  public RepoUpdate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(patch, "patch");
    keyNames = RepoFields.namesFor(before, patch, keyNames == null ? Map.of() : keyNames);
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public Address address() {
    return Address.repo(name);
  }

  @Override
  public Action action() {
    return Action.UPDATE;
  }

  @Override
  public List<FieldChange> fields() {
    return RepoFields.of(before, patch, keyNames);
  }

  @Override
  public Phase phase() {
    return Phase.REPOS;
  }

  @Override
  public String liveId() {
    return before.id();
  }

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.repoUpdate(this);
  }
}
