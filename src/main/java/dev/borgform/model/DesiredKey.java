package dev.borgform.model;

import dev.borgform.diag.SourcePos;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SSH key the spec asks for, matched to the account by name.
 *
 * @param renamedFrom names the key had before (spec field {@code renamedFrom}); when no live key
 *     has {@code name}, a live key with one of these names is the one being renamed
 */
public record DesiredKey(
    String name, SshPublicKey publicKey, @Nullable SourcePos pos, List<String> renamedFrom) {
  public DesiredKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
    renamedFrom = renamedFrom == null ? List.of() : List.copyOf(renamedFrom);
  }

  /** A key without {@code renamedFrom}. */
  public DesiredKey(String name, SshPublicKey publicKey, @Nullable SourcePos pos) {
    this(name, publicKey, pos, List.of());
  }
}
