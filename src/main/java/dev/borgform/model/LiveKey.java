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
    // The first two words, split on runs of spaces and tabs (without a regular expression: the
    // planner and the live digest ask for it once per key and more, 10,000 keys and up).
    String s = keyData.strip();
    int typeEnd = blank(s, 0);
    if (typeEnd < 0) return s;
    int blobStart = typeEnd;
    while (isBlank(s.charAt(blobStart))) blobStart++; // stripped: a word follows the blanks
    int blobEnd = blank(s, blobStart);
    return s.substring(0, typeEnd)
        + " "
        + s.substring(blobStart, blobEnd < 0 ? s.length() : blobEnd);
  }

  private static int blank(String s, int from) {
    for (int i = from; i < s.length(); i++) if (isBlank(s.charAt(i))) return i;
    return -1;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** The public key line with its comment, as a spec would state it. */
  public String publicKeyLine() {
    return comment.isEmpty() ? identity() : identity() + " " + comment;
  }
}
