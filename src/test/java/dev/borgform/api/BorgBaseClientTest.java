package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import dev.borgform.live.LiveState;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server: what it sends, and how it reads each answer. */
class BorgBaseClientTest {
  private static final String SECRET = "aaaa.bbbb.cccc-secret-token";
  private final ObjectMapper json = new ObjectMapper();
  private MockWebServer server;
  private BorgBaseClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    OkHttpClient http =
        new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(2)).retryOnConnectionFailure(false).build();
    client =
        new BorgBaseClient(
            http, Endpoint.parse(server.url("/graphql").toString()), Token.of(SECRET), "borgform/test");
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void answer(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  private JsonNode sentBody(RecordedRequest r) throws Exception {
    return json.readTree(r.getBody().utf8());
  }

  @Test
  void readsTheWholeAccountInOneRequestWithTheBearerToken() throws Exception {
    answer(200, """
        {"data":{"sshList":[{"id":"481","name":"web","keyData":"ssh-ed25519 AAAA","comment":"root@web",
          "keyType":"ssh-ed25519","bits":256,"hashMd5":"aa","hashSha256":"bb","addedAt":"2026-01-01T00:00:00Z"}],
         "repoList":[{"id":"y4ab823u","name":"web","region":"eu","quota":500000,"quotaEnabled":true,
          "alertDays":2,"appendOnlyKeys":["481"],"fullAccessKeys":[],"rsyncKeys":null,"someNewField":1}]}}
        """);
    LiveState live = client.read();

    assertThat(server.getRequestCount()).isEqualTo(1);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    String query = sentBody(r).get("query").asText();
    assertThat(query).contains("sshList").contains("repoList");

    assertThat(live.keys()).hasSize(1);
    assertThat(live.keys().get(0).id()).isEqualTo("481");
    assertThat(live.keys().get(0).comment()).isEqualTo("root@web");
    assertThat(live.repos()).hasSize(1);
    var repo = live.repos().get(0);
    assertThat(repo.quota()).isEqualTo(500_000);
    assertThat(repo.appendOnlyKeys()).containsExactly("481");
    assertThat(repo.rsyncKeys()).isEmpty(); // null on the wire
    assertThat(repo.borgVersion()).isEqualTo("LATEST"); // absent: BorgBase's default
    assertThat(repo.compactionInterval()).isEqualTo(6);
  }

  @Test
  void aRefusedTokenIsAnAuthenticationErrorThatNamesTheLevelNeededAndNeverTheToken() {
    answer(200, """
        {"data":{"sshList":null,"repoList":null},"errors":[{"locations":[{"column":7,"line":3}],
         "message":"Not enough segments","path":["sshList"]}]}
        """);
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).isEqualTo("BorgBase refused the token: Not enough segments");
              assertThat(e.hint()).contains("Read Only");
              assertThat(e.getMessage() + e.hint() + e).doesNotContain(SECRET);
            });
  }

  @Test
  void aServerErrorOnReadIsReportedWithItsStatus() {
    answer(502, "<html>Bad gateway</html>");
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ApiException.Kind.PROTOCOL);
              assertThat(e.getMessage()).contains("HTTP 502");
            });
  }

  @Test
  void anUnreachableServerIsANetworkError() {
    server.close();
    assertThatThrownBy(client::read)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.NETWORK));
  }

  @Test
  void aBatchIsOneDocumentOfAliasedFieldsWithBorgBasesVariableTypes() throws Exception {
    answer(200, """
        {"data":{"m0":{"keyAdded":{"id":"1001"}},"m1":{"ok":true},"m2":{"repoAdded":{"id":"abcd1234"}},
                 "m3":{"repoEdited":{"id":"zzzz9999"}}}}
        """);
    RepoSettings add =
        new RepoSettings("web", Region.EU, Quota.ofMegabytes(500_000), 2, List.of(new KeyRef("web", "1001")),
            null, null, null, null, null, null, null, null, null, null, null);
    RepoSettings edit =
        new RepoSettings(null, null, Quota.none(), null, null, List.of(), null, null, null, null, null, null,
            null, null, null, null);
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.AddKey("web", "ssh-ed25519 AAAA root@web"),
                new Mutation.DeleteKey("481"),
                new Mutation.AddRepo(add),
                new Mutation.EditRepo("zzzz9999", edit)));

    assertThat(results).containsExactly(
        MutationResult.applied("1001"), MutationResult.applied(null),
        MutationResult.applied("abcd1234"), MutationResult.applied(null));
    assertThat(server.getRequestCount()).isEqualTo(1);
    JsonNode body = sentBody(server.takeRequest());
    String doc = body.get("query").asText();
    assertThat(doc)
        .startsWith("mutation Apply(")
        .contains("$m1_id: String!")
        .doesNotContain("Int!")
        .contains("$m2_name: String!", "$m2_region: String!", "$m2_quota: Int", "$m2_appendOnlyKeys: [String]")
        .contains("m0: sshAdd(name: $m0_name, keyData: $m0_keyData) { keyAdded { id } }")
        .contains("m3: repoEdit(id: $m3_id, quotaEnabled: $m3_quotaEnabled, fullAccessKeys: $m3_fullAccessKeys)");
    JsonNode vars = body.get("variables");
    assertThat(vars.get("m1_id").isTextual()).isTrue();
    assertThat(vars.get("m2_quota").asInt()).isEqualTo(500_000);
    assertThat(vars.get("m2_quotaEnabled").asBoolean()).isTrue();
    assertThat(vars.get("m2_appendOnlyKeys").get(0).asText()).isEqualTo("1001");
    assertThat(vars.has("m3_quota")).as("a disabled quota sends only the switch").isFalse();
    assertThat(vars.get("m3_fullAccessKeys").isArray()).isTrue();
  }

  @Test
  void eachAliasGetsItsOwnErrorBack() {
    answer(200, """
        {"data":{"m0":{"keyAdded":{"id":"1001"}},"m1":null},
         "errors":[{"message":"Over quota or too many repos.","path":["m1"],"locations":[{"line":3,"column":3}]}]}
        """);
    List<MutationResult> results =
        client.submit(
            List.of(
                new Mutation.AddKey("a", "ssh-ed25519 AAAA"),
                new Mutation.AddRepo(
                    new RepoSettings("r", Region.US, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null))));
    assertThat(results.get(0)).isEqualTo(MutationResult.applied("1001"));
    assertThat(results.get(1)).isEqualTo(MutationResult.failed("Over quota or too many repos."));
  }

  @Test
  void okFalseIsAFailure() {
    answer(200, "{\"data\":{\"m0\":{\"ok\":false}}}");
    assertThat(client.submit(List.of(new Mutation.DeleteRepo("abcd1234"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.FAILED);
  }

  @Test
  void aRefusedDocumentFailsEveryMutationInItAndNothingIsUnknown() {
    answer(400, "{\"errors\":[{\"message\":\"Variable \\\"$id\\\" of type \\\"Int!\\\" used in position expecting type \\\"String!\\\".\"}]}");
    List<MutationResult> results =
        client.submit(List.of(new Mutation.DeleteKey("1"), new Mutation.DeleteKey("2")));
    assertThat(results).allSatisfy(r -> {
      assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.FAILED);
      assertThat(r.message()).contains("Int!").contains("HTTP 400");
    });
  }

  @Test
  void aConnectionLostBeforeTheAnswerLeavesTheOutcomeUnknown() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    MutationResult r = client.submit(List.of(new Mutation.AddKey("a", "ssh-ed25519 AAAA"))).get(0);
    assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.UNKNOWN);
    assertThat(r.message()).contains("may or may not have been made");
  }

  @Test
  void aServerErrorOnAMutationLeavesTheOutcomeUnknown() {
    answer(503, "{\"errors\":[{\"message\":\"upstream\"}]}");
    assertThat(client.submit(List.of(new Mutation.DeleteRepo("abcd1234"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.UNKNOWN);
  }

  @Test
  void aMalformedAnswerToAMutationLeavesTheOutcomeUnknown() {
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":");
    assertThat(client.submit(List.of(new Mutation.AddKey("a", "ssh-ed25519 AAAA"))).get(0).outcome())
        .isEqualTo(MutationResult.Outcome.UNKNOWN);
  }
}
