package dev.borgform.plan;

import dev.borgform.model.LiveKey;
import dev.borgform.model.SshPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replace keys that cannot be edited in place (BorgBase has no key edit): add the new key, let the
 * repo updates of the same plan move every key list to it, then delete the old ones. Access is
 * never cut, because the old key goes only after no repo uses it (create-before-destroy).
 *
 * @param previous the live keys being replaced; more than one after an interrupted replace
 */
public record KeyReplace(String name, List<LiveKey> previous, SshPublicKey publicKey, Reason reason)
    implements Change {

  public KeyReplace {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
    previous = List.copyOf(previous);
    if (previous.isEmpty()) throw new IllegalArgumentException("a replace needs a previous key");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public Address address() {
    return Address.key(name);
  }

  @Override
  public Action action() {
    return Action.REPLACE;
  }

  @Override
  public List<FieldChange> fields() {
    List<FieldChange> out = new ArrayList<>(KeyFields.of(previous.get(0), publicKey));
    String oldName = previous.get(0).name();
    if (!oldName.equals(name)) out.add(new FieldChange("name", oldName, name));
    return List.copyOf(out);
  }

  @Override
  public Phase phase() {
    return Phase.ADD_KEYS;
  }

  @Override
  public String liveId() {
    return previous.get(0).id();
  }

  @Override
  public <R> R accept(Change.Visitor<R> visitor) {
    return visitor.keyReplace(this);
  }
}
