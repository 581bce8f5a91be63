package dev.borgform.plan;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Add a repo; {@code settings} holds at least its name and region. */
public record RepoCreate(RepoSettings settings) implements Change {
  public RepoCreate {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(settings.name(), "settings.name");
    Objects.requireNonNull(settings.region(), "settings.region");
  }

  /** The new repo's name; the constructor makes sure there is one. */
  public String name() {
    return Objects.requireNonNull(settings.name(), "settings.name");
  }

  @Override
  public Address address() {
    return Address.repo(name());
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public List<FieldChange> fields() {
    return settings.asCreatedFields();
  }

  @Override
  public Reason reason() {
    return Reason.NONE;
  }

  @Override
  public Phase phase() {
    return Phase.REPOS;
  }

  @Override
  public @Nullable String liveId() {
    return null;
  }

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.repoCreate(this);
  }
}
