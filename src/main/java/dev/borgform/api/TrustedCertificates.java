package dev.borgform.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;

/**
 * Certificate authorities trusted in addition to the JDK's own, from the variables Go, curl and
 * OpenSSL honour: {@code SSL_CERT_FILE} (a PEM file; a bundle may hold many certificates, with text
 * between them) and {@code SSL_CERT_DIR} (folders of PEM files, separated by {@code :} as in Go and
 * OpenSSL). They are added to the JDK's trusted CAs, never instead of them: a company CA for a
 * TLS-inspecting proxy must not make BorgBase's own certificate untrusted.
 *
 * <p>Unlike Go, which silently ignores a file it cannot read, a variable that is set but yields no
 * certificate is an error: the user set it on purpose, and a TLS failure later would hide why.
 */
final class TrustedCertificates {
  static final String FILE_VARIABLE = "SSL_CERT_FILE";
  static final String DIR_VARIABLE = "SSL_CERT_DIR";

  /** A PEM bundle is text; anything this large is not one (the system bundle is about 200 KB). */
  private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  static final TrustedCertificates NONE = new TrustedCertificates(List.of(), "");

  private final List<X509Certificate> certificates;
  private final String source;

  private TrustedCertificates(List<X509Certificate> certificates, String source) {
    this.certificates = List.copyOf(certificates);
    this.source = source;
  }

  /**
   * Reads {@code SSL_CERT_FILE} and {@code SSL_CERT_DIR}; relative paths are taken from {@code
   * workingDir}. Empty variables count as unset.
   *
   * @throws IllegalArgumentException naming the variable and path, for the user
   */
  static TrustedCertificates fromEnvironment(Map<String, String> env, Path workingDir) {
    List<X509Certificate> all = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    String file = env.get(FILE_VARIABLE);
    if (file != null && !file.isBlank()) {
      Path p = workingDir.resolve(file.strip());
      List<X509Certificate> certs;
      try {
        certs = read(p);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            FILE_VARIABLE
                + "="
                + file.strip()
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + ")");
      } catch (CertificateException e) {
        throw new IllegalArgumentException(
            FILE_VARIABLE
                + "="
                + file.strip()
                + " is not a PEM certificate file: "
                + e.getMessage());
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(
            FILE_VARIABLE
                + "="
                + file.strip()
                + " holds no certificate (a PEM file has -----BEGIN CERTIFICATE----- blocks)");
      }
      all.addAll(certs);
      sources.add(FILE_VARIABLE + "=" + file.strip() + " (" + count(certs.size()) + ")");
    }
    String dirs = env.get(DIR_VARIABLE);
    if (dirs != null && !dirs.isBlank()) {
      for (String d : dirs.split(java.io.File.pathSeparator)) {
        if (d.isBlank()) continue;
        Path dir = workingDir.resolve(d.strip());
        List<X509Certificate> certs = readDir(dir, d.strip());
        all.addAll(certs);
        sources.add(DIR_VARIABLE + " " + d.strip() + " (" + count(certs.size()) + ")");
      }
    }
    return all.isEmpty() ? NONE : new TrustedCertificates(all, String.join(", ", sources));
  }

  /** Every file of the folder that holds PEM certificates (OpenSSL's hash links included). */
  private static List<X509Certificate> readDir(Path dir, String shown) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          DIR_VARIABLE + " names " + shown + ", which is not a folder");
    }
    List<X509Certificate> out = new ArrayList<>();
    TreeSet<Path> files = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) if (Files.isRegularFile(p)) files.add(p);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          DIR_VARIABLE + " " + shown + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    for (Path p : files) {
      try {
        out.addAll(read(p));
      } catch (IOException | CertificateException e) {
        // As Go and OpenSSL do: a file in a certificate folder that holds no certificate (a
        // README, a CRL) is skipped.
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          DIR_VARIABLE + " " + shown + " holds no PEM certificate in any of its files");
    }
    return out;
  }

  private static List<X509Certificate> read(Path p) throws IOException, CertificateException {
    long size = Files.size(p);
    if (size > MAX_FILE_BYTES) throw new CertificateException("the file is too large");
    List<X509Certificate> out = new ArrayList<>();
    if (size == 0) return out;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(p))) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) out.add(x);
      }
    }
    return out;
  }

  private static String count(int n) {
    return n + (n == 1 ? " certificate" : " certificates");
  }

  boolean isEmpty() {
    return certificates.isEmpty();
  }

  int size() {
    return certificates.size();
  }

  /** Where the certificates came from, e.g. {@code SSL_CERT_FILE=ca.pem (2 certificates)}. */
  String source() {
    return source;
  }

  /** The JDK's trusted CAs plus these, for every TLS connection of the client. */
  void applyTo(OkHttpClient.Builder builder) {
    if (certificates.isEmpty()) return;
    HandshakeCertificates.Builder b = new HandshakeCertificates.Builder();
    b.addPlatformTrustedCertificates();
    for (X509Certificate c : certificates) b.addTrustedCertificate(c);
    HandshakeCertificates h = b.build();
    builder.sslSocketFactory(h.sslSocketFactory(), h.trustManager());
  }
}
