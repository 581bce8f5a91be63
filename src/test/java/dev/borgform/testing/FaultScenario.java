package dev.borgform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account and a spec whose plan has three mutations of every kind, in this order (batch size 1):
 * sshAdd new-1..3; repoAdd add-1..3; repoEdit edit-1..3 (alertDays, and their append-only key moves
 * from old-N to keep); sshDelete old-1..3 (no repo lists them any more); repoDelete prune-1..3 (not
 * in the spec, policy.pruneRepos, apply --allow-destroy). So "the Nth request of an operation" is
 * its Nth mutation.
 */
public final class FaultScenario {
  public static final int EACH = 3;
  public static final List<String> OPERATIONS =
      List.of("sshAdd", "repoAdd", "repoEdit", "sshDelete", "repoDelete");

  private FaultScenario() {}

  /** Writes the spec into {@code dir} and returns its path. */
  public static Path writeSpec(Path dir) {
    StringBuilder y = new StringBuilder("version: 1\nkeys:\n");
    y.append("  - name: keep\n    publicKey: ")
        .append(TestKeys.ed25519(100, "keep@host"))
        .append('\n');
    for (int i = 1; i <= EACH; i++) {
      y.append("  - name: new-")
          .append(i)
          .append("\n    publicKey: ")
          .append(TestKeys.ed25519(200 + i, "new-" + i + "@host"))
          .append('\n');
    }
    y.append("repos:\n");
    for (int i = 1; i <= EACH; i++) {
      y.append("  - name: add-")
          .append(i)
          .append("\n    region: eu\n    alertDays: 1\n")
          .append("    appendOnlyKeys: [new-")
          .append(i)
          .append("]\n");
    }
    for (int i = 1; i <= EACH; i++) {
      y.append("  - name: edit-")
          .append(i)
          .append("\n    region: eu\n    alertDays: 5\n")
          .append("    appendOnlyKeys: [keep]\n");
    }
    y.append("policy:\n  pruneKeys: true\n  pruneRepos: true\n  maxDeletePercent: 100\n");
    try {
      Path spec = dir.resolve("faults.yaml");
      Files.writeString(spec, y.toString());
      return spec;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The account before apply: keep and old-1..3; edit-N listing old-N; prune-1..3 with no keys. */
  public static Before seed(EmulatorServer emulator) {
    GraphQl api = api(emulator);
    String add =
        "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }";
    api.data(add, Map.of("n", "keep", "k", TestKeys.ed25519(100, "keep@host")));
    Map<String, String> repoIds = new HashMap<>();
    for (int i = 1; i <= EACH; i++) {
      String keyId =
          api.data(
                  add,
                  Map.of("n", "old-" + i, "k", TestKeys.ed25519(300 + i, "old-" + i + "@host")))
              .get("sshAdd")
              .get("keyAdded")
              .get("id")
              .asText();
      String repo =
          "mutation($n: String!, $k: [String]) { repoAdd(name: $n, region: \"eu\", alertDays: 2,"
              + " appendOnlyKeys: $k) { repoAdded { id } } }";
      repoIds.put(
          "edit-" + i,
          api.data(repo, Map.of("n", "edit-" + i, "k", List.of(keyId)))
              .get("repoAdd")
              .get("repoAdded")
              .get("id")
              .asText());
    }
    for (int i = 1; i <= EACH; i++) {
      String repo =
          "mutation($n: String!) { repoAdd(name: $n, region: \"us\") { repoAdded { id } } }";
      repoIds.put(
          "prune-" + i,
          api.data(repo, Map.of("n", "prune-" + i))
              .get("repoAdd")
              .get("repoAdded")
              .get("id")
              .asText());
    }
    emulator.resetStats();
    return new Before(repoIds);
  }

  /** Ids of the repos that existed before apply, by name. */
  public record Before(Map<String, String> repoIds) {}

  public static GraphQl api(EmulatorServer emulator) {
    return new GraphQl(
        emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS), emulator.tlsCaFile());
  }

  /**
   * What is wrong with the account after apply, compared with the spec (empty when nothing): no
   * duplicate names, every key and repo the spec wants exactly once, the repos that were kept still
   * under their old ids, the pruned ones gone, nothing else, and every repo reachable with the keys
   * the spec gives it.
   */
  public static List<String> problems(EmulatorServer emulator, Before before) {
    List<String> out = new ArrayList<>();
    JsonNode data =
        api(emulator)
            .data(
                "{ sshList { id name } repoList { id name alertDays appendOnlyKeys } }", Map.of());
    Map<String, String> keyIdByName = new HashMap<>();
    Set<String> keyNames = new HashSet<>();
    for (JsonNode k : data.get("sshList")) {
      if (!keyNames.add(k.get("name").asText()))
        out.add("two keys named " + k.get("name").asText());
      keyIdByName.put(k.get("name").asText(), k.get("id").asText());
    }
    Set<String> wantKeys = new HashSet<>(List.of("keep", "new-1", "new-2", "new-3"));
    if (!keyNames.equals(wantKeys)) out.add("keys are " + keyNames + ", want " + wantKeys);
    Set<String> repoNames = new HashSet<>();
    for (JsonNode r : data.get("repoList")) {
      String name = r.get("name").asText();
      if (!repoNames.add(name)) out.add("two repos named " + name);
      if (name.startsWith("edit-")) {
        if (!r.get("id").asText().equals(before.repoIds().get(name))) {
          out.add(name + " has a new id: the old repo (and its backups) was replaced");
        }
        if (r.get("alertDays").asInt() != 5) out.add(name + " alertDays " + r.get("alertDays"));
        if (!r.get("appendOnlyKeys").toString().equals("[\"" + keyIdByName.get("keep") + "\"]")) {
          out.add(name + " appendOnlyKeys " + r.get("appendOnlyKeys"));
        }
      }
      if (name.startsWith("add-")) {
        String key = keyIdByName.get("new-" + name.substring(4));
        if (!r.get("appendOnlyKeys").toString().equals("[\"" + key + "\"]")) {
          out.add(name + " appendOnlyKeys " + r.get("appendOnlyKeys") + ", want [" + key + "]");
        }
      }
    }
    Set<String> wantRepos =
        new HashSet<>(List.of("add-1", "add-2", "add-3", "edit-1", "edit-2", "edit-3"));
    if (!repoNames.equals(wantRepos)) out.add("repos are " + repoNames + ", want " + wantRepos);
    return out;
  }
}
