package dev.borgform.plan;

import dev.borgform.model.LiveKey;
import java.util.List;
import java.util.Objects;

/** Delete a key the spec does not list (policy.pruneKeys), after repos stop using it. */
public record KeyDelete(LiveKey key, Reason reason) implements Change {
  public KeyDelete {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public Address address() {
    return Address.key(key.name());
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public List<FieldChange> fields() {
    return KeyFields.of(key, null);
  }

  @Override
  public Phase phase() {
    return Phase.DELETE_KEYS;
  }

  @Override
  public String liveId() {
    return key.id();
  }

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.keyDelete(this);
  }
}
