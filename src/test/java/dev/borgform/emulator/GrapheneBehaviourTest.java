package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents that graphql-java and graphene 2 (graphql-core 2.3 behind Flask-GraphQL) answer
 * differently, answered graphene's way: one row per difference, the status asserted here, the exact
 * answers in {@code golden/emulator/graphene-behaviour.txt} (docs/borgbase-api.md lists them).
 */
class GrapheneBehaviourTest {
  private static final String JSON = "application/json";

  /**
   * One request: {@code variables} is JSON text (or null for none), {@code contentType} null for no
   * header.
   */
  private record Row(
      String name,
      String query,
      String variables,
      String operationName,
      String contentType,
      int status) {
    static Row of(String name, String query, String variables, int status) {
      return new Row(name, query, variables, null, JSON, status);
    }

    static Row typed(String name, String query, String contentType, int status) {
      return new Row(name, query, null, null, contentType, status);
    }
  }

  @RegisterExtension
  final EmulatorExtension server =
      new EmulatorExtension(
          EmulatorConfig.inMemory(),
          Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));

  private GraphQl gql;
  private String repo;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
    gql.addKey("k", TestKeys.ED25519_LINE); // id 1000
    gql.addKey("gone", TestKeys.ED25519_LINE); // id 1001, deleted by the first row
    repo = gql.addRepo("r", "eu");
  }

  private static final String SSH_DELETE = "mutation($id: String!) { sshDelete(id: $id) { ok } }";
  private static final String SSH_ADD =
      "mutation($n: String, $k: String) { sshAdd(name: $n, keyData: $k) { keyAdded { id name } } }";
  private static final String SET_QUOTA =
      "mutation($id: String!, $q: Int, $a: Int) { repoEdit(id: $id, quota: $q, alertDays: $a)"
          + " { repoEdited { quota alertDays } } }";
  private static final String SET_FLAG =
      "mutation($id: String!, $b: Boolean) { repoEdit(id: $id, appendOnly: $b)"
          + " { repoEdited { appendOnly } } }";
  private static final String SET_KEYS =
      "mutation($id: String!, $keys: [String]) { repoEdit(id: $id, fullAccessKeys: $keys)"
          + " { repoEdited { fullAccessKeys } } }";
  private static final String KEY = TestKeys.ED25519_LINE.replace("\"", "\\\"");

  private List<Row> rows() {
    String id = "\"id\": \"" + repo + "\"";
    return List.of(
        // Variable values: graphene coerces what graphql-java refuses.
        Row.of("a number for a String! variable", SSH_DELETE, "{\"id\": 1001}", 200),
        Row.of("true for a String variable", SSH_ADD, "{\"n\": true, \"k\": \"" + KEY + "\"}", 200),
        Row.of("5.0 for a String variable", SSH_ADD, "{\"n\": 5.0, \"k\": \"" + KEY + "\"}", 200),
        Row.of(
            "a list for a String variable",
            SSH_ADD,
            "{\"n\": [\"a\", 1], \"k\": \"" + KEY + "\"}",
            200),
        Row.of(
            "a numeric string for an Int variable", SET_QUOTA, "{" + id + ", \"q\": \"500\"}", 200),
        Row.of("a fraction for an Int variable", SET_QUOTA, "{" + id + ", \"q\": 5.9}", 200),
        Row.of("true for an Int variable", SET_QUOTA, "{" + id + ", \"q\": true}", 200),
        Row.of("text for an Int variable", SET_QUOTA, "{" + id + ", \"q\": \"lots\"}", 400),
        Row.of("an Int out of 32 bits", SET_QUOTA, "{" + id + ", \"q\": 3000000000}", 400),
        Row.of("a list for an Int variable", SET_QUOTA, "{" + id + ", \"q\": [1]}", 400),
        Row.of("\"false\" for a Boolean variable", SET_FLAG, "{" + id + ", \"b\": \"false\"}", 200),
        Row.of("0 for a Boolean variable", SET_FLAG, "{" + id + ", \"b\": 0}", 200),
        Row.of(
            "one string for a [String] variable",
            SET_KEYS,
            "{" + id + ", \"keys\": \"1000\"}",
            200),
        Row.of("numbers in a [String] variable", SET_KEYS, "{" + id + ", \"keys\": [1000]}", 200),
        Row.of(
            "null for a nullable variable is left out",
            SET_QUOTA,
            "{" + id + ", \"q\": null, \"a\": 3}",
            200),
        Row.of("null for a String! variable", SSH_DELETE, "{\"id\": null}", 400),
        Row.of("a String! variable not given", SSH_DELETE, "{}", 400),
        Row.of(
            "an undeclared variable is ignored", SSH_DELETE, "{\"id\": \"1000\", \"x\": 1}", 200),
        Row.of(
            "a nullable argument left out",
            "mutation($k: String) { sshAdd(keyData: $k) { keyAdded { id } } }",
            "{\"k\": \"" + KEY + "\"}",
            200),
        // Variables that are not an object: only an error when the operation declares some.
        Row.of("variables as a list, none declared", "{ isAuthenticated }", "[1]", 200),
        Row.of("variables as a list, some declared", SSH_DELETE, "[1]", 400),
        Row.of("variables as an empty string", "{ isAuthenticated }", "\"\"", 200),
        Row.of("variables as a JSON string", SSH_DELETE, "\"{\\\"id\\\": \\\"1000\\\"}\"", 200),
        // Validation: refused by both, in graphene's words.
        Row.of(
            "an Int! variable where a String! is expected",
            "mutation($id: Int!) { sshDelete(id: $id) { ok } }",
            "{\"id\": 1000}",
            400),
        Row.of(
            "a nullable variable where a non-null argument is expected",
            "mutation($name: String, $region: String) { repoAdd(name: $name, region: $region)"
                + " { repoAdded { id } } }",
            "{\"name\": \"x\", \"region\": \"eu\"}",
            400),
        Row.of(
            "an Int literal for a String argument",
            "mutation { sshDelete(id: 1000) { ok } }",
            null,
            400),
        Row.of(
            "a String literal for an Int argument",
            "mutation { repoEdit(id: \"" + repo + "\", quota: \"5\") { repoEdited { id } } }",
            null,
            400),
        Row.of(
            "a null literal (graphql-core 2 cannot parse one)",
            "mutation {\n  repoEdit(id: \"" + repo + "\", quota: null) { repoEdited { id } }\n}",
            null,
            400),
        Row.of("a syntax error", "{ sshList { id }", null, 400),
        Row.of("an unknown field", "{ sshList { id nope } }", null, 400),
        Row.of("an unknown argument", "{ sshList(nope: \"x\") { id } }", null, 400),
        Row.of(
            "a required argument left out",
            "mutation { repoAdd(name: \"x\") { repoAdded { id } } }",
            null,
            400),
        Row.of(
            "a declared variable never used", "query($x: String) { isAuthenticated }", "{}", 400),
        Row.of(
            "a declared variable never used, in a named operation",
            "query Keys($x: String) { isAuthenticated }",
            "{}",
            400),
        Row.of("an undefined variable", "{ sshList(name: $x) { id } }", null, 400),
        Row.of(
            "an undefined variable, in a named operation",
            "query Keys {\n  sshList(name: $x) { id }\n}",
            null,
            400),
        Row.of(
            "a variable in the wrong position, two operations defining it",
            "query A($n: String) { sshList(name: $n) { id } }\n"
                + "mutation B($n: Int!) { sshDelete(id: $n) { ok } }",
            null,
            400),
        Row.of("a selection on a scalar", "{ isAuthenticated { id } }", null, 400),
        Row.of("no selection on an object list", "{ sshList }", null, 400),
        // Choosing the operation.
        Row.of(
            "two operations and no operationName",
            "query A { isAuthenticated } query B { sshList { id } }",
            null,
            400),
        new Row(
            "an operationName the document does not have",
            "query A { isAuthenticated }",
            null,
            "B",
            JSON,
            400),
        new Row(
            "an operationName for an anonymous operation",
            "{ isAuthenticated }",
            null,
            "A",
            JSON,
            400),
        Row.of("a nullable argument left out of a query", "{ repo { id } }", null, 200),
        // Answers.
        Row.of("a resolver error", "{\n  repo(repoId: \"nope\") { id }\n}", null, 200),
        Row.of(
            "non-ASCII text is escaped as json.dumps does",
            "{ sshList(name: \"caf\u00e9\") { name } }",
            null,
            200),
        // Content types, as Flask-GraphQL reads them.
        Row.typed(
            "the document as application/graphql",
            "{ isAuthenticated }",
            "application/graphql",
            200),
        Row.typed("no Content-Type", "{ isAuthenticated }", null, 400),
        Row.typed("text/plain", "{ isAuthenticated }", "text/plain", 400));
  }

  @Test
  void answersAsGrapheneDoes() throws Exception {
    // A key whose name has a non-ASCII letter, for the escaping row.
    gql.addKey("caf\u00e9", TestKeys.ed25519());
    StringBuilder transcript = new StringBuilder();
    for (Row row : rows()) {
      String body;
      if (row.contentType() != null && row.contentType().equals("application/graphql")) {
        body = row.query();
      } else {
        ObjectNode request = GraphQl.JSON.createObjectNode().put("query", row.query());
        if (row.variables() != null) {
          request.set("variables", GraphQl.JSON.readTree(row.variables()));
        }
        if (row.operationName() != null) {
          request.put("operationName", row.operationName());
        }
        body = GraphQl.JSON.writeValueAsString(request);
      }
      String auth = "Bearer " + server.token(TokenLevel.FULL_ACCESS);
      GraphQl.Raw raw =
          row.contentType() == null
              ? gql.send(body, "Authorization", auth)
              : gql.send(body, "Authorization", auth, "Content-Type", row.contentType());
      transcript
          .append("## ")
          .append(row.name())
          .append('\n')
          .append(
              row.contentType() == null
                  ? "(no Content-Type)"
                  : "Content-Type: " + row.contentType())
          .append('\n')
          .append(body)
          .append("\n-> HTTP ")
          .append(raw.status())
          .append('\n')
          .append(raw.text().replace(repo, "<repo id>"))
          .append("\n\n");
      assertThat(raw.status()).as(row.name() + ": " + raw.text()).isEqualTo(row.status());
      JsonNode answer = GraphQl.JSON.readTree(raw.text());
      // graphene's shapes: 400 has no data; no error ever has graphql-java's "extensions".
      assertThat(answer.has("data")).as(row.name()).isEqualTo(raw.status() == 200);
      for (JsonNode e : answer.path("errors")) {
        assertThat(e.has("extensions")).as(row.name()).isFalse();
      }
    }
    Golden.check(
        "emulator/graphene-behaviour.txt", transcript.toString().replace(repo, "<repo id>"));
  }
}
