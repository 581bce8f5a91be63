package dev.borgform.plan;

import dev.borgform.model.SshPublicKey;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Add an SSH key the account does not have. */
public record KeyCreate(String name, SshPublicKey publicKey) implements Change {
  public KeyCreate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  @Override
  public Address address() {
    return Address.key(name);
  }

  @Override
  public Action action() {
    return Action.CREATE;
  }

  @Override
  public List<FieldChange> fields() {
    return KeyFields.of(null, publicKey);
  }

  @Override
  public Reason reason() {
    return Reason.NONE;
  }

  @Override
  public Phase phase() {
    return Phase.ADD_KEYS;
  }

  @Override
  public @Nullable String liveId() {
    return null;
  }

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.keyCreate(this);
  }
}
