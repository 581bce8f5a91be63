package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SshKeyTest {
  private static final String KEY_FIELDS =
      "id name keyData comment keyType bits hashMd5 hashSha256 addedAt lastUsedAt";
  private static final Instant NOW = Instant.parse("2024-03-01T12:34:56.789Z");

  @RegisterExtension
  final EmulatorExtension server =
      new EmulatorExtension(EmulatorConfig.inMemory(), Clock.fixed(NOW, ZoneOffset.UTC));

  private GraphQl gql;

  @BeforeEach
  void start() throws Exception {
    gql = server.graphQl();
  }

  @Test
  void sshAddThenSshListRoundTrip() throws Exception {
    GraphQl.Reply added =
        gql.post(
            "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { "
                + KEY_FIELDS
                + " } } }",
            Map.of("n", "laptop", "k", TestKeys.ED25519_LINE));
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.errors()).isNull();
    JsonNode key = added.data("sshAdd").get("keyAdded");

    byte[] blob = Base64.getDecoder().decode(TestKeys.ED25519_LINE.split(" ")[1]);
    String md5 =
        HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
    String sha256 =
        Base64.getEncoder()
            .withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));

    assertThat(key.get("id").isTextual()).as("ids are JSON strings").isTrue();
    assertThat(key.get("id").asText()).matches("\\d+");
    assertThat(key.get("name").asText()).isEqualTo("laptop");
    assertThat(key.get("keyData").asText())
        .isEqualTo(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
    assertThat(key.get("comment").asText()).isEqualTo("test");
    assertThat(key.get("keyType").asText()).isEqualTo("ssh-ed25519");
    assertThat(key.get("bits").asInt()).isEqualTo(256);
    assertThat(key.get("hashMd5").asText()).isEqualTo(md5).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
    assertThat(key.get("hashSha256").asText())
        .isEqualTo(sha256)
        .doesNotContain("=")
        .doesNotStartWith("SHA256:");
    assertThat(key.get("addedAt").asText()).isEqualTo("2024-03-01T12:34:56Z");
    assertThat(key.get("lastUsedAt").isNull()).isTrue();

    GraphQl.Reply list = gql.post("{ sshList { " + KEY_FIELDS + " } }");
    assertThat(list.body().get("data").get("sshList")).hasSize(1);
    assertThat(list.data("sshList").get(0)).isEqualTo(key);
  }

  @Test
  void keyIdsIncreaseAndDuplicatesAreAllowed() {
    String a = gql.addKey("same", TestKeys.ED25519_LINE);
    String b = gql.addKey("same", TestKeys.ED25519_LINE);
    assertThat(a).isEqualTo("1000");
    assertThat(Long.parseLong(b)).isGreaterThan(Long.parseLong(a));
    assertThat(gql.post("{ sshList(name: \"same\") { id } }").data("sshList")).hasSize(2);
    assertThat(gql.post("{ sshList(name: \"other\") { id } }").data("sshList")).isEmpty();
  }

  @Test
  void keyWithoutCommentHasEmptyComment() {
    String line = TestKeys.ed25519();
    gql.addKey("k", line);
    JsonNode key = gql.post("{ sshList { keyData comment } }").data("sshList").get(0);
    assertThat(key.get("keyData").asText()).isEqualTo(line);
    assertThat(key.get("comment").asText()).isEmpty();
  }

  @Test
  void commentWithSpacesIsKeptAndKeyDataNormalisedWhitespace() {
    String line = TestKeys.ed25519();
    String[] parts = line.split(" ");
    gql.addKey("k", "  " + parts[0] + "\t" + parts[1] + "   backup key@host one \n");
    JsonNode key = gql.post("{ sshList { keyData comment } }").data("sshList").get(0);
    assertThat(key.get("keyData").asText()).isEqualTo(line);
    assertThat(key.get("comment").asText()).isEqualTo("backup key@host one");
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 384, 521})
  void ecdsaKeysReportCurveBits(int bits) {
    gql.addKey("ec", TestKeys.ecdsa(bits) + " ec@host");
    JsonNode key = gql.post("{ sshList { keyType bits } }").data("sshList").get(0);
    assertThat(key.get("keyType").asText()).isEqualTo("ecdsa-sha2-nistp" + bits);
    assertThat(key.get("bits").asInt()).isEqualTo(bits);
  }

  @Test
  void rsaKeysReportModulusBits() {
    gql.addKey("rsa", TestKeys.rsa(2048));
    JsonNode key = gql.post("{ sshList { keyType bits } }").data("sshList").get(0);
    assertThat(key.get("keyType").asText()).isEqualTo("ssh-rsa");
    assertThat(key.get("bits").asInt()).isEqualTo(2048);
  }

  @Test
  void invalidKeysAreFieldErrors() {
    String ed = TestKeys.ed25519();
    String edBody = ed.split(" ")[1];
    Map<String, String> cases =
        Map.of(
            "ssh-rsa " + TestKeys.rsa(1024).split(" ")[1],
            "longer than 1024 bit",
            "ssh-rsa " + edBody,
            "ssh-ed25519",
            "ssh-ed25519 not*base64",
            "base64",
            "ssh-dss AAAAB3NzaC1kc3M=",
            "unsupported key type",
            "ssh-ed25519",
            "expected",
            "",
            "empty",
            "ssh-ed25519 " + edBody.substring(0, 40),
            "",
            ecdsaOffCurve(),
            "not on the curve");
    cases.forEach(
        (line, fragment) -> {
          GraphQl.Reply r =
              gql.post(
                  "mutation($k: String!) { sshAdd(name: \"x\", keyData: $k) { keyAdded { id } } }",
                  Map.of("k", line));
          assertThat(r.status()).as(line).isEqualTo(200);
          assertThat(r.data().get("sshAdd").isNull()).as(line).isTrue();
          assertThat(r.firstError()).as(line).startsWith("Invalid SSH key: ").contains(fragment);
          assertThat(r.errors().get(0).get("path").get(0).asText()).isEqualTo("sshAdd");
        });
    assertThat(gql.post("{ sshList { id } }").data("sshList")).isEmpty();
  }

  static java.util.List<dev.borgform.testing.EcdsaVectors.Vector> ecdsaPoints() {
    return dev.borgform.testing.EcdsaVectors.all();
  }

  /**
   * The same vectors as borgform's own key check (model.SshPublicKeyTest): sshAdd refuses exactly
   * the keys validate refuses.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("ecdsaPoints")
  void anEcdsaKeyIsAcceptedOnlyWhenItsPointIsOnItsCurve(
      dev.borgform.testing.EcdsaVectors.Vector v) {
    if (v.onCurve()) {
      assertThat(SshPublicKey.parse(v.line()).keyType).isEqualTo("ecdsa-sha2-" + v.curve());
    } else {
      assertThatThrownBy(() -> SshPublicKey.parse(v.line()))
          .isInstanceOf(ApiException.class)
          .hasMessage("Invalid SSH key: the ECDSA point is not on the curve.");
    }
  }

  @Test
  void blankNameIsRefused() {
    GraphQl.Reply r =
        gql.post(
            "mutation($k: String!) { sshAdd(name: \" \", keyData: $k) { keyAdded { id } } }",
            Map.of("k", TestKeys.ED25519_LINE));
    assertThat(r.firstError()).isEqualTo("Name must not be empty.");
  }

  private static String ecdsaOffCurve() {
    byte[] q = new byte[65];
    q[0] = 4;
    q[64] = 1; // (0, 1) is not on P-256
    return TestKeys.line(
        "ecdsa-sha2-nistp256",
        TestKeys.string("ecdsa-sha2-nistp256"),
        TestKeys.string("nistp256"),
        TestKeys.string(q));
  }
}
