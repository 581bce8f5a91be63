package dev.borgform.plan;

import dev.borgform.model.LiveKey;
import dev.borgform.model.SshPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Display fields of a key: what a reviewer can check without reading a base64 blob. */
final class KeyFields {
  private KeyFields() {}

  static List<FieldChange> of(@Nullable LiveKey before, @Nullable SshPublicKey after) {
    List<FieldChange> out = new ArrayList<>();
    out.add(
        new FieldChange(
            "type", before == null ? null : before.keyType(), after == null ? null : after.type()));
    out.add(
        new FieldChange(
            "fingerprint",
            before == null || before.hashSha256() == null ? null : "SHA256:" + before.hashSha256(),
            after == null ? null : "SHA256:" + after.sha256Fingerprint()));
    out.add(
        new FieldChange(
            "comment",
            before == null || before.comment().isEmpty() ? null : before.comment(),
            after == null || after.comment().isEmpty() ? null : after.comment()));
    out.removeIf(f -> f.before() == null && f.after() == null);
    return List.copyOf(out);
  }
}
