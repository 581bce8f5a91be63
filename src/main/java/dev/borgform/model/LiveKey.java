package dev.borgform.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SSH key as the account holds it. {@code keyData} is {@code "type base64"} without the comment,
 * which BorgBase returns separately.
 */
public record LiveKey(
    String id,
    String name,
    String keyData,
    String comment,
    String keyType,
    @Nullable Integer bits,
    String hashMd5,
    String hashSha256,
    String addedAt) {

  public LiveKey {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    keyData = keyData == null ? "" : keyData;
    comment = comment == null ? "" : comment;
  }

  /** Type and blob only, so a comment or stray whitespace never counts as a difference. */
  public String identity() {
    String[] p = keyData.strip().split("[ \t]+");
    return p.length >= 2 ? p[0] + " " + p[1] : keyData.strip();
  }

  /** The public key line with its comment, as a spec would state it. */
  public String publicKeyLine() {
    return comment.isEmpty() ? identity() : identity() + " " + comment;
  }
}
