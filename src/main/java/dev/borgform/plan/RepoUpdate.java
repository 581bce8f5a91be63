package dev.borgform.plan;

import dev.borgform.model.LiveRepo;
import java.util.List;
import java.util.Objects;

/**
 * Edit a live repo in place. {@code patch} holds only the fields to send; {@code fields} shows them
 * with their live values for review.
 *
 * @param name the repo's name in the spec (differs from {@code before.name()} on a rename)
 */
public record RepoUpdate(
    String name, LiveRepo before, RepoSettings patch, List<FieldChange> fields, String reason)
    implements Change {

  public RepoUpdate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(patch, "patch");
    fields = List.copyOf(fields);
    reason = reason == null ? "" : reason;
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
  public Phase phase() {
    return Phase.REPOS;
  }

  @Override
  public String liveId() {
    return before.id();
  }
}
