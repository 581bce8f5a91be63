package dev.borgform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A spec of any size, shaped like the accounts borgform is for: one append-only key per server and
 * one repo per server that uses it. Written with SnakeYAML so the text is real YAML whatever the
 * names hold.
 */
public final class SyntheticSpec {
  private SyntheticSpec() {}

  public static String keyName(int i) {
    return String.format("server-%05d", i);
  }

  public static String repoName(int i) {
    return String.format("server-%05d", i);
  }

  /** {@code n} server keys and {@code n} repos, each repo with its own key as append-only. */
  public static Map<String, Object> document(int n) {
    List<Map<String, Object>> keys = new ArrayList<>();
    List<Map<String, Object>> repos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(map("name", keyName(i), "publicKey", TestKeys.ed25519(i, "root@" + keyName(i))));
      Map<String, Object> repo = map("name", repoName(i), "region", i % 2 == 0 ? "eu" : "us");
      repo.put("quota", (100 + i % 900) + "GB");
      repo.put("alertDays", 1 + i % 7);
      repo.put("appendOnlyKeys", List.of(keyName(i)));
      repos.add(repo);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1);
    doc.put("keys", keys);
    doc.put("repos", repos);
    return doc;
  }

  /** Writes {@link #document} to {@code dir/borgbase.yaml} and returns the file. */
  public static Path write(Path dir, int n) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(400);
    String text = new Yaml(o).dump(document(n));
    Path file = dir.resolve("borgbase.yaml");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Map<String, Object> map(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
