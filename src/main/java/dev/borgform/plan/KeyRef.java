package dev.borgform.plan;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reference from a repo's key list to an SSH key. {@code id} is null when the key is created by
 * the same plan: the executor fills it in once the key exists, because ids are only known then.
 */
public record KeyRef(String name, @Nullable String id) {
  public KeyRef {
    Objects.requireNonNull(name, "name");
  }

  public static KeyRef pending(String name) {
    return new KeyRef(name, null);
  }

  public boolean isPending() {
    return id == null;
  }

  @Override
  public String toString() {
    return name;
  }
}
