package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.GraphQl;
import graphql.language.Document;
import graphql.parser.Parser;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulator keeps documents it parsed and validated, by their text: a kept document answers
 * exactly as a fresh one (variables, the mutation limit and the caller's token level are checked on
 * every request), a refused one is refused again every time, and the cache stays bounded.
 */
class CheckedDocumentsTest {
  private static final String ADD_KEY =
      "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id name }"
          + " } }";

  private static Document doc(String text) {
    return new Parser().parseDocument(text);
  }

  @Test
  void keepsTheMostRecentlyUsedUpToItsBound() {
    CheckedDocuments c = new CheckedDocuments(2, 100);
    Document a = doc("{ a }");
    Document b = doc("{ b }");
    c.put("{ a }", a);
    c.put("{ b }", b);
    assertThat(c.get("{ a }")).isSameAs(a); // a is now the most recently used
    c.put("{ c }", doc("{ c }"));
    assertThat(c.get("{ b }")).isNull();
    assertThat(c.get("{ a }")).isSameAs(a);
    assertThat(c.size()).isEqualTo(2);
  }

  @Test
  void longTextsAreNeverKept() {
    CheckedDocuments c = new CheckedDocuments(8, 10);
    String longer = "{ abcdefghijk }";
    c.put(longer, doc(longer));
    assertThat(c.get(longer)).isNull();
    assertThat(c.size()).isZero();
  }

  @Test
  void theSameDocumentWithOtherVariablesRunsWithThoseVariables() throws IOException {
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl gql = GraphQl.of(server);
      GraphQl.Reply first =
          gql.post(ADD_KEY, Map.of("n", "one", "k", TestKeys.ed25519() + " one@host"));
      GraphQl.Reply second = gql.post(ADD_KEY, Map.of("n", "two", "k", TestKeys.ecdsa(256)));
      assertThat(first.data("sshAdd").path("keyAdded").path("name").asText()).isEqualTo("one");
      assertThat(second.data("sshAdd").path("keyAdded").path("name").asText()).isEqualTo("two");
      assertThat(gql.data("{ sshList { name } }", Map.of()).path("sshList"))
          .extracting(n -> n.path("name").asText())
          .containsExactlyInAnyOrder("one", "two");
      // A missing variable is refused for the kept document as for a new one.
      GraphQl.Reply missing = gql.post(ADD_KEY, Map.of("n", "three"));
      assertThat(missing.firstError()).contains("$k");
    }
  }

  @Test
  void aRefusedDocumentIsRefusedEveryTimeAndNothingRuns() throws IOException {
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl gql = GraphQl.of(server);
      String invalid = "{ sshList { noSuchField } }";
      GraphQl.Reply first = gql.post(invalid);
      GraphQl.Reply second = gql.post(invalid);
      assertThat(first.status()).isEqualTo(second.status());
      assertThat(first.body()).isEqualTo(second.body());
      assertThat(second.firstError()).contains("noSuchField");
    }
  }

  @Test
  void theMutationLimitHoldsForAKeptDocument() throws IOException {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withMaxMutationsPerRequest(1))) {
      GraphQl gql = GraphQl.of(server);
      String two =
          "mutation($a: String!, $b: String!, $k: String!, $l: String!) {"
              + " m0: sshAdd(name: $a, keyData: $k) { keyAdded { id } }"
              + " m1: sshAdd(name: $b, keyData: $l) { keyAdded { id } } }";
      Map<String, Object> vars =
          Map.of("a", "a", "b", "b", "k", TestKeys.ed25519(), "l", TestKeys.ecdsa(256));
      GraphQl.Reply first = gql.post(two, vars);
      GraphQl.Reply second = gql.post(two, vars);
      assertThat(first.status()).isEqualTo(400);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(gql.data("{ sshList { id } }", Map.of()).path("sshList")).isEmpty();
    }
  }

  @Test
  void aKeptDocumentStillChecksTheCallersTokenLevel() throws IOException {
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl gql = GraphQl.of(server);
      Map<String, Object> vars = Map.of("n", "one", "k", TestKeys.ed25519());
      assertThat(gql.post(ADD_KEY, vars).firstError()).isNull();
      GraphQl.Reply readOnly =
          gql.post(
              server.token(TokenLevel.READ_ONLY),
              ADD_KEY,
              Map.of("n", "two", "k", TestKeys.ecdsa(256)));
      assertThat(readOnly.firstError()).isNotNull();
      assertThat(gql.data("{ sshList { name } }", Map.of()).path("sshList")).hasSize(1);
    }
  }
}
