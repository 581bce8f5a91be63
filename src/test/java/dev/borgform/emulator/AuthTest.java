package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The three BorgBase token levels and the failures of unusable tokens. */
class AuthTest {
  private static final String ADD_KEY =
      "mutation($k: String!) { sshAdd(name: \"k\", keyData: $k) { keyAdded { id } } }";
  private static final String ADD_REPO =
      "mutation { repoAdd(name: \"r\", region: \"eu\") { repoAdded { id } } }";

  @RegisterExtension final EmulatorExtension server = new EmulatorExtension();
  private GraphQl gql;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
  }

  private String token(TokenLevel level) {
    return server.token(level);
  }

  @Test
  void generatedTokensLookLikeBorgBaseJwts() {
    for (TokenLevel level : TokenLevel.values()) {
      String t = token(level);
      assertThat(t)
          .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")
          .hasSizeBetween(148, 152);
    }
    assertThat(token(TokenLevel.READ_ONLY)).isNotEqualTo(token(TokenLevel.FULL_ACCESS));
  }

  @Test
  void fixedTokensAreUsedAndMayHaveAnyShape() throws Exception {
    try (EmulatorServer s =
        EmulatorServer.start(
            EmulatorConfig.inMemory()
                .withToken(TokenLevel.FULL_ACCESS, "full-token")
                .withToken(TokenLevel.READ_ONLY, "a.b.c"))) {
      assertThat(s.token(TokenLevel.FULL_ACCESS)).isEqualTo("full-token");
      assertThat(s.token(TokenLevel.CREATE_ONLY)).hasSizeBetween(148, 152);
      GraphQl g = GraphQl.of(s);
      assertThat(
              g.post("full-token", "{ isAuthenticated }", null).data("isAuthenticated").asBoolean())
          .isTrue();
      assertThat(g.post("a.b.c", "{ isAuthenticated }", null).data("isAuthenticated").asBoolean())
          .isTrue();
    }
  }

  @Test
  void configRefusesTheSameTokenForTwoLevelsWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                EmulatorConfig.inMemory()
                    .withToken(TokenLevel.FULL_ACCESS, "s3cret")
                    .withToken(TokenLevel.READ_ONLY, "s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
    assertThat(EmulatorConfig.inMemory().withToken(TokenLevel.FULL_ACCESS, "s3cret").toString())
        .doesNotContain("s3cret");
  }

  @Test
  void cliNames() {
    assertThat(TokenLevel.READ_ONLY.cliName()).isEqualTo("read");
    assertThat(TokenLevel.CREATE_ONLY.cliName()).isEqualTo("create");
    assertThat(TokenLevel.FULL_ACCESS.cliName()).isEqualTo("full");
    assertThat(TokenLevel.fromCliName("Full")).isEqualTo(TokenLevel.FULL_ACCESS);
  }

  @Test
  void readOnlyMayQueryButNotMutate() {
    String ro = token(TokenLevel.READ_ONLY);
    assertThat(
            gql.post(
                    ro,
                    "{ sshList { id } repoList { id } overageList { usedGb } me { username } }",
                    null)
                .errors())
        .isNull();
    GraphQl.Reply r = gql.post(ro, ADD_KEY, Map.of("k", TestKeys.ED25519_LINE));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("sshAdd").isNull()).isTrue();
    assertThat(r.firstError()).isEqualTo("Permission denied: a Read Only token cannot run sshAdd.");
    assertThat(r.errors().get(0).get("path").get(0).asText()).isEqualTo("sshAdd");
    assertThat(gql.post("{ sshList { id } }").data("sshList")).isEmpty();
  }

  @Test
  void createOnlyMayAddAndListButNothingElse() {
    String co = token(TokenLevel.CREATE_ONLY);
    GraphQl.Reply key = gql.post(co, ADD_KEY, Map.of("k", TestKeys.ED25519_LINE));
    assertThat(key.errors()).isNull();
    String keyId = key.data("sshAdd").get("keyAdded").get("id").asText();
    GraphQl.Reply repo = gql.post(co, ADD_REPO, null);
    assertThat(repo.errors()).isNull();
    String repoId = repo.data("repoAdd").get("repoAdded").get("id").asText();
    assertThat(gql.post(co, "{ sshList { id } repoList { id } }", null).errors()).isNull();

    Map<String, String> refused =
        Map.of(
            "mutation { repoEdit(id: \"" + repoId + "\", name: \"x\") { repoEdited { id } } }",
            "repoEdit",
            "mutation { sshDelete(id: \"" + keyId + "\") { ok } }",
            "sshDelete",
            "mutation { repoDelete(id: \"" + repoId + "\") { ok } }",
            "repoDelete",
            "{ repo(repoId: \"" + repoId + "\") { id } }",
            "repo",
            "{ me { username } }",
            "me",
            "{ overageList { usedGb } }",
            "overageList");
    refused.forEach(
        (doc, field) -> {
          GraphQl.Reply r = gql.post(co, doc, null);
          assertThat(r.status()).as(doc).isEqualTo(200);
          assertThat(r.data(field).isNull()).as(doc).isTrue();
          assertThat(r.firstError())
              .isEqualTo("Permission denied: a Create Only token cannot run " + field + ".");
        });
    assertThat(gql.post(co, "{ isAuthenticated }", null).data("isAuthenticated").asBoolean())
        .isTrue();
    // Nothing was changed by the refused mutations.
    assertThat(
            gql.post("{ sshList { id } repoList { name } }")
                .data("repoList")
                .get(0)
                .get("name")
                .asText())
        .isEqualTo("r");
  }

  @Test
  void fullAccessMayDoEverything() {
    String keyId = gql.addKey("k", TestKeys.ED25519_LINE);
    String repoId = gql.addRepo("r", "us");
    assertThat(
            gql.post(
                    "mutation { repoEdit(id: \""
                        + repoId
                        + "\", name: \"x\") { repoEdited { name } } }")
                .data("repoEdit")
                .get("repoEdited")
                .get("name")
                .asText())
        .isEqualTo("x");
    assertThat(
            gql.post(
                    "{ repo(repoId: \""
                        + repoId
                        + "\") { id } me { username } overageList { usedGb } }")
                .errors())
        .isNull();
    assertThat(
            gql.post(
                    "mutation { sshDelete(id: \""
                        + keyId
                        + "\") { ok } repoDelete(id: \""
                        + repoId
                        + "\") { ok } }")
                .body()
                .toString())
        .isEqualTo("{\"data\":{\"sshDelete\":{\"ok\":true},\"repoDelete\":{\"ok\":true}}}");
  }

  @Test
  void missingTokenFailsEachFieldButIsAuthenticatedIsFalse() {
    GraphQl.Reply r =
        gql.raw(null, "{\"query\":\"{ isAuthenticated sshList { id } repoList { id } }\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("isAuthenticated").asBoolean()).isFalse();
    assertThat(r.data("sshList").isNull()).isTrue();
    assertThat(r.data("repoList").isNull()).isTrue();
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().findValuesAsText("message")).containsOnly("Authentication required.");
  }

  @Test
  void malformedTokenSaysNotEnoughSegments() {
    for (String header : new String[] {"Bearer abc", "Bearer a.b", "Bearer ", "bearer a.b.c.d"}) {
      GraphQl.Reply r = gql.raw(header, "{\"query\":\"{ isAuthenticated repoList { id } }\"}");
      assertThat(r.status()).as(header).isEqualTo(200);
      assertThat(r.data("isAuthenticated").asBoolean()).as(header).isFalse();
      assertThat(r.data("repoList").isNull()).as(header).isTrue();
      assertThat(r.firstError()).as(header).isEqualTo("Not enough segments");
      assertThat(r.errors().get(0).get("path").get(0).asText()).isEqualTo("repoList");
    }
  }

  @Test
  void unknownWellFormedTokenFailsSignature() {
    String forged = token(TokenLevel.FULL_ACCESS).substring(0, 140) + "AAAAAAAAAAA";
    GraphQl.Reply r = gql.post(forged, "{ isAuthenticated sshList { id } }", null);
    assertThat(r.data("isAuthenticated").asBoolean()).isFalse();
    assertThat(r.firstError()).isEqualTo("Signature verification failed");
  }

  @Test
  void schemeIsCaseInsensitiveAndOtherSchemesCountAsNoToken() {
    String t = token(TokenLevel.READ_ONLY);
    assertThat(
            gql.raw("BEARER " + t, "{\"query\":\"{ isAuthenticated }\"}")
                .data("isAuthenticated")
                .asBoolean())
        .isTrue();
    GraphQl.Reply basic = gql.raw("Basic " + t, "{\"query\":\"{ sshList { id } }\"}");
    assertThat(basic.firstError()).isEqualTo("Authentication required.");
  }

  @Test
  void responsesNeverEchoTheToken() {
    String t = token(TokenLevel.READ_ONLY);
    GraphQl.Reply r = gql.post(t, ADD_KEY, Map.of("k", TestKeys.ED25519_LINE));
    assertThat(r.body().toString()).doesNotContain(t);
  }
}
