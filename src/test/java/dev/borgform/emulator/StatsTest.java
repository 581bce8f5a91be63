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

class StatsTest {
  @RegisterExtension final EmulatorExtension server = new EmulatorExtension();
  private GraphQl gql;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
  }

  @Test
  void countsRequestsOperationsAndFields() {
    gql.post("{ sshList { id } repoList { id } }"); // query: 1, 2 fields
    gql.post(
        "mutation($a: String!, $b: String!) {"
            + " m0: sshAdd(name: \"a\", keyData: $a) { keyAdded { id } }"
            + " m1: sshAdd(name: \"b\", keyData: $b) { keyAdded { id } }"
            + " r: repoAdd(name: \"r\", region: \"eu\") { repoAdded { id } } }",
        Map.of("a", TestKeys.ED25519_LINE, "b", "broken")); // sshAdd: 1, repoAdd: 1
    gql.post(
        "mutation($id: Int!) { sshDelete(id: $id) { ok } }", Map.of("id", 1)); // 400: request only
    gql.raw(null, "{not json"); // 400: request only
    gql.post(
        server.token(TokenLevel.READ_ONLY),
        "mutation { repoDelete(id: \"x\") { ok } }",
        null); // refused, still executed

    EmulatorStats s = server.stats();
    assertThat(s.requests()).isEqualTo(5);
    assertThat(s.perOperation())
        .containsExactly(
            Map.entry("query", 1L),
            Map.entry("repoAdd", 1L),
            Map.entry("repoDelete", 1L),
            Map.entry("sshAdd", 1L));
    assertThat(s.fields())
        .containsExactly(
            Map.entry("repoAdd", 1L),
            Map.entry("repoDelete", 1L),
            Map.entry("repoList", 1L),
            Map.entry("sshAdd", 2L),
            Map.entry("sshList", 1L));

    JsonNode json = get("GET");
    assertThat(json.toString())
        .isEqualTo(
            "{\"requests\":5,"
                + "\"perOperation\":{\"query\":1,\"repoAdd\":1,\"repoDelete\":1,\"sshAdd\":1},"
                + "\"fields\":{\"repoAdd\":1,\"repoDelete\":1,\"repoList\":1,\"sshAdd\":2,\"sshList\":1},"
                + "\"faults\":{}}");
  }

  @Test
  void statsRequestsThemselvesAreNotCounted() {
    get("GET");
    get("GET");
    assertThat(server.stats().requests()).isZero();
  }

  @Test
  void resetViaHttpAndApi() {
    gql.post("{ isAuthenticated }");
    assertThat(server.stats().requests()).isEqualTo(1);
    assertThat(get("DELETE").toString())
        .isEqualTo("{\"requests\":0,\"perOperation\":{},\"fields\":{},\"faults\":{}}");
    assertThat(server.stats().requests()).isZero();
    gql.post("{ isAuthenticated }");
    server.resetStats();
    assertThat(server.stats()).isEqualTo(new EmulatorStats(0, Map.of(), Map.of()));
  }

  @Test
  void snapshotsAreImmutable() {
    gql.post("{ isAuthenticated }");
    EmulatorStats before = server.stats();
    gql.post("{ isAuthenticated }");
    assertThat(before.operation("query")).isEqualTo(1);
    assertThat(server.stats().operation("query")).isEqualTo(2);
    assertThat(server.stats().field("isAuthenticated")).isEqualTo(2);
  }

  private JsonNode get(String method) {
    Request request =
        new Request.Builder().url(server.statsUrl().toString()).method(method, null).build();
    GraphQl.Reply r = gql.call(request);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }
}
