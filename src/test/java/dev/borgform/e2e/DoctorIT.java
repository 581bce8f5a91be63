package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EditedSchema;
import dev.borgform.testing.Golden;
import dev.borgform.testing.TunnelProxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code borgform doctor} through the CLI over real HTTP: against the emulator every check passes;
 * against a server whose schema differs (an argument dropped, a type changed) it names each
 * difference with what it breaks; introspection refused, tokens of each level or none, TLS with
 * {@code SSL_CERT_FILE} and a proxy, an endpoint with nothing listening, and {@code --save-schema}.
 */
class DoctorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] IDS = {
    "endpoint", "proxy", "dns", "tcp", "tls", "http", "token", "account", "schema"
  };

  private EmulatorServer emulator;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Map<String, String> env(String url, TokenLevel level) {
    Map<String, String> env = new HashMap<>();
    env.put("BORGBASE_API_URL", url);
    env.put("BORGBASE_TOKEN", emulator.token(level));
    return env;
  }

  /** Times, ports and resolved addresses vary from run to run; the rest is the golden. */
  static String masked(String s) {
    return s.replaceAll("\\d+ ms", "N ms")
        .replaceAll(":\\d{4,5}\\b", ":PORT")
        .replaceAll("port \\d+", "port PORT")
        .replaceAll("resolves to [^\"\\n]* in", "resolves to ADDRESSES in")
        .replaceAll("(localhost|127\\.0\\.0\\.1|\\[::1\\]|::1)", "LOOPBACK");
  }

  @Test
  void againstTheEmulatorEveryCheckPassesAndIsListed() throws Exception {
    Map<String, String> env = env(emulator.graphqlUrl().toString(), TokenLevel.READ_ONLY);
    emulator.resetStats();
    Result text = CliRun.run(env, "doctor");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.err()).isEmpty();
    // Four queries (the probe, the account read, the level probe, introspection); no mutation.
    assertThat(emulator.stats().requests()).isEqualTo(4);
    assertThat(emulator.stats().perOperation()).containsOnlyKeys("query");
    Golden.check("doctor/emulator.txt", masked(text.out()));

    Result json = CliRun.run(env, "doctor", "--output", "json");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.path("formatVersion").asText()).isEqualTo("1");
    assertThat(doc.path("passed").asBoolean()).isTrue();
    List<String> ids = new ArrayList<>();
    doc.path("checks").forEach(c -> ids.add(c.path("id").asText()));
    assertThat(ids).containsExactly(IDS);
    doc.path("checks").forEach(c -> assertThat(c.path("status").asText()).isEqualTo("ok"));
    Golden.check("doctor/emulator.json", masked(json.out()));
  }

  @Test
  void aSchemaThatDropsAnArgumentAndChangesATypeIsNamedWithWhatEachBreaks() throws Exception {
    try (MockWebServer front = new MockWebServer()) {
      front.setDispatcher(
          EditedSchema.of(
              sdl ->
                  sdl.replace("sshDelete(id: String!)", "sshDelete(id: Int!)")
                      .replace(
                          "    sftpEnabled: Boolean\n    borgVersion: String\n    compactionEnabled",
                          "    sftpEnabled: Boolean\n    compactionEnabled"),
              emulator.graphqlUrl()));
      front.start();
      Map<String, String> env = env(front.url("/graphql").toString(), TokenLevel.READ_ONLY);
      Result r = CliRun.run(env, "doctor");
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "- sshDelete(id:): borgform sends String!, the live schema expects Int!\n"
                  + "                          breaks: apply: deleting a key not in the spec"
                  + " (policy.pruneKeys), and the last step of replacing a key")
          .contains(
              "- repoEdit(borgVersion:): borgform sends this argument; the live schema has no"
                  + " such argument\n"
                  + "                          breaks: apply: changing an existing repo, and"
                  + " moving repos to a replaced key (keys[].publicKey); spec field"
                  + " repos[].borgVersion")
          .contains("FAILED   API schema   2 differences");
      Golden.check("doctor/drifted.txt", masked(r.out()));

      Result json = CliRun.run(env, "doctor", "--output", "json");
      assertThat(json.exitCode()).isEqualTo(1);
      JsonNode schema = JSON.readTree(json.out()).path("checks").get(8);
      assertThat(schema.path("status").asText()).isEqualTo("failed");
      assertThat(schema.path("findings")).hasSize(2);
      Golden.check("doctor/drifted.json", masked(json.out()));
    }
  }

  @Test
  void introspectionRefusedIsReportedAsSuchNotAsAnApiFailure() throws Exception {
    try (MockWebServer front = new MockWebServer()) {
      front.setDispatcher(
          EditedSchema.refusingIntrospection(
              "GraphQL introspection is not allowed, but the query contained __schema or __type",
              emulator.graphqlUrl()));
      front.start();
      Result r = CliRun.run(env(front.url("/graphql").toString(), TokenLevel.READ_ONLY), "doctor");
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.out())
          .contains(
              "warning  API schema   not checked: the endpoint does not answer introspection");
      Golden.check("doctor/introspection-refused.txt", masked(r.out()));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "READ_ONLY, 0, ok, 'level: Read Only or Full Access: reading cannot tell them apart without"
        + " changing something'",
    "FULL_ACCESS, 0, ok, 'level: Read Only or Full Access: reading cannot tell them apart without"
        + " changing something'",
    "CREATE_ONLY, 0, warning, 'level: Create Only (it may read the key and repo lists, nothing"
        + " else)'"
  })
  void theTokenLevelWhereAReadCanTell(TokenLevel level, int exit, String status, String detail)
      throws Exception {
    Result r =
        CliRun.run(env(emulator.graphqlUrl().toString(), level), "doctor", "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    JsonNode token = JSON.readTree(r.out()).path("checks").get(6);
    assertThat(token.path("status").asText()).isEqualTo(status);
    assertThat(token.path("details").get(0).asText()).isEqualTo(detail);
  }

  @Test
  void theSandboxPassesToo() {
    Result r =
        CliRun.run(
            Map.of(), "doctor", "--sandbox=" + dir.resolve("sandbox.json"), "--output", "json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("\"endpoint\" : \"http://127.0.0.1:").contains("(the sandbox)");
  }

  @Test
  void aRefusedTokenFailsWithWhyAndWhatToDo() {
    Map<String, String> env = env(emulator.graphqlUrl().toString(), TokenLevel.READ_ONLY);
    env.put("BORGBASE_TOKEN", "not-a-borgbase-token");
    Result r = CliRun.run(env, "doctor");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED   Token        refused: BorgBase refused the token");
    Golden.check("doctor/refused-token.txt", masked(r.out()));
  }

  @Test
  void nothingListeningFailsAtTcpAndSkipsWhatNeedsAnAnswer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r =
        CliRun.run(env("http://127.0.0.1:" + port + "/graphql", TokenLevel.READ_ONLY), "doctor");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED   TCP")
        .contains("skipped  Token        not checked: no answer from the endpoint");
    Golden.check("doctor/unreachable.txt", masked(r.out()));
  }

  @Test
  void tlsShowsTheCertificateAndWhichTrustAppliedThroughAProxyWithoutItsCredentials()
      throws Exception {
    Path ca = dir.resolve("ca.pem");
    String password = "pr0xy-secret";
    try (EmulatorServer tls = EmulatorServer.start(EmulatorConfig.inMemory().withTls(ca));
        TunnelProxy proxy = TunnelProxy.requiring(Credentials.basic("ci", password))) {
      Map<String, String> env = new HashMap<>();
      env.put("BORGBASE_API_URL", tls.graphqlUrl().toString());
      env.put("BORGBASE_TOKEN", tls.token(TokenLevel.READ_ONLY));
      env.put("SSL_CERT_FILE", ca.toString());
      Result direct = CliRun.run(env, "doctor");
      assertThat(direct.exitCode()).as(direct.toString()).isZero();
      assertThat(direct.out())
          // The emulator's certificate lives a week: a warning (under 14 days), not a failure.
          .containsPattern("(ok       |warning  )TLS          TLSv1\\.[23], certificate trusted")
          .containsPattern("valid until \\d{4}-\\d{2}-\\d{2} \\([0-7] days\\)")
          .contains("certificate: CN=")
          .contains("issued by: ")
          .contains("valid until ")
          .contains("trusted through SSL_CERT_FILE=" + ca + " (1 certificate)");

      env.put("https_proxy", "http://ci:" + password + "@127.0.0.1:" + proxy.port());
      Result via = CliRun.run(env, "doctor");
      assertThat(via.exitCode()).as(via.toString()).isZero();
      assertThat(via.out())
          .contains(
              "ok       Proxy        http://127.0.0.1:" + proxy.port() + " (from https_proxy)")
          .contains("a CONNECT tunnel to 127.0.0.1:")
          .contains("with credentials from https_proxy (not shown)")
          .contains("(the proxy)")
          .doesNotContain(password);
      assertThat(via.all()).doesNotContain(password);
      assertThat(proxy.heads()).isNotEmpty();

      env.put("NO_PROXY", "127.0.0.1");
      Result bypassed = CliRun.run(env, "doctor");
      assertThat(bypassed.exitCode()).as(bypassed.toString()).isZero();
      assertThat(bypassed.out())
          .contains(
              "ok       Proxy        direct: NO_PROXY matches 127.0.0.1, so https_proxy is not"
                  + " used");

      Result without =
          CliRun.run(
              Map.of(
                  "BORGBASE_API_URL",
                  env.get("BORGBASE_API_URL"),
                  "BORGBASE_TOKEN",
                  env.get("BORGBASE_TOKEN")),
              "doctor");
      assertThat(without.exitCode()).isEqualTo(1);
      assertThat(without.out())
          .contains("FAILED   TLS")
          .contains("skipped  HTTP         not checked: no TLS connection");
    }
  }

  @Test
  void saveSchemaWritesTheLiveIntrospectionResultAndReplacesOnlyASavedSchema() throws Exception {
    Map<String, String> env = env(emulator.graphqlUrl().toString(), TokenLevel.READ_ONLY);
    Path file = dir.resolve("schema.json");
    Result r = CliRun.run(env, "doctor", "--output", "json", "--save-schema", file.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEqualTo("Saved the live schema to " + file + ".\n");
    JSON.readTree(r.out()); // standard output is still one JSON document
    JsonNode saved = JSON.readTree(file.toFile());
    assertThat(saved.path("data").path("__schema").path("types").size()).isGreaterThan(10);

    Result again = CliRun.run(env, "doctor", "--save-schema", file.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).endsWith("Saved the live schema to " + file + ".\n");

    Path spec = dir.resolve("borgbase.yaml");
    Files.writeString(spec, "version: 1\n");
    Result refused = CliRun.run(env, "doctor", "--save-schema", spec.toString());
    assertThat(refused.exitCode()).isEqualTo(64);
    assertThat(refused.err())
        .startsWith(
            "Error: "
                + spec
                + " already exists and is not a saved schema; --save-schema only replaces a"
                + " schema it saved before");
    assertThat(refused.out()).isEmpty();
    assertThat(Files.readString(spec)).isEqualTo("version: 1\n");
  }
}
