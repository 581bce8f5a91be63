package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
  @TempDir Path dir;

  @Test
  void stateSurvivesRestartAndIdsKeepIncreasing() throws Exception {
    Path file = dir.resolve("nested/dirs/state.json");
    EmulatorConfig config = EmulatorConfig.inMemory().withStateFile(file);
    String key1;
    String repo1;
    String fullToken;
    try (EmulatorServer s = EmulatorServer.start(config)) {
      assertThat(file).exists(); // created (with parents) at start
      GraphQl g = GraphQl.of(s);
      key1 = g.addKey("k1", TestKeys.ED25519_LINE);
      repo1 = g.addRepo("r1", "eu");
      g.post(
          "mutation { repoEdit(id: \""
              + repo1
              + "\", fullAccessKeys: [\""
              + key1
              + "\"]) { repoEdited { id } } }");
      fullToken = s.token(TokenLevel.FULL_ACCESS);
    }
    String text = Files.readString(file);
    assertThat(text).contains(repo1).contains("\"nextKeyId\"").doesNotContain(fullToken);
    // No temporary files or journal left behind; the lock file stays, empty (see StateLock).
    try (var listed = Files.list(file.getParent())) {
      assertThat(listed).containsExactlyInAnyOrder(file, file.resolveSibling("state.json.lock"));
    }
    assertThat(file.resolveSibling("state.json.lock")).isEmptyFile();

    try (EmulatorServer s = EmulatorServer.start(config)) {
      GraphQl g = GraphQl.of(s);
      JsonNode data = g.post("{ sshList { id name } repoList { id name fullAccessKeys } }").data();
      assertThat(data.get("sshList").get(0).get("id").asText()).isEqualTo(key1);
      assertThat(data.get("repoList").get(0).get("id").asText()).isEqualTo(repo1);
      assertThat(data.get("repoList").get(0).get("fullAccessKeys").get(0).asText()).isEqualTo(key1);
      String key2 = g.addKey("k2", TestKeys.ED25519_LINE);
      String repo2 = g.addRepo("r2", "eu");
      assertThat(Long.parseLong(key2)).isGreaterThan(Long.parseLong(key1));
      assertThat(repo2).isNotEqualTo(repo1);
      // The generator continued where it stopped: a fresh account with the same seed makes repo1
      // again.
      try (EmulatorServer fresh = EmulatorServer.start(EmulatorConfig.inMemory())) {
        assertThat(GraphQl.of(fresh).addRepo("x", "eu")).isEqualTo(repo1);
      }
      assertThat(s.token(TokenLevel.FULL_ACCESS))
          .isNotEqualTo(fullToken); // generated tokens are not persisted
    }
  }

  @Test
  void failedMutationsDoNotTouchTheFile() throws Exception {
    Path file = dir.resolve("state.json");
    try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file))) {
      GraphQl g = GraphQl.of(s);
      g.addRepo("r", "eu");
      String before = Files.readString(file);
      g.post("mutation { repoAdd(name: \"x\", region: \"mars\") { repoAdded { id } } }");
      g.post("{ repoList { id } }");
      assertThat(Files.readString(file)).isEqualTo(before);
    }
  }

  @Test
  void corruptStateFileNamesTheFile() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{ this is not json");
    assertThatThrownBy(() -> EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("Corrupt emulator state file");

    Files.writeString(file, "{\"version\": 99}");
    assertThatThrownBy(() -> EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("version 99");

    Files.writeString(file, "");
    assertThatThrownBy(() -> EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file)))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(file.toAbsolutePath().toString());
  }
}
