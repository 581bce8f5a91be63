package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Response shapes of graphene 2: HTTP 400 for bad documents, 200 plus errors[] for resolver
 * failures.
 */
class HttpShapeTest {
  @RegisterExtension final EmulatorExtension server = new EmulatorExtension();
  private GraphQl gql;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
  }

  @Test
  void urlsAndPort() {
    assertThat(server.graphqlUrl().toString())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/graphql");
    assertThat(server.statsUrl().toString())
        .isEqualTo("http://127.0.0.1:" + server.port() + "/emulator/stats");
    assertThat(server.port()).isPositive();
  }

  @Test
  void sshDeleteWithIntVariableIsHttp400WithoutData() {
    String id = gql.addKey("k", TestKeys.ED25519_LINE);
    GraphQl.Reply r =
        gql.post(
            "mutation($id: Int!) { sshDelete(id: $id) { ok } }",
            Map.of("id", Integer.parseInt(id)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().has("data")).isFalse();
    JsonNode error = r.errors().get(0);
    assertThat(error.get("message").asText()).contains("Int!").contains("String!");
    assertThat(error.get("locations").get(0).get("line").asInt()).isEqualTo(1);
    assertThat(error.get("locations").get(0).has("column")).isTrue();
    assertThat(error.has("extensions")).isFalse();
    assertThat(error.has("path")).isFalse();
    // Nothing was deleted.
    assertThat(gql.post("{ sshList { id } }").data("sshList")).hasSize(1);
  }

  @Test
  void sshDeleteWithStringVariableSucceeds() {
    String id = gql.addKey("k", TestKeys.ED25519_LINE);
    GraphQl.Reply r =
        gql.post("mutation($id: String!) { sshDelete(id: $id) { ok } }", Map.of("id", id));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().toString()).isEqualTo("{\"data\":{\"sshDelete\":{\"ok\":true}}}");
    assertThat(gql.post("{ sshList { id } }").data("sshList")).isEmpty();
  }

  @Test
  void variablesMayBeAJsonString() throws Exception {
    String vars =
        GraphQl.JSON.writeValueAsString(Map.of("n", "laptop", "k", TestKeys.ED25519_LINE));
    String body =
        GraphQl.JSON.writeValueAsString(
            Map.of(
                "query",
                "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { name } } }",
                "variables",
                vars));
    GraphQl.Reply r = gql.raw("bearer " + server.token(TokenLevel.FULL_ACCESS), body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("sshAdd").get("keyAdded").get("name").asText()).isEqualTo("laptop");
  }

  @Test
  void nullAndAbsentVariablesAndOperationName() throws Exception {
    String body =
        "{\"query\":\"query A { isAuthenticated } query B { sshList { id } }\",\"variables\":null,"
            + "\"operationName\":\"B\"}";
    GraphQl.Reply r = gql.raw("Bearer " + server.token(TokenLevel.FULL_ACCESS), body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("sshList")).isEmpty();
    assertThat(r.data("isAuthenticated")).isNull();
  }

  @Test
  void invalidDocumentsAreHttp400() {
    String[] documents = {
      "{ sshList { id nope } }", // unknown field
      "{ sshList(nope: 1) { id } }", // unknown argument
      "mutation { repoEdit(id: \"x\", format: \"borg1\") { repoEdited { id } } }", // format not on
      // edit
      "{ sshList { id }", // syntax
      "{ login(username: \"a\", password: \"b\") { user { id } } }", // legacy mutation left out
      "query A { isAuthenticated } query B { isAuthenticated }", // ambiguous without operationName
    };
    for (String doc : documents) {
      GraphQl.Reply r = gql.post(doc, null);
      assertThat(r.status()).as(doc).isEqualTo(400);
      assertThat(r.body().has("data")).as(doc).isFalse();
      assertThat(r.errors()).as(doc).isNotEmpty();
      assertThat(r.errors().get(0).has("extensions")).as(doc).isFalse();
    }
  }

  @Test
  void variableCoercionFailuresAreHttp400() {
    String q = "mutation($id: String!) { sshDelete(id: $id) { ok } }";
    GraphQl.Reply missing = gql.post(q, Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().has("data")).isFalse();
    assertThat(missing.errors().get(0).get("message").asText()).isNotBlank();

    GraphQl.Reply notFound = gql.post("{ repo(repoId: \"x\") { id } } ", null);
    assertThat(notFound.status()).isEqualTo(200); // sanity: a plain not-found is a field error

    GraphQl.Reply badValue =
        gql.post(
            "mutation($q: Int) { repoAdd(name: \"n\", region: \"eu\", quota: $q) { repoAdded { id } } }",
            Map.of("q", "lots"));
    assertThat(badValue.status()).isEqualTo(400);
    assertThat(badValue.body().has("data")).isFalse();
  }

  @Test
  void malformedRequestsAreHttp400() {
    String auth = "Bearer " + server.token(TokenLevel.FULL_ACCESS);
    assertThat(gql.raw(auth, "{not json").firstError()).isEqualTo("POST body sent invalid JSON.");
    assertThat(gql.raw(auth, "").firstError()).isEqualTo("POST body sent invalid JSON.");
    // graphql-server's words for JSON that is not an object (Python's repr of the value).
    assertThat(gql.raw(auth, "42").firstError())
        .isEqualTo("GraphQL params should be a dict. Received 42.");
    assertThat(gql.raw(auth, "\"x\"").firstError())
        .isEqualTo("GraphQL params should be a dict. Received 'x'.");
    assertThat(gql.raw(auth, "{}").firstError()).isEqualTo("Must provide query string.");
    // A query that is not a string trips graphql-core's assertion; a falsy one is "not provided".
    assertThat(gql.raw(auth, "{\"query\": 3}").firstError())
        .isEqualTo("The query must be a string");
    assertThat(gql.raw(auth, "{\"query\": 0}").firstError())
        .isEqualTo("Must provide query string.");
    assertThat(
            gql.raw(auth, "{\"query\":\"{ isAuthenticated }\",\"variables\":\"{bad\"}")
                .firstError())
        .isEqualTo("Variables are invalid JSON.");
    // Variables that are not an object only matter to an operation that declares some.
    assertThat(gql.raw(auth, "{\"query\":\"{ isAuthenticated }\",\"variables\":[1]}").status())
        .isEqualTo(200);
    assertThat(gql.raw(auth, "[{\"query\":\"{ isAuthenticated }\"}]").firstError())
        .isEqualTo("Batch GraphQL requests are not enabled.");
    for (String body : new String[] {"{not json", "", "{}", "[]"}) {
      GraphQl.Reply r = gql.raw(auth, body);
      assertThat(r.status()).as(body).isEqualTo(400);
      assertThat(r.body().has("data")).as(body).isFalse();
    }
  }

  @Test
  void otherPathsAndMethodsAre404Or405() {
    String base = "http://127.0.0.1:" + server.port();
    GraphQl.Reply get = gql.call(new Request.Builder().url(base + "/graphql").get().build());
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.firstError()).contains("POST only");
    // graphql-server's answer to PUT and DELETE.
    GraphQl.Reply put =
        gql.call(
            new Request.Builder()
                .url(base + "/graphql")
                .put(okhttp3.RequestBody.create("{}", null))
                .build());
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.firstError()).isEqualTo("GraphQL only supports GET and POST requests.");
    assertThat(gql.call(new Request.Builder().url(base + "/graphql").head().build()).status())
        .isEqualTo(405);
    assertThat(gql.call(new Request.Builder().url(base + "/").get().build()).status())
        .isEqualTo(404);
    assertThat(
            gql.call(
                    new Request.Builder()
                        .url(base + "/emulator/stats")
                        .post(okhttp3.RequestBody.create("", null))
                        .build())
                .status())
        .isEqualTo(404);
  }

  @Test
  void resolverErrorCarriesMessageLocationsAndPathOnly() {
    GraphQl.Reply r = gql.post("{\n  repo(repoId: \"nope1234\") { id }\n}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("data").get("repo").isNull()).isTrue();
    JsonNode error = r.errors().get(0);
    assertThat(error.get("message").asText()).isEqualTo("Repo not found.");
    assertThat(error.get("path").toString()).isEqualTo("[\"repo\"]");
    assertThat(error.get("locations").toString()).isEqualTo("[{\"line\":2,\"column\":3}]");
    assertThat(error.size()).isEqualTo(3);
  }

  @Test
  void batchedAliasesRunIndependently() {
    String good = TestKeys.ed25519();
    GraphQl.Reply r =
        gql.post(
            "mutation($a: String!, $b: String!) {"
                + " m0: sshAdd(name: \"bad\", keyData: $a) { keyAdded { id } }"
                + " m1: sshAdd(name: \"good\", keyData: $b) { keyAdded { id name } } }",
            Map.of("a", "ssh-ed25519 AAAA", "b", good));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("m0").isNull()).isTrue();
    assertThat(r.data("m1").get("keyAdded").get("name").asText()).isEqualTo("good");
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).get("path").get(0).asText()).isEqualTo("m0");
    assertThat(gql.post("{ sshList { name } }").data("sshList")).hasSize(1);
  }

  @Test
  void introspectionWorks() {
    GraphQl.Reply r = gql.post("{ __schema { mutationType { fields { name } } } }");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("__schema").get("mutationType").get("fields").findValuesAsText("name"))
        .containsExactlyInAnyOrder("sshAdd", "sshDelete", "repoAdd", "repoEdit", "repoDelete");
  }
}
