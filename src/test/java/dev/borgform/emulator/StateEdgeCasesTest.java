package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts at the edges: a state file whose key id counter cannot give out another id, and names
 * with control characters, which are kept exactly as given (docs/borgbase-api.md).
 */
class StateEdgeCasesTest {
  @TempDir Path dir;

  /** A state file as the emulator writes it, with the given key id counter and no objects. */
  private Path stateWithCounter(long nextKeyId) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1);
    doc.put("nextKeyId", nextKeyId);
    doc.put("rngState", 42);
    doc.put("sshKeys", List.of());
    doc.put("repos", List.of());
    Path file = dir.resolve("state.json");
    GraphQl.JSON.writeValue(file.toFile(), doc);
    return file;
  }

  @Test
  void aKeyIdCounterAtItsMaximumRefusesTheNextKeyWithAResolverError() throws Exception {
    for (long counter : new long[] {Long.MAX_VALUE, 0, -5}) {
      Path file = stateWithCounter(counter);
      String before = Files.readString(file);
      try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file))) {
        GraphQl g = GraphQl.of(s);
        GraphQl.Reply r =
            g.post(
                "mutation($k: String!) { sshAdd(name: \"k\", keyData: $k) { keyAdded { id } } }",
                Map.of("k", TestKeys.ED25519_LINE));
        assertThat(r.status()).as("counter %d", counter).isEqualTo(200);
        assertThat(r.data("sshAdd").isNull()).isTrue();
        assertThat(r.firstError())
            .isEqualTo(
                "Cannot add an SSH key: the account's key id counter (nextKeyId in the emulator's"
                    + " state file) is at its maximum or not a positive number.");
        assertThat(Files.readString(file)).isEqualTo(before);
        // Everything else goes on.
        assertThat(g.addRepo("r", "eu")).isNotEmpty();
        assertThat(g.post("{ sshList { id } repoList { id } }").errors()).isNull();
      }
    }
  }

  @Test
  void theLastIdBeforeTheMaximumIsStillGivenOut() throws Exception {
    Path file = stateWithCounter(Long.MAX_VALUE - 1);
    try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.inMemory().withStateFile(file))) {
      GraphQl g = GraphQl.of(s);
      assertThat(g.addKey("last", TestKeys.ED25519_LINE))
          .isEqualTo(String.valueOf(Long.MAX_VALUE - 1));
      assertThat(
              g.post(
                      "mutation($k: String!) { sshAdd(name: \"k\", keyData: $k) { keyAdded { id } }"
                          + " }",
                      Map.of("k", TestKeys.ED25519_LINE))
                  .firstError())
          .startsWith("Cannot add an SSH key");
    }
  }

  @Test
  void namesWithControlCharactersAreKeptAsGivenAcrossARestart() throws Exception {
    String keyName = "web\u0000-01\n\u001b[31mred\u007f";
    String repoName = "bidi\u202eoverride\ttab\r";
    Path file = dir.resolve("state.json");
    EmulatorConfig config = EmulatorConfig.inMemory().withStateFile(file);
    try (EmulatorServer s = EmulatorServer.start(config)) {
      GraphQl g = GraphQl.of(s);
      g.addKey(keyName, TestKeys.ED25519_LINE);
      g.addRepo(repoName, "eu");
      GraphQl.Raw raw =
          g.send(
              "{\"query\":\"{ sshList { name } }\"}",
              "Authorization",
              "Bearer " + s.token(TokenLevel.FULL_ACCESS),
              "Content-Type",
              "application/json");
      // Written as Python's json.dumps writes them: escaped, lower-case hex.
      assertThat(raw.text())
          .isEqualTo(
              "{\"data\":{\"sshList\":[{\"name\":\"web\\u0000-01\\n\\u001b[31mred\\u007f\"}]}}");
    }
    try (EmulatorServer s = EmulatorServer.start(config)) {
      JsonNode data = GraphQl.of(s).post("{ sshList { name } repoList { name } }").data();
      assertThat(data.get("sshList").get(0).get("name").asText()).isEqualTo(keyName);
      assertThat(data.get("repoList").get(0).get("name").asText()).isEqualTo(repoName);
    }
  }

  @Test
  void namesThatAreNotTextOrTooLongAreRefused() throws Exception {
    try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl g = GraphQl.of(s);
      String add =
          "mutation($n: String!) { repoAdd(name: $n, region: \"eu\") { repoAdded { id } } }";
      Map<String, String> cases = new LinkedHashMap<>();
      cases.put("x".repeat(1001), "Name must be at most 1000 characters.");
      cases.put(" \t\n", "Name must not be empty.");
      cases.forEach(
          (name, message) -> {
            GraphQl.Reply r = g.post(add, Map.of("n", name));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.firstError()).isEqualTo(message);
          });
      // A lone surrogate can only come as a JSON escape (UTF-8 cannot carry one).
      GraphQl.Raw lone =
          g.send(
              "{\"query\":\"mutation($n: String!) { repoAdd(name: $n, region: \\\"eu\\\") { repoAdded"
                  + " { id } } }\",\"variables\":{\"n\":\"lone\\ud800surrogate\"}}",
              "Authorization",
              "Bearer " + s.token(TokenLevel.FULL_ACCESS),
              "Content-Type",
              "application/json");
      assertThat(lone.status()).isEqualTo(200);
      assertThat(lone.text()).contains("Name must be valid Unicode text.");
      // A pair of surrogates is one character, and 1000 characters are fine.
      assertThat(g.post(add, Map.of("n", "emoji \ud83d\ude00")).errors()).isNull();
      assertThat(g.post(add, Map.of("n", "x".repeat(1000))).errors()).isNull();
      assertThat(g.post("{ repoList { id } }").data("repoList")).hasSize(2);
    }
  }

  @Test
  void aKeyLineTooLongIsRefused() throws Exception {
    try (EmulatorServer s = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl.Reply r =
          GraphQl.of(s)
              .post(
                  "mutation($k: String!) { sshAdd(name: \"k\", keyData: $k) { keyAdded { id } } }",
                  Map.of("k", TestKeys.ED25519_LINE + " " + "c".repeat(20_000)));
      assertThat(r.firstError())
          .isEqualTo("Invalid SSH key: the key line is longer than 16384 characters.");
    }
  }
}
