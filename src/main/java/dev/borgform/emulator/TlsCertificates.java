package dev.borgform.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The emulator's HTTPS identity, made fresh at every start: a certificate authority that lives only
 * in memory, and a server certificate it signs for the names the emulator is reached by (localhost,
 * 127.0.0.1, ::1 and the bind address). The CA's certificate, public only, is written as PEM for
 * clients to trust ({@code SSL_CERT_FILE}), as a company CA would be handed out; its private key
 * never leaves the process, so nothing it signed outlives the emulator.
 *
 * <p>Made with OkHttp's {@code okhttp-tls} ({@code HeldCertificate}): keys and certificates without
 * the JDK's internal {@code sun.security.x509} or a {@code keytool} run, and ECDSA keys, so a start
 * costs milliseconds.
 */
final class TlsCertificates {
  /** Long enough for any test run or demo; short enough that a copied file soon stops mattering. */
  private static final long VALID_DAYS = 7;

  private final String caPem;
  private final SSLContext sslContext;

  private TlsCertificates(String caPem, SSLContext sslContext) {
    this.caPem = caPem;
    this.sslContext = sslContext;
  }

  static TlsCertificates generate(String bindHost) {
    HeldCertificate ca =
        new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("borgform emulator CA (generated at start, not BorgBase)")
            .duration(VALID_DAYS, TimeUnit.DAYS)
            .build();
    Set<String> names = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
    String h = bindHost.startsWith("[") ? bindHost.substring(1, bindHost.length() - 1) : bindHost;
    if (!h.equals("0.0.0.0") && !h.equals("::")) names.add(h);
    HeldCertificate.Builder server =
        new HeldCertificate.Builder()
            .commonName("borgform emulator")
            .duration(VALID_DAYS, TimeUnit.DAYS)
            .signedBy(ca);
    for (String n : names) server.addSubjectAlternativeName(n);
    HandshakeCertificates handshake =
        new HandshakeCertificates.Builder()
            .heldCertificate(server.build(), ca.certificate())
            .build();
    return new TlsCertificates(ca.certificatePem(), handshake.sslContext());
  }

  /** The CA certificate as PEM: what a client must trust to talk to this emulator. */
  String caPem() {
    return caPem;
  }

  SSLContext sslContext() {
    return sslContext;
  }

  /** Writes the CA certificate to {@code file} (replacing it: it is made anew at every start). */
  void writeCa(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(
        file,
        caPem,
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }
}
