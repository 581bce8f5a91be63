package dev.borgform.model;

import dev.borgform.diag.SourcePos;
import java.util.Objects;

/** An SSH key the spec asks for, matched to the account by name. */
public record DesiredKey(String name, SshPublicKey publicKey, SourcePos pos) {
  public DesiredKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
