package dev.borgform.planfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.borgform.model.OutputValues;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code borgform output} (docs/spec.md#outputs-for-the-servers): each repo's name, id,
 * region, repoPath and its server's host keys, each key's id and fingerprint, exactly as the
 * account gives them (a script reads them; nothing is made printable). A spec object not in the
 * account has a null id. {@link #tree} is also what the YAML form and {@code apply --output json}
 * are made of, so the three cannot drift apart.
 */
public final class OutputDocument {
  /** Raised on a change of meaning (major) or an added field (minor). */
  public static final String FORMAT_VERSION = "1.0";

  private static final ObjectWriter PRETTY = JsonLayout.pretty(new ObjectMapper());

  /** The document, pretty-printed, ending in a newline. */
  public String write(OutputValues values) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("formatVersion", FORMAT_VERSION);
    doc.put("document", "outputs");
    doc.putAll(tree(values));
    return json(doc);
  }

  static String json(Object doc) {
    try {
      return PRETTY.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The values as plain maps and lists, in a fixed order: {@code complete} (every object is in the
   * account), {@code repos}, {@code keys}.
   */
  public static Map<String, Object> tree(OutputValues values) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("complete", !values.anyMissing());
    out.put("repos", values.repos().stream().map(OutputDocument::repo).toList());
    out.put("keys", values.keys().stream().map(OutputDocument::key).toList());
    return out;
  }

  private static Map<String, Object> repo(OutputValues.Repo r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("id", r.id());
    m.put("region", r.region());
    m.put("repoPath", r.repoPath());
    m.put("server", r.server() == null ? null : server(r.server()));
    return m;
  }

  private static Map<String, Object> server(OutputValues.HostKeys h) {
    Map<String, Object> fingerprints = new LinkedHashMap<>();
    fingerprints.put("rsa", h.rsa());
    fingerprints.put("ecdsa", h.ecdsa());
    fingerprints.put("ed25519", h.ed25519());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hostname", h.hostname());
    m.put("hostKeyFingerprints", fingerprints);
    return m;
  }

  private static Map<String, Object> key(OutputValues.Key k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", k.name());
    m.put("id", k.id());
    m.put("fingerprint", k.fingerprint());
    return m;
  }
}
