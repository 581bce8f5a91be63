package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays what the public BorgBase clients send (docs/borgbase-api.md, source keys S1-S16) and
 * checks each answer is the one BorgBase gives per the evidence: the status and the shape (data;
 * data with a field error; HTTP 400 with errors and no data). The documents are reconstructed from
 * the clients: their variable types, how they send variables (an object, or a JSON string) and
 * their Authorization scheme are the clients' own. Each client's whole exchange is kept in {@code
 * golden/emulator/replay/}.
 */
class PublicClientsReplayTest {
  private static final String FULL = "replay-full-token";
  private static final String READ = "replay-read-token";

  /** What BorgBase answers, per the evidence. */
  enum Shape {
    /** HTTP 200, data, no errors. */
    DATA,
    /** HTTP 200, the field null and errors[] with message, locations and path. */
    FIELD_ERROR,
    /** HTTP 400, errors[] and no data: the document is refused before anything runs. */
    INVALID
  }

  /**
   * One request: {@code variables} is JSON text with {@code @key@}/{@code @repo@} standing for the
   * ids the client got earlier; {@code asString} sends them JSON-encoded in a string; {@code
   * authorization} is the whole header value, with {@code FULL}/{@code READ} for the tokens.
   */
  record Step(
      String what,
      String authorization,
      String query,
      String variables,
      boolean asString,
      Shape shape) {}

  record Client(String file, String who, List<Step> steps) {
    @Override
    public String toString() {
      return who;
    }
  }

  private static Step step(String what, String query, String variables, Shape shape) {
    return new Step(what, "Bearer FULL", query, variables, false, shape);
  }

  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
          + " terraform@localhost";

  private static final String KEY_FIELDS =
      "addedAt bits hashMd5 hashSha256 id lastUsedAt name keyData keyType comment";

  private static final String REPO_FIELDS =
      "id name server { id hostname region public location fingerprintRsa fingerprintEcdsa"
          + " fingerprintEd25519 } quota quotaEnabled alertDays region format borgVersion"
          + " resticVersion htpasswd appendOnly appendOnlyKeys fullAccessKeys rsyncKeys sftpEnabled"
          + " encryption createdAt lastModified compactionEnabled compactionInterval"
          + " compactionIntervalUnit compactionHour compactionHourTimezone repoPath currentUsage";

  static Stream<Client> clients() {
    return Stream.of(
        new Client(
            "S1-official-python-client.txt",
            "S1 borgbase/borgbase-api-client",
            List.of(
                step("isAuthenticated probe", "{ isAuthenticated }", null, Shape.DATA),
                step(
                    "sshAdd",
                    "mutation sshAdd($name: String!, $keyData: String!) { sshAdd(name: $name,"
                        + " keyData: $keyData) { keyAdded { id name hashMd5 keyType bits } } }",
                    "{\"name\": \"Key for VM-004\", \"keyData\": \"" + KEY + "\"}",
                    Shape.DATA),
                step(
                    "repoAdd as sent before fix #7 (nullable name and region)",
                    "mutation repoAdd($name: String, $quota: Int, $quotaEnabled: Boolean,"
                        + " $appendOnlyKeys: [String], $fullAccessKeys: [String], $alertDays: Int,"
                        + " $region: String, $borgVersion: String) { repoAdd(name: $name, quota:"
                        + " $quota, quotaEnabled: $quotaEnabled, appendOnlyKeys: $appendOnlyKeys,"
                        + " fullAccessKeys: $fullAccessKeys, alertDays: $alertDays, region: $region,"
                        + " borgVersion: $borgVersion) { repoAdded { id name region repoPath } } }",
                    "{\"name\": \"VM-004-test\", \"region\": \"us\", \"appendOnlyKeys\": [\"@key@\"]}",
                    Shape.INVALID),
                step(
                    "repoAdd after fix #7",
                    "mutation repoAdd($name: String!, $quota: Int, $quotaEnabled: Boolean,"
                        + " $appendOnlyKeys: [String], $fullAccessKeys: [String], $alertDays: Int,"
                        + " $region: String!, $borgVersion: String) { repoAdd(name: $name, quota:"
                        + " $quota, quotaEnabled: $quotaEnabled, appendOnlyKeys: $appendOnlyKeys,"
                        + " fullAccessKeys: $fullAccessKeys, alertDays: $alertDays, region: $region,"
                        + " borgVersion: $borgVersion) { repoAdded { id name region repoPath } } }",
                    "{\"name\": \"VM-004-test\", \"quota\": 1000, \"quotaEnabled\": true,"
                        + " \"region\": \"us\", \"appendOnlyKeys\": [\"@key@\"], \"alertDays\": 1,"
                        + " \"borgVersion\": \"LATEST\"}",
                    Shape.DATA),
                step(
                    "repo usage and quota",
                    "query repoList { repoList { id name quota quotaEnabled lastModified"
                        + " currentUsage } }",
                    null,
                    Shape.DATA),
                step(
                    "repos filtered by name",
                    "{ repoList(name: \"VM-004-test\") { id name } }",
                    null,
                    Shape.DATA),
                step(
                    "one repo by id", "{ repo(repoId: \"@repo@\") { id name } }", null, Shape.DATA),
                step(
                    "repoEdit adding a key",
                    "mutation repoEdit($id: String!, $fullAccessKeys: [String]) { repoEdit(id: $id,"
                        + " fullAccessKeys: $fullAccessKeys) { repoEdited { id fullAccessKeys } } }",
                    "{\"id\": \"@repo@\", \"fullAccessKeys\": [\"@key@\"]}",
                    Shape.DATA),
                step(
                    "repoEdit with the id alone",
                    "mutation repoEdit($id: String!) { repoEdit(id: $id) { repoEdited { id } } }",
                    "{\"id\": \"@repo@\"}",
                    Shape.FIELD_ERROR))),
        new Client(
            "S3-terraform-provider.txt",
            "S3 gjabell/terraform-provider-borgbase",
            List.of(
                new Step(
                    "sshAdd with nullable variables",
                    "bearer FULL",
                    "mutation sshAdd($name: String, $keyData: String) { sshAdd(name: $name,"
                        + " keyData: $keyData) { keyAdded { "
                        + KEY_FIELDS
                        + " } } }",
                    "{\"name\": \"terraform\", \"keyData\": \"" + KEY + "\"}",
                    true,
                    Shape.DATA),
                new Step(
                    "sshList by name",
                    "bearer FULL",
                    "query sshList($name: String) { sshList(name: $name) { " + KEY_FIELDS + " } }",
                    "{\"name\": \"terraform\"}",
                    true,
                    Shape.DATA),
                new Step(
                    "repoAdd",
                    "bearer FULL",
                    "mutation repoAdd($name: String!, $region: String!, $quota: Int, $quotaEnabled:"
                        + " Boolean, $alertDays: Int, $appendOnly: Boolean, $appendOnlyKeys: [String],"
                        + " $fullAccessKeys: [String], $rsyncKeys: [String], $sftpEnabled: Boolean,"
                        + " $compactionEnabled: Boolean, $compactionInterval: Int,"
                        + " $compactionIntervalUnit: String, $compactionHour: Int,"
                        + " $compactionHourTimezone: String) { repoAdd(name: $name, region: $region,"
                        + " quota: $quota, quotaEnabled: $quotaEnabled, alertDays: $alertDays,"
                        + " appendOnly: $appendOnly, appendOnlyKeys: $appendOnlyKeys, fullAccessKeys:"
                        + " $fullAccessKeys, rsyncKeys: $rsyncKeys, sftpEnabled: $sftpEnabled,"
                        + " compactionEnabled: $compactionEnabled, compactionInterval:"
                        + " $compactionInterval, compactionIntervalUnit: $compactionIntervalUnit,"
                        + " compactionHour: $compactionHour, compactionHourTimezone:"
                        + " $compactionHourTimezone) { repoAdded { "
                        + REPO_FIELDS
                        + " } } }",
                    "{\"name\": \"tf-repo\", \"region\": \"eu\", \"quota\": 0, \"quotaEnabled\":"
                        + " false, \"alertDays\": 0, \"appendOnly\": false, \"appendOnlyKeys\": [],"
                        + " \"fullAccessKeys\": [\"@key@\"], \"rsyncKeys\": [], \"sftpEnabled\": false,"
                        + " \"compactionEnabled\": false, \"compactionInterval\": 6,"
                        + " \"compactionIntervalUnit\": \"weeks\", \"compactionHour\": 14,"
                        + " \"compactionHourTimezone\": \"UTC\"}",
                    true,
                    Shape.DATA),
                new Step(
                    "repoList by name",
                    "bearer FULL",
                    "query repoList($name: String) { repoList(name: $name) { "
                        + REPO_FIELDS
                        + " } }",
                    "{\"name\": \"tf-repo\"}",
                    true,
                    Shape.DATA),
                new Step(
                    "repoEdit",
                    "bearer FULL",
                    "mutation repoEdit($id: String!, $name: String, $quota: Int, $quotaEnabled:"
                        + " Boolean, $alertDays: Int) { repoEdit(id: $id, name: $name, quota: $quota,"
                        + " quotaEnabled: $quotaEnabled, alertDays: $alertDays) { repoEdited { "
                        + REPO_FIELDS
                        + " } } }",
                    "{\"id\": \"@repo@\", \"name\": \"tf-repo-2\", \"quota\": 5000, \"quotaEnabled\":"
                        + " true, \"alertDays\": 3}",
                    true,
                    Shape.DATA),
                new Step(
                    "repoDelete",
                    "bearer FULL",
                    "mutation repoDelete($id: String!) { repoDelete(id: $id) { ok } }",
                    "{\"id\": \"@repo@\"}",
                    true,
                    Shape.DATA),
                new Step(
                    "sshDelete",
                    "bearer FULL",
                    "mutation sshDelete($id: String!) { sshDelete(id: $id) { ok } }",
                    "{\"id\": \"@key@\"}",
                    true,
                    Shape.DATA))),
        new Client(
            "S4-ansible-collection.txt",
            "S4 adhawkins/ansible-borgbase",
            List.of(
                step("sshList", "query data { sshList { id name keyData } }", null, Shape.DATA),
                step(
                    "sshAdd",
                    "mutation sshAdd($name: String!, $keyData: String!) { sshAdd(name: $name,"
                        + " keyData: $keyData) { keyAdded { id name hashMd5 keyType bits } } }",
                    "{\"name\": \"ansible\", \"keyData\": \"" + KEY + "\"}",
                    Shape.DATA),
                step(
                    "repoAdd",
                    "mutation repoAdd($name: String!, $quota: Int, $quotaEnabled: Boolean,"
                        + " $appendOnlyKeys: [String], $fullAccessKeys: [String], $alertDays: Int,"
                        + " $region: String!, $borgVersion: String) { repoAdd(name: $name, quota:"
                        + " $quota, quotaEnabled: $quotaEnabled, appendOnlyKeys: $appendOnlyKeys,"
                        + " fullAccessKeys: $fullAccessKeys, alertDays: $alertDays, region: $region,"
                        + " borgVersion: $borgVersion) { repoAdded { id name } } }",
                    "{\"name\": \"ansible-repo\", \"quota\": 0, \"quotaEnabled\": false,"
                        + " \"appendOnlyKeys\": [], \"fullAccessKeys\": [\"@key@\"], \"alertDays\": 7,"
                        + " \"region\": \"eu\", \"borgVersion\": \"V_1_2_X\"}",
                    Shape.DATA),
                step(
                    "repoList",
                    "query repoList { repoList { id name quota quotaEnabled alertDays region"
                        + " borgVersion appendOnly appendOnlyKeys fullAccessKeys } }",
                    null,
                    Shape.DATA),
                step(
                    "repoEdit as sent before commit 4e75388 (nullable id)",
                    "mutation repoEdit($id: String, $appendOnlyKeys: [String], $fullAccessKeys:"
                        + " [String]) { repoEdit(id: $id, appendOnlyKeys: $appendOnlyKeys,"
                        + " fullAccessKeys: $fullAccessKeys) { repoEdited { id name } } }",
                    "{\"id\": \"@repo@\", \"appendOnlyKeys\": [\"@key@\"], \"fullAccessKeys\": []}",
                    Shape.INVALID),
                step(
                    "repoEdit moving the key to append-only",
                    "mutation repoEdit($id: String!, $appendOnlyKeys: [String], $fullAccessKeys:"
                        + " [String]) { repoEdit(id: $id, appendOnlyKeys: $appendOnlyKeys,"
                        + " fullAccessKeys: $fullAccessKeys) { repoEdited { id name } } }",
                    "{\"id\": \"@repo@\", \"appendOnlyKeys\": [\"@key@\"], \"fullAccessKeys\": []}",
                    Shape.DATA),
                step(
                    "sshDelete with $id: Int! (issue #22)",
                    "mutation sshDelete($id: Int!) { sshDelete(id: $id) { ok } }",
                    "{\"id\": @keyNumber@}",
                    Shape.INVALID),
                step(
                    "sshDelete with $id: String! (PR #23), the id as a number",
                    "mutation sshDelete($id: String!) { sshDelete(id: $id) { ok } }",
                    "{\"id\": @keyNumber@}",
                    Shape.DATA),
                step(
                    "repoDelete",
                    "mutation repoDelete($id: String!) { repoDelete(id: $id) { ok } }",
                    "{\"id\": \"@repo@\"}",
                    Shape.DATA))),
        new Client(
            "S5-kubernetes-operator.txt",
            "S5 clevyr/borgbase-operator",
            List.of(
                step(
                    "repoList by name (adopt or create)",
                    "query RepoList($name: String) { repoList(name: $name) { id name format } }",
                    "{\"name\": \"k8s-backups\"}",
                    Shape.DATA),
                step(
                    "repoAdd restic",
                    "mutation RepoAdd($name: String!, $region: String!, $format: String, $quota:"
                        + " Int, $alertDays: Int, $appendOnly: Boolean) { repoAdd(name: $name, region:"
                        + " $region, format: $format, quota: $quota, alertDays: $alertDays, appendOnly:"
                        + " $appendOnly) { repoAdded { id name format repoPath htpasswd } } }",
                    "{\"name\": \"k8s-backups\", \"region\": \"eu\", \"format\": \"restic\","
                        + " \"quota\": 10000, \"alertDays\": 2, \"appendOnly\": false}",
                    Shape.DATA),
                step(
                    "repo by id",
                    "query Repo($id: String!) { repo(repoId: $id) { id name format quota alertDays"
                        + " appendOnly currentUsage } }",
                    "{\"id\": \"@repo@\"}",
                    Shape.DATA),
                step(
                    "repoEdit reconciling settings",
                    "mutation RepoEdit($id: String!, $quota: Int, $alertDays: Int, $appendOnly:"
                        + " Boolean) { repoEdit(id: $id, quota: $quota, alertDays: $alertDays,"
                        + " appendOnly: $appendOnly) { repoEdited { id quota alertDays appendOnly } } }",
                    "{\"id\": \"@repo@\", \"quota\": 20000, \"alertDays\": 1, \"appendOnly\": true}",
                    Shape.DATA),
                step(
                    "repoDelete",
                    "mutation RepoDelete($id: String!) { repoDelete(id: $id) { ok } }",
                    "{\"id\": \"@repo@\"}",
                    Shape.DATA),
                step(
                    "repo by id once deleted",
                    "query Repo($id: String!) { repo(repoId: $id) { id } }",
                    "{\"id\": \"@repo@\"}",
                    Shape.FIELD_ERROR))),
        new Client(
            "S6-glpi-plugin.txt",
            "S6 ticgal/borgbase (GLPI plugin, read-only token)",
            List.of(
                new Step(
                    "token check", "Bearer READ", "{ isAuthenticated }", null, false, Shape.DATA),
                new Step(
                    "repo inventory",
                    "Bearer READ",
                    "{ repoList { id name region quota quotaEnabled currentUsage createdAt"
                        + " lastModified } }",
                    null,
                    false,
                    Shape.DATA),
                new Step(
                    "one repo",
                    "Bearer READ",
                    "{ repo(repoId: \"@repo@\") { id name currentUsage } }",
                    null,
                    false,
                    Shape.DATA),
                new Step(
                    "overages",
                    "Bearer READ",
                    "{ overageList {usedGb,date,plan{includedSize}}}",
                    null,
                    false,
                    Shape.DATA))),
        new Client(
            "S7-S10-S12-S13-others.txt",
            "S7 collectd, S10 kiwix, S12 BBS, S13 trufflehog",
            List.of(
                step("S7 usage per repo", "{ repoList { name currentUsage } }", null, Shape.DATA),
                new Step(
                    "S10 token probe with a malformed token",
                    "Bearer not-a-jwt",
                    "{ isAuthenticated }",
                    null,
                    false,
                    Shape.DATA),
                new Step(
                    "S10 repoList with a malformed token (the captured answer)",
                    "Bearer not-a-jwt",
                    "\n{\n      repoList { id name }\n}",
                    null,
                    false,
                    Shape.FIELD_ERROR),
                step(
                    "S12 plan of the account",
                    "{ me { username activePlan { id name maxRepos maxSizeGb includedGb } } }",
                    null,
                    Shape.DATA),
                step("S13 token verification", "{ sshList {id, name}}", null, Shape.DATA),
                new Step(
                    "S13 token verification with a token BorgBase never issued",
                    "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
                    "{ sshList {id, name}}",
                    null,
                    false,
                    Shape.FIELD_ERROR))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void answersAsBorgBaseDoes(Client client) throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(
            EmulatorConfig.inMemory()
                .withToken(TokenLevel.FULL_ACCESS, FULL)
                .withToken(TokenLevel.READ_ONLY, READ),
            Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))) {
      GraphQl gql = GraphQl.of(server);
      Map<String, String> ids = new HashMap<>();
      if (client.file().startsWith("S6") || client.file().startsWith("S7")) {
        // Read-only clients find an account that others filled.
        ids.put("@repo@", gql.addRepo("backups", "eu"));
        server.recordBackup(ids.get("@repo@"), 1234.5);
      }
      StringBuilder transcript =
          new StringBuilder("# ").append(client.who()).append(" against the emulator\n\n");
      List<String> failures = new ArrayList<>();
      for (Step step : client.steps()) {
        String query = fill(step.query(), ids);
        ObjectNode body = GraphQl.JSON.createObjectNode().put("query", query);
        if (step.variables() != null) {
          String vars = fill(step.variables(), ids);
          if (step.asString()) {
            body.put("variables", vars);
          } else {
            body.set("variables", GraphQl.JSON.readTree(vars));
          }
        }
        String authorization = step.authorization().replace("FULL", FULL).replace("READ", READ);
        String json = GraphQl.JSON.writeValueAsString(body);
        GraphQl.Raw raw =
            gql.send(
                json,
                "Authorization",
                authorization,
                "Content-Type",
                "application/json",
                "Accept",
                "application/json");
        JsonNode answer = GraphQl.JSON.readTree(raw.text());
        remember(answer, ids);
        transcript
            .append("## ")
            .append(step.what())
            .append("\nAuthorization: ")
            .append(
                step.authorization()
                    .replace("FULL", "<full token>")
                    .replace("READ", "<read token>"))
            .append('\n')
            .append(json)
            .append("\n-> HTTP ")
            .append(raw.status())
            .append('\n')
            .append(raw.text())
            .append("\n\n");
        String problem = check(step.shape(), raw.status(), answer);
        if (problem != null) {
          failures.add(step.what() + ": " + problem + "\n  " + raw.text());
        }
      }
      assertThat(failures).as(client.who()).isEmpty();
      Golden.check("emulator/replay/" + client.file(), transcript.toString());
    }
  }

  /**
   * The one answer of BorgBase captured verbatim (kiwix/borg-backup PR #62, S10): a malformed token
   * on a document whose repoList starts at line 3, column 7.
   */
  @org.junit.jupiter.api.Test
  void theCapturedAnswerToAMalformedTokenIsReproduced() throws Exception {
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      GraphQl.Reply r =
          GraphQl.of(server).post("not-a-jwt", "\n{\n      repoList { id name }\n}", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body())
          .isEqualTo(
              GraphQl.JSON.readTree(
                  "{\"data\": {\"repoList\": null}, \"errors\": [{\"locations\": [{\"column\": 7,"
                      + " \"line\": 3}], \"message\": \"Not enough segments\", \"path\":"
                      + " [\"repoList\"]}]}"));
    }
  }

  /** What is wrong with the answer, or null if it has BorgBase's shape. */
  private static String check(Shape shape, int status, JsonNode answer) {
    switch (shape) {
      case DATA:
        if (status != 200 || !answer.has("data") || answer.has("errors")) {
          return "expected HTTP 200 with data and no errors";
        }
        return null;
      case FIELD_ERROR:
        if (status != 200 || !answer.has("data") || !answer.has("errors")) {
          return "expected HTTP 200 with data and errors";
        }
        for (JsonNode e : answer.get("errors")) {
          if (!e.has("message") || !e.has("locations") || !e.has("path") || e.size() != 3) {
            return "expected errors of message, locations and path only";
          }
          if (!answer.get("data").get(e.get("path").get(0).asText()).isNull()) {
            return "expected the failed field to be null";
          }
        }
        return null;
      case INVALID:
        if (status != 400 || answer.has("data") || !answer.has("errors")) {
          return "expected HTTP 400 with errors and no data";
        }
        return null;
      default:
        throw new IllegalStateException(shape.toString());
    }
  }

  /** The ids a client would keep from the answers: the last key and repo added. */
  private static void remember(JsonNode answer, Map<String, String> ids) {
    JsonNode data = answer.path("data");
    for (JsonNode field : data) {
      JsonNode key = field.path("keyAdded").path("id");
      if (key.isTextual()) {
        ids.put("@key@", key.asText());
        ids.put("@keyNumber@", key.asText());
      }
      JsonNode repo = field.path("repoAdded").path("id");
      if (repo.isTextual()) {
        ids.put("@repo@", repo.asText());
      }
    }
  }

  private static String fill(String text, Map<String, String> ids) {
    String out = text;
    for (String name : List.of("@keyNumber@", "@key@", "@repo@")) {
      if (ids.containsKey(name)) {
        out = out.replace(name, ids.get(name));
      }
    }
    return out;
  }
}
