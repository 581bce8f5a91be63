package dev.borgform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.testing.EcdsaVectors;
import dev.borgform.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SshPublicKeyTest {
  /** A key and the fingerprints BorgBase reported for it (public Terraform provider test). */
  private static final String BORGBASE_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBAt/X37WDQ3cNPEVHQBsW3lH7XPeea5rUoeXuhoTkzR terraform@localhost";

  private static SshPublicKey parse(String line) throws InvalidPublicKeyException {
    return SshPublicKey.parse(line);
  }

  /** Equality is that of the four values, as it was when the key was a record. */
  @Test
  void keysAreEqualWhenTheirFourValuesAre() throws Exception {
    SshPublicKey a = parse(BORGBASE_KEY);
    SshPublicKey b = parse(BORGBASE_KEY);
    b.sha256Fingerprint(); // one worked out, the other not: no difference
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isEqualTo(new SshPublicKey(a.type(), a.blobBase64(), a.comment(), a.bits()));
    assertThat(a).isNotEqualTo(parse(BORGBASE_KEY.replace("terraform@", "other@")));
    assertThat(a).isNotEqualTo(new SshPublicKey(a.type(), a.blobBase64(), a.comment(), 0));
    assertThat(a).isNotEqualTo(parse(TestKeys.ED1));
    assertThat(new SshPublicKey("ssh-ed25519", "AAAA", null, 256).comment()).isEmpty();
    assertThat(a.toString()).contains(a.blobBase64()).contains("terraform@localhost");
    assertThat(b.sha256Fingerprint()).isSameAs(b.sha256Fingerprint());
  }

  @Test
  void fingerprintsAreComputedAsBorgBaseShowsThem() throws Exception {
    SshPublicKey k = parse(BORGBASE_KEY);
    assertThat(k.md5Fingerprint()).isEqualTo("55:62:b1:68:e7:d9:2f:66:ff:29:b6:fb:41:b6:39:a9");
    assertThat(k.sha256Fingerprint()).isEqualTo("pZlnOMnSYab3A2b1GDfSXBHR1wKEp8RflbcGXsC6la8");
    assertThat(k.bits()).isEqualTo(256);
  }

  @Test
  void theCommentIsKeptApartAndIgnoredWhenComparing() throws Exception {
    SshPublicKey a = parse(BORGBASE_KEY);
    SshPublicKey b = parse(BORGBASE_KEY.replace("terraform@localhost", "someone else  entirely"));
    assertThat(a.comment()).isEqualTo("terraform@localhost");
    assertThat(b.comment()).isEqualTo("someone else  entirely");
    assertThat(a.sameKeyAs(b)).isTrue();
    assertThat(a.identity()).isEqualTo(BORGBASE_KEY.substring(0, BORGBASE_KEY.lastIndexOf(' ')));
    assertThat(a.toLine()).isEqualTo(BORGBASE_KEY);
    assertThat(parse(a.identity()).comment()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "ED1, ssh-ed25519, 256",
    "ECDSA256, ecdsa-sha2-nistp256, 256",
    "ECDSA521, ecdsa-sha2-nistp521, 521",
    "RSA3072, ssh-rsa, 3072",
  })
  void everyAcceptedTypeParsesWithItsSize(String constant, String type, int bits) throws Exception {
    String line = (String) TestKeys.class.getField(constant).get(null);
    SshPublicKey k = parse(line);
    assertThat(k.type()).isEqualTo(type);
    assertThat(k.bits()).isEqualTo(bits);
  }

  static java.util.List<EcdsaVectors.Vector> ecdsaPoints() {
    return EcdsaVectors.all();
  }

  /** The same vectors as the emulator's test: validate refuses exactly the keys sshAdd refuses. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ecdsaPoints")
  void anEcdsaKeyIsAcceptedOnlyWhenItsPointIsOnItsCurve(EcdsaVectors.Vector v) throws Exception {
    if (v.onCurve()) {
      assertThat(parse(v.line()).type()).isEqualTo("ecdsa-sha2-" + v.curve());
    } else {
      assertThatThrownBy(() -> parse(v.line()))
          .isInstanceOf(InvalidPublicKeyException.class)
          .hasMessage(
              "the key's ECDSA point is not on the curve "
                  + v.curve()
                  + " (a damaged or made-up blob; BorgBase refuses it)");
    }
  }

  @Test
  void rsaUnder2048BitsIsRefused() {
    assertThatThrownBy(() -> parse(TestKeys.RSA1024))
        .isInstanceOf(InvalidPublicKeyException.class)
        .hasMessageContaining("1024 bits");
  }

  @Test
  void theTypeWordMustMatchTheBlob() {
    String blob = TestKeys.ED1.split(" ")[1];
    assertThatThrownBy(() -> parse("ssh-rsa " + blob))
        .hasMessageContaining("its blob holds a key of type \"ssh-ed25519\"");
    String p256 = TestKeys.ECDSA256.split(" ")[1];
    assertThatThrownBy(() -> parse("ecdsa-sha2-nistp521 " + p256))
        .hasMessageContaining("type \"ecdsa-sha2-nistp256\"");
  }

  @Test
  void missingPaddingDoesNotChangeTheIdentity() throws Exception {
    String padded = TestKeys.ECDSA256.split(" ")[0] + " " + TestKeys.ECDSA256.split(" ")[1];
    assertThat(padded).endsWith("=");
    assertThat(parse(padded.replaceAll("=+$", "")).identity()).isEqualTo(parse(padded).identity());
  }

  @Test
  void privateKeysInEveryFormatAreRecognisedAndNeverQuoted() {
    String canary = "CANARY1234";
    String[] privates = {
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn"
          + canary
          + "\n-----END OPENSSH PRIVATE KEY-----",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIE" + canary + "\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN EC PRIVATE KEY-----\n" + canary,
      "-----BEGIN PRIVATE KEY-----\n" + canary,
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + canary,
      "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n" + canary,
      "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n" + canary,
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ" + canary,
      "ssh-ed25519 b3BlbnNzaC1rZXktdjEAAAAA" + canary,
    };
    for (String p : privates) {
      assertThat(SshPublicKey.looksLikePrivateKey(p)).as(p).isTrue();
      assertThatThrownBy(() -> parse(p))
          .isInstanceOfSatisfying(
              InvalidPublicKeyException.class, e -> assertThat(e.isPrivateKey()).isTrue())
          .satisfies(e -> assertThat(e.toString()).doesNotContain(canary));
    }
    assertThat(SshPublicKey.looksLikePrivateKey(TestKeys.RSA3072)).isFalse();
    assertThat(SshPublicKey.privateKeyIndex("version: 1\nkey: -----BEGIN OPENSSH PRIVATE KEY-----"))
        .isEqualTo(16);
  }

  @Test
  void privateKeyMarkersAreFoundInAnyCaseAndOnlyWhereThePatternFindsThem() {
    // The pattern folds ASCII letters only; the quick search before it must never miss what the
    // pattern finds, in any case, and must leave the answer to the pattern otherwise.
    String[][] rows = {
      {"-----begin openssh private key-----", "0"},
      {"x: -----Begin Rsa Private Key-----", "3"},
      {"puttY-user-KEY-file-2: ssh-rsa", "0"},
      {"key: B3BLBNNZAC1RZXKTDJE", "5"},
      {"---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", "5"},
      {"a private key is never pasted here", "-1"}, // the words, but no marker
      {"PRIVATE \u212AEY-----", "-1"}, // KELVIN SIGN: lower-cases to k, the pattern refuses it
      {"name: web-01\npublicKey: ssh-ed25519 AAAA", "-1"},
      {"", "-1"},
    };
    for (String[] r : rows) {
      assertThat(SshPublicKey.privateKeyIndex(r[0])).as(r[0]).isEqualTo(Integer.parseInt(r[1]));
    }
  }

  @Test
  void unknownTypeWordsAreNotRepeatedInMessages() {
    assertThatThrownBy(() -> parse("ssh-secretstuff AAAA"))
        .hasMessageContaining("an unknown type")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secretstuff"));
    assertThatThrownBy(() -> parse("ssh-dss AAAA")).hasMessageContaining("\"ssh-dss\"");
  }

  @Test
  void controlCharactersAndSeveralLinesAreRefused() throws InvalidPublicKeyException {
    assertThatThrownBy(() -> parse(TestKeys.ED1 + "\u001b[2J"))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> parse(TestKeys.ED1 + "\n" + TestKeys.ED2))
        .hasMessageContaining("several lines");
    // Each side of the printable ASCII range, a C1 control and a format character are refused;
    // a tab between the fields and text beyond ASCII in the comment are not.
    for (String c : new String[] {"\u007f", "\u001f", "\u0085", "\u202e", "\u200b"}) {
      assertThatThrownBy(() -> parse(TestKeys.ED1 + " ho" + c + "st"))
          .as("U+%04X", (int) c.charAt(0))
          .hasMessageContaining("control characters");
    }
    String[] fields = TestKeys.ED1.split(" ");
    assertThat(parse(fields[0] + "\t" + fields[1] + "\tjosé@höst 🚀").identity())
        .isEqualTo(parse(TestKeys.ED1).identity());
  }
}
