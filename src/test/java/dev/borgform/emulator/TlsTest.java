package dev.borgform.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS: a certificate made at start, its CA written out for clients. */
class TlsTest {
  @TempDir Path dir;

  private static Request accountRead(EmulatorServer server) {
    return new Request.Builder()
        .url(server.graphqlUrl().toString())
        .header("Authorization", "Bearer " + server.token(TokenLevel.FULL_ACCESS))
        .post(
            RequestBody.create(
                "{\"query\":\"{ sshList { id } }\"}", MediaType.get("application/json")))
        .build();
  }

  private static OkHttpClient trusting(Path caPem) throws IOException {
    X509Certificate ca = Certificates.decodeCertificatePem(Files.readString(caPem));
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .build();
  }

  @Test
  void servesHttpsToAClientThatTrustsTheCaItWroteOut() throws Exception {
    Path ca = dir.resolve("sub/ca.pem");
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory().withTls(ca))) {
      assertThat(server.graphqlUrl().toString()).startsWith("https://127.0.0.1:");
      assertThat(server.statsUrl().toString()).startsWith("https://127.0.0.1:");
      assertThat(server.tlsCaFile()).isEqualTo(ca);
      String pem = Files.readString(ca);
      assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
      X509Certificate caCert = Certificates.decodeCertificatePem(pem);
      assertThat(caCert.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);

      try (Response r = trusting(ca).newCall(accountRead(server)).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("\"sshList\":[]");
        X509Certificate leaf = (X509Certificate) r.handshake().peerCertificates().get(0);
        List<String> names =
            leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(caCert.getSubjectX500Principal());
      }
      assertThat(server.stats().requests()).isEqualTo(1);
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCaIsRefusedAndNothingIsServed() throws Exception {
    try (EmulatorServer server =
        EmulatorServer.start(EmulatorConfig.inMemory().withTls(dir.resolve("ca.pem")))) {
      assertThatThrownBy(() -> new OkHttpClient().newCall(accountRead(server)).execute())
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(server.stats().requests()).isZero();
    }
  }

  @Test
  void everyStartMakesANewCaAndPlainHttpStaysTheDefault() throws Exception {
    Path ca = dir.resolve("ca.pem");
    String first;
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory().withTls(ca))) {
      assertThat(server.tlsCaFile()).isEqualTo(ca);
      first = Files.readString(ca);
    }
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory().withTls(ca))) {
      assertThat(server.tlsCaFile()).isEqualTo(ca);
      assertThat(Files.readString(ca)).isNotEqualTo(first);
    }
    try (EmulatorServer server = EmulatorServer.start(EmulatorConfig.inMemory())) {
      assertThat(server.graphqlUrl().toString()).startsWith("http://");
      assertThat(server.tlsCaFile()).isNull();
    }
  }
}
