package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RepoTest {
  static final String REPO_FIELDS =
      "id name region repoPath quota quotaEnabled currentUsage alertDays appendOnly"
          + " appendOnlyKeys fullAccessKeys rsyncKeys sftpEnabled borgVersion resticVersion format encryption htpasswd"
          + " createdAt lastModified compactionEnabled compactionInterval compactionIntervalUnit compactionHour"
          + " compactionHourTimezone server { id hostname region public location fingerprintRsa fingerprintEcdsa"
          + " fingerprintEd25519 }";
  private static final String EDIT =
      "mutation($id: String!, $name: String, $region: String, $quota: Int,"
          + " $alertDays: Int, $appendOnlyKeys: [String], $fullAccessKeys: [String], $rsyncKeys: [String],"
          + " $compactionHourTimezone: String, $borgVersion: String) {"
          + " repoEdit(id: $id, name: $name, region: $region, quota: $quota, alertDays: $alertDays,"
          + " appendOnlyKeys: $appendOnlyKeys, fullAccessKeys: $fullAccessKeys, rsyncKeys: $rsyncKeys,"
          + " compactionHourTimezone: $compactionHourTimezone, borgVersion: $borgVersion)"
          + " { repoEdited { "
          + REPO_FIELDS
          + " } } }";
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

  @RegisterExtension
  final EmulatorExtension server =
      new EmulatorExtension(
          EmulatorConfig.inMemory().withMaxRepos(3), Clock.fixed(NOW, ZoneOffset.UTC));

  private GraphQl gql;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
  }

  private JsonNode add(String args) {
    GraphQl.Reply r =
        gql.post("mutation { repoAdd(" + args + ") { repoAdded { " + REPO_FIELDS + " } } }");
    assertThat(r.errors()).as(r.body().toString()).isNull();
    return r.data("repoAdd").get("repoAdded");
  }

  private GraphQl.Reply edit(Map<String, Object> vars) {
    return gql.post(EDIT, vars);
  }

  @Test
  void repoAddDefaults() {
    JsonNode repo = add("name: \"web\", region: \"eu\"");
    String id = repo.get("id").asText();
    assertThat(id).matches("[a-z0-9]{8}");
    assertThat(repo.get("repoPath").asText())
        .isEqualTo("ssh://" + id + "@" + id + ".repo.borgbase.com/./repo");
    assertThat(repo.get("name").asText()).isEqualTo("web");
    assertThat(repo.get("region").asText()).isEqualTo("eu");
    assertThat(repo.get("quota").asInt()).isZero();
    assertThat(repo.get("quotaEnabled").asBoolean()).isFalse();
    assertThat(repo.get("alertDays").asInt()).isZero();
    assertThat(repo.get("appendOnly").asBoolean()).isFalse();
    assertThat(repo.get("sftpEnabled").asBoolean()).isFalse();
    assertThat(repo.get("compactionEnabled").asBoolean()).isFalse();
    assertThat(repo.get("compactionInterval").asInt()).isEqualTo(6);
    assertThat(repo.get("compactionIntervalUnit").asText()).isEqualTo("weeks");
    assertThat(repo.get("compactionHour").asInt()).isEqualTo(14);
    assertThat(repo.get("compactionHourTimezone").asText()).isEqualTo("UTC");
    assertThat(repo.get("borgVersion").asText()).isEqualTo("LATEST");
    assertThat(repo.get("format").asText()).isEqualTo("borg1");
    assertThat(repo.get("encryption").asText()).isEqualTo("none");
    assertThat(repo.get("currentUsage").isFloatingPointNumber()).isTrue();
    assertThat(repo.get("currentUsage").asDouble()).isZero();
    assertThat(repo.get("createdAt").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(repo.get("lastModified").isNull()).isTrue();
    assertThat(repo.get("htpasswd").isNull()).isTrue();
    assertThat(repo.get("resticVersion").isNull()).isTrue();
    for (String list : List.of("appendOnlyKeys", "fullAccessKeys", "rsyncKeys")) {
      assertThat(repo.get(list).isArray()).isTrue();
      assertThat(repo.get(list)).isEmpty();
    }
    JsonNode srv = repo.get("server");
    assertThat(srv.get("hostname").asText()).endsWith(".borgbase.com");
    assertThat(srv.get("region").asText()).isEqualTo("eu");
    for (String f :
        List.of("id", "location", "fingerprintRsa", "fingerprintEcdsa", "fingerprintEd25519")) {
      assertThat(srv.get(f).asText()).as(f).isNotBlank();
    }
    assertThat(srv.get("public").asBoolean()).isTrue();
  }

  @Test
  void repoAddWithAllArguments() {
    String k1 = gql.addKey("k1", TestKeys.ed25519());
    String k2 = gql.addKey("k2", TestKeys.ed25519());
    JsonNode repo =
        add(
            "name: \"db\", region: \"us\", quota: 5000, quotaEnabled: true, alertDays: 3,"
                + " appendOnly: true, appendOnlyKeys: [\""
                + k1
                + "\"], fullAccessKeys: [\""
                + k2
                + "\"],"
                + " rsyncKeys: [], sftpEnabled: true, borgVersion: \"V_1_2_X\", format: \"restic\","
                + " compactionEnabled: true, compactionInterval: 2, compactionIntervalUnit: \"days\","
                + " compactionHour: 3, compactionHourTimezone: \"Europe/Berlin\"");
    assertThat(repo.get("region").asText()).isEqualTo("us");
    assertThat(repo.get("server").get("region").asText()).isEqualTo("us");
    assertThat(repo.get("quota").asInt()).isEqualTo(5000);
    assertThat(repo.get("quotaEnabled").asBoolean()).isTrue();
    assertThat(repo.get("alertDays").asInt()).isEqualTo(3);
    assertThat(repo.get("appendOnly").asBoolean()).isTrue();
    assertThat(repo.get("appendOnlyKeys").toString()).isEqualTo("[\"" + k1 + "\"]");
    assertThat(repo.get("fullAccessKeys").toString()).isEqualTo("[\"" + k2 + "\"]");
    assertThat(repo.get("sftpEnabled").asBoolean()).isTrue();
    assertThat(repo.get("borgVersion").asText()).isEqualTo("V_1_2_X");
    assertThat(repo.get("format").asText()).isEqualTo("restic");
    assertThat(repo.get("htpasswd").asText()).isNotBlank();
    assertThat(repo.get("compactionEnabled").asBoolean()).isTrue();
    assertThat(repo.get("compactionInterval").asInt()).isEqualTo(2);
    assertThat(repo.get("compactionIntervalUnit").asText()).isEqualTo("days");
    assertThat(repo.get("compactionHour").asInt()).isEqualTo(3);
    assertThat(repo.get("compactionHourTimezone").asText()).isEqualTo("Europe/Berlin");
  }

  @Test
  void repoAddValidation() {
    Map<String, String> cases = new HashMap<>();
    cases.put("name: \"x\", region: \"asia\"", "Invalid region 'asia'. Must be one of: eu, us.");
    cases.put("name: \"x\", region: \"EU\"", "Invalid region 'EU'. Must be one of: eu, us.");
    cases.put("name: \"\", region: \"eu\"", "Name must not be empty.");
    cases.put(
        "name: \"x\", region: \"eu\", format: \"borg2\"",
        "Invalid format 'borg2'. Must be one of: borg1, restic.");
    cases.put(
        "name: \"x\", region: \"eu\", borgVersion: \"1.2\"",
        "Invalid borgVersion '1.2'. Must be one of: LATEST, V_1_1_X, V_1_2_X, V_1_4_X.");
    cases.put(
        "name: \"x\", region: \"eu\", compactionInterval: 0",
        "Invalid compactionInterval 0. Must be between 1 and 24.");
    cases.put(
        "name: \"x\", region: \"eu\", compactionInterval: 25",
        "Invalid compactionInterval 25. Must be between 1 and 24.");
    cases.put(
        "name: \"x\", region: \"eu\", compactionHour: 24",
        "Invalid compactionHour 24. Must be between 0 and 23.");
    cases.put(
        "name: \"x\", region: \"eu\", compactionIntervalUnit: \"years\"",
        "Invalid compactionIntervalUnit 'years'. Must be one of: days, weeks, months.");
    cases.put(
        "name: \"x\", region: \"eu\", compactionHourTimezone: \"Mars/Olympus\"",
        "Invalid compactionHourTimezone 'Mars/Olympus'. Must be a time zone name such as UTC or Europe/Berlin.");
    cases.put("name: \"x\", region: \"eu\", quota: -1", "Invalid quota -1. Must not be negative.");
    cases.put(
        "name: \"x\", region: \"eu\", alertDays: -2",
        "Invalid alertDays -2. Must not be negative.");
    cases.put(
        "name: \"x\", region: \"eu\", fullAccessKeys: [\"999\"]",
        "Invalid fullAccessKeys: SSH key '999' not found.");
    cases.forEach(
        (args, message) -> {
          GraphQl.Reply r = gql.post("mutation { repoAdd(" + args + ") { repoAdded { id } } }");
          assertThat(r.status()).as(args).isEqualTo(200);
          assertThat(r.data("repoAdd").isNull()).as(args).isTrue();
          assertThat(r.firstError()).as(args).isEqualTo(message);
        });
    // A null key id can only come in a variable: graphql-core 2 cannot parse a null literal.
    List<String> nullId = new ArrayList<>();
    nullId.add(null);
    GraphQl.Reply nullKey =
        gql.post(
            "mutation($k: [String]) { repoAdd(name: \"x\", region: \"eu\", appendOnlyKeys: $k)"
                + " { repoAdded { id } } }",
            Map.of("k", nullId));
    assertThat(nullKey.status()).isEqualTo(200);
    assertThat(nullKey.firstError()).isEqualTo("Invalid appendOnlyKeys: SSH key 'null' not found.");
    assertThat(gql.post("{ repoList { id } }").data("repoList")).isEmpty();
    // Zone aliases and IANA names are fine.
    add("name: \"x\", region: \"eu\", compactionHourTimezone: \"CET\"");
  }

  @Test
  void missingRequiredArgumentIsHttp400() {
    GraphQl.Reply r = gql.post("mutation { repoAdd(name: \"x\") { repoAdded { id } } }");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().has("data")).isFalse();
  }

  @Test
  void repoIdsAreUniqueAndNamesMayRepeat() {
    String a = gql.addRepo("same", "eu");
    String b = gql.addRepo("same", "eu");
    assertThat(a).isNotEqualTo(b);
    assertThat(
            gql.post("{ repoList(name: \"same\") { id } }").data("repoList").findValuesAsText("id"))
        .containsExactly(a, b);
  }

  @Test
  void listsAreInCreationOrderAndFilterByExactName() {
    String a = gql.addRepo("alpha", "eu");
    String b = gql.addRepo("beta", "us");
    String c = gql.addRepo("alphabet", "eu");
    assertThat(gql.post("{ repoList { id } }").data("repoList").findValuesAsText("id"))
        .containsExactly(a, b, c);
    assertThat(
            gql.post("{ repoList(name: \"alpha\") { id } }")
                .data("repoList")
                .findValuesAsText("id"))
        .containsExactly(a);
    gql.post("mutation { repoEdit(id: \"" + a + "\", name: \"zeta\") { repoEdited { id } } }");
    assertThat(gql.post("{ repoList { id } }").data("repoList").findValuesAsText("id"))
        .containsExactly(a, b, c);
  }

  @Test
  void overQuota() {
    gql.addRepo("1", "eu");
    gql.addRepo("2", "eu");
    gql.addRepo("3", "eu");
    GraphQl.Reply r =
        gql.post("mutation { repoAdd(name: \"4\", region: \"eu\") { repoAdded { id } } }");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("repoAdd").isNull()).isTrue();
    assertThat(r.firstError()).isEqualTo("Over quota or too many repos.");
    assertThat(
            gql.post("{ me { activePlan { maxRepos } } }")
                .data("me")
                .get("activePlan")
                .get("maxRepos")
                .asInt())
        .isEqualTo(3);
  }

  @Test
  void repoQueryByIdAndNotFound() {
    String id = gql.addRepo("r", "eu");
    assertThat(
            gql.post("{ repo(repoId: \"" + id + "\") { name } }").data("repo").get("name").asText())
        .isEqualTo("r");
    GraphQl.Reply missing = gql.post("{ repo(repoId: \"zzzzzzzz\") { name } }");
    assertThat(missing.data("repo").isNull()).isTrue();
    assertThat(missing.firstError()).isEqualTo("Repo not found.");
  }

  @Test
  void repoEditReplacesGivenValuesAndKeyListsWholesale() {
    String k1 = gql.addKey("k1", TestKeys.ed25519());
    String k2 = gql.addKey("k2", TestKeys.ed25519());
    String k3 = gql.addKey("k3", TestKeys.ed25519());
    JsonNode created =
        add(
            "name: \"r\", region: \"eu\", quota: 100, alertDays: 2,"
                + " fullAccessKeys: [\""
                + k1
                + "\", \""
                + k2
                + "\"], appendOnlyKeys: [\""
                + k3
                + "\"]");
    String id = created.get("id").asText();

    Map<String, Object> vars = new HashMap<>();
    vars.put("id", id);
    vars.put("fullAccessKeys", List.of());
    vars.put("appendOnlyKeys", List.of(k1, k2));
    vars.put("quota", null); // explicit null: left unchanged
    vars.put("compactionHourTimezone", "America/New_York");
    GraphQl.Reply r = edit(vars);
    assertThat(r.errors()).as(r.body().toString()).isNull();
    JsonNode repo = r.data("repoEdit").get("repoEdited");
    assertThat(repo.get("fullAccessKeys")).isEmpty();
    assertThat(listOf(repo.get("appendOnlyKeys"))).containsExactly(k1, k2);
    assertThat(repo.get("quota").asInt()).isEqualTo(100);
    assertThat(repo.get("alertDays").asInt()).isEqualTo(2);
    assertThat(repo.get("compactionHourTimezone").asText()).isEqualTo("America/New_York");
    assertThat(repo.get("lastModified").isNull()).isTrue();
    // Everything else is as created.
    JsonNode reread =
        gql.post("{ repo(repoId: \"" + id + "\") { " + REPO_FIELDS + " } }").data("repo");
    assertThat(reread).isEqualTo(repo);
    assertThat(reread.get("createdAt")).isEqualTo(created.get("createdAt"));
    assertThat(reread.get("repoPath")).isEqualTo(created.get("repoPath"));
  }

  @Test
  void repoEditRefusals() {
    String id = gql.addRepo("r", "eu");
    assertThat(edit(Map.of("id", id)).firstError())
        .isEqualTo("The id and at least one further variable is required.");
    Map<String, Object> onlyNulls = new HashMap<>();
    onlyNulls.put("id", id);
    onlyNulls.put("name", null);
    assertThat(edit(onlyNulls).firstError())
        .isEqualTo("The id and at least one further variable is required.");
    assertThat(edit(Map.of("id", id, "region", "us")).firstError())
        .isEqualTo("Region cannot be changed.");
    assertThat(edit(Map.of("id", id, "region", "eu")).errors()).isNull(); // same region is fine
    assertThat(edit(Map.of("id", "nope0000", "name", "x")).firstError())
        .isEqualTo("Repo not found.");
    assertThat(edit(Map.of("id", id, "fullAccessKeys", List.of("12345"))).firstError())
        .isEqualTo("Invalid fullAccessKeys: SSH key '12345' not found.");
    assertThat(edit(Map.of("id", id, "borgVersion", "V_2_0_X")).firstError())
        .startsWith("Invalid borgVersion");
    GraphQl.Reply r = edit(Map.of("id", id, "region", "us"));
    assertThat(r.data("repoEdit").isNull()).isTrue();
    assertThat(gql.post("{ repo(repoId: \"" + id + "\") { region name } }").data("repo").toString())
        .isEqualTo("{\"region\":\"eu\",\"name\":\"r\"}");
  }

  @Test
  void repoDelete() {
    String id = gql.addRepo("r", "eu");
    assertThat(
            gql.post("mutation { repoDelete(id: \"" + id + "\") { ok } }")
                .data("repoDelete")
                .get("ok")
                .asBoolean())
        .isTrue();
    GraphQl.Reply again = gql.post("mutation { repoDelete(id: \"" + id + "\") { ok } }");
    assertThat(again.data("repoDelete").isNull()).isTrue();
    assertThat(again.firstError()).isEqualTo("Repo not found.");
    assertThat(gql.post("{ repoList { id } }").data("repoList")).isEmpty();
  }

  @Test
  void sshDeleteDetachesTheKeyFromRepos() {
    String k1 = gql.addKey("k1", TestKeys.ed25519());
    String k2 = gql.addKey("k2", TestKeys.ed25519());
    String r1 =
        add("name: \"a\", region: \"eu\", fullAccessKeys: [\""
                + k1
                + "\"], appendOnlyKeys: [\""
                + k2
                + "\"]")
            .get("id")
            .asText();
    String r2 =
        add("name: \"b\", region: \"us\", rsyncKeys: [\"" + k1 + "\", \"" + k2 + "\"]")
            .get("id")
            .asText();
    assertThat(
            gql.post("mutation { sshDelete(id: \"" + k1 + "\") { ok } }")
                .data("sshDelete")
                .get("ok")
                .asBoolean())
        .isTrue();
    JsonNode repos =
        gql.post("{ repoList { id fullAccessKeys appendOnlyKeys rsyncKeys } }").data("repoList");
    assertThat(repos.get(0).get("id").asText()).isEqualTo(r1);
    assertThat(repos.get(0).get("fullAccessKeys")).isEmpty();
    assertThat(listOf(repos.get(0).get("appendOnlyKeys"))).containsExactly(k2);
    assertThat(repos.get(1).get("id").asText()).isEqualTo(r2);
    assertThat(listOf(repos.get(1).get("rsyncKeys"))).containsExactly(k2);

    GraphQl.Reply again = gql.post("mutation { sshDelete(id: \"" + k1 + "\") { ok } }");
    assertThat(again.data("sshDelete").isNull()).isTrue();
    assertThat(again.firstError()).isEqualTo("SSH key not found.");
    assertThat(gql.post("mutation { sshDelete(id: \"abc\") { ok } }").firstError())
        .isEqualTo("SSH key not found.");
  }

  @Test
  void batchedRepoMutationsWithOneFailure() {
    String existing = gql.addRepo("old", "eu");
    GraphQl.Reply r =
        gql.post(
            "mutation {"
                + " m0: repoAdd(name: \"n1\", region: \"eu\") { repoAdded { id } }"
                + " m1: repoEdit(id: \"missing1\", name: \"x\") { repoEdited { id } }"
                + " m2: repoEdit(id: \""
                + existing
                + "\", alertDays: 4) { repoEdited { alertDays } }"
                + " m3: repoDelete(id: \""
                + existing
                + "\") { ok } }");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.data("m0").get("repoAdded").get("id").asText()).hasSize(8);
    assertThat(r.data("m1").isNull()).isTrue();
    assertThat(r.data("m2").get("repoEdited").get("alertDays").asInt()).isEqualTo(4);
    assertThat(r.data("m3").get("ok").asBoolean()).isTrue();
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).get("path").toString()).isEqualTo("[\"m1\"]");
  }

  @Test
  void overageListAndMe() {
    GraphQl.Reply r =
        gql.post(
            "{ overageList { usedGb date plan { includedSize } } me { id username activePlan"
                + " { id name maxRepos maxSizeGb includedGb } } }");
    assertThat(r.errors()).isNull();
    assertThat(r.data("overageList").isArray()).isTrue();
    assertThat(r.data("me").get("username").asText()).isEqualTo("emulator");
  }

  private static List<String> listOf(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
