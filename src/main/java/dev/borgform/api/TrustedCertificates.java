package dev.borgform.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import org.jspecify.annotations.Nullable;

/**
 * Certificate authorities trusted in addition to the JDK's own, from the variables Go, curl and
 * OpenSSL honour: {@code SSL_CERT_FILE} (a PEM file; a bundle may hold many certificates, with text
 * between them) and {@code SSL_CERT_DIR} (folders of PEM files, separated by {@code :} as in Go and
 * OpenSSL). They are added to the JDK's trusted CAs, never instead of them: a company CA for a
 * TLS-inspecting proxy must not make BorgBase's own certificate untrusted.
 *
 * <p>The files are read only when the JDK's CAs do not trust a server: many systems set both
 * variables to the system's own bundle and folder (hundreds of certificates; reading them added
 * seconds to a run on a busy machine, see docs/reliability.md), and then the JDK's CAs already
 * suffice. A variable naming a file or folder that does not exist is an error at once; one whose
 * files hold no certificate is an error when it is needed (Go would ignore both silently, and a TLS
 * failure would then hide why).
 */
final class TrustedCertificates {
  static final String FILE_VARIABLE = "SSL_CERT_FILE";
  static final String DIR_VARIABLE = "SSL_CERT_DIR";

  /** A PEM bundle is text; anything this large is not one (the system bundle is about 200 KB). */
  private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  static final TrustedCertificates NONE = new TrustedCertificates(null, null, List.of(), List.of());

  private final @Nullable Path file;
  private final @Nullable String fileShown;
  private final List<Path> dirs;
  private final List<String> dirsShown;

  /** Read on first need: the certificates, or why there are none. */
  private @Nullable List<X509Certificate> loaded;

  private @Nullable Unusable failed;
  private @Nullable X509TrustManager withExtras;
  private @Nullable Integer fileCount;
  private final List<Integer> dirCounts = new ArrayList<>();

  /** The last server chain was accepted by the extra CAs, not the JDK's (for doctor). */
  private volatile boolean lastByExtras;

  private volatile List<X509Certificate> lastChain = List.of();

  /** A certificate variable that gives no certificate, in words for the user. */
  static final class Unusable extends CertificateException {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  private TrustedCertificates(
      @Nullable Path file, @Nullable String fileShown, List<Path> dirs, List<String> dirsShown) {
    this.file = file;
    this.fileShown = fileShown;
    this.dirs = List.copyOf(dirs);
    this.dirsShown = List.copyOf(dirsShown);
  }

  /**
   * Reads {@code SSL_CERT_FILE} and {@code SSL_CERT_DIR}; relative paths are taken from {@code
   * workingDir}. Empty variables count as unset.
   *
   * @throws IllegalArgumentException naming the variable and path, for the user, when the file or a
   *     folder does not exist
   */
  static TrustedCertificates fromEnvironment(Map<String, String> env, Path workingDir) {
    Path file = null;
    String fileShown = null;
    String f = env.get(FILE_VARIABLE);
    if (f != null && !f.isBlank()) {
      fileShown = f.strip();
      file = workingDir.resolve(fileShown);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(
            FILE_VARIABLE + "=" + fileShown + " is not a readable file");
      }
    }
    List<Path> dirs = new ArrayList<>();
    List<String> dirsShown = new ArrayList<>();
    String d = env.get(DIR_VARIABLE);
    if (d != null && !d.isBlank()) {
      for (String one : d.split(java.io.File.pathSeparator)) {
        if (one.isBlank()) continue;
        Path dir = workingDir.resolve(one.strip());
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(
              DIR_VARIABLE + " names " + one.strip() + ", which is not a folder");
        }
        dirs.add(dir);
        dirsShown.add(one.strip());
      }
    }
    if (file == null && dirs.isEmpty()) return NONE;
    return new TrustedCertificates(file, fileShown, dirs, dirsShown);
  }

  /**
   * Which CAs accepted the server the last time one was checked: the JDK's own, or those of the
   * variables (with how many certificates they gave).
   */
  /** The last server chain accepted (empty before any): OkHttp cannot show it for extra CAs. */
  List<X509Certificate> lastChain() {
    return lastChain;
  }

  String lastAcceptedBy() {
    return !isEmpty() && lastByExtras ? source() : "the JDK's trusted CAs";
  }

  boolean isEmpty() {
    return file == null && dirs.isEmpty();
  }

  /**
   * Where the certificates come from, e.g. {@code SSL_CERT_FILE=ca.pem}; once they were read, with
   * how many each gave: {@code SSL_CERT_FILE=ca.pem (2 certificates)}.
   */
  synchronized String source() {
    List<String> out = new ArrayList<>();
    if (file != null) out.add(FILE_VARIABLE + "=" + fileShown + counted(fileCount));
    for (int i = 0; i < dirs.size(); i++) {
      Integer n = i < dirCounts.size() ? dirCounts.get(i) : null;
      out.add(DIR_VARIABLE + " " + dirsShown.get(i) + counted(n));
    }
    return String.join(", ", out);
  }

  private String counted(@Nullable Integer n) {
    return n == null ? "" : " (" + n + (n == 1 ? " certificate)" : " certificates)");
  }

  /**
   * The certificates, read on first call.
   *
   * @throws Unusable naming the variable and path, when one of them gives none
   */
  synchronized List<X509Certificate> certificates() throws Unusable {
    if (loaded != null) return loaded;
    if (failed != null) throw failed;
    try {
      loaded = read();
      return loaded;
    } catch (Unusable e) {
      failed = e;
      throw e;
    }
  }

  private List<X509Certificate> read() throws Unusable {
    Set<X509Certificate> all = new LinkedHashSet<>();
    Path fileReal = null;
    if (file != null) {
      List<X509Certificate> certs;
      try {
        fileReal = file.toRealPath();
        certs = readFile(file);
      } catch (IOException e) {
        throw new Unusable(
            FILE_VARIABLE
                + "="
                + fileShown
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + ")");
      } catch (CertificateException e) {
        throw new Unusable(
            FILE_VARIABLE + "=" + fileShown + " is not a PEM certificate file: " + e.getMessage());
      }
      if (certs.isEmpty()) {
        throw new Unusable(
            FILE_VARIABLE
                + "="
                + fileShown
                + " holds no certificate (a PEM file has -----BEGIN CERTIFICATE----- blocks)");
      }
      fileCount = certs.size();
      all.addAll(certs);
    }
    dirCounts.clear();
    for (int i = 0; i < dirs.size(); i++) {
      List<X509Certificate> certs = readDir(dirs.get(i), dirsShown.get(i), fileReal);
      dirCounts.add(certs.size());
      all.addAll(certs);
    }
    return List.copyOf(all);
  }

  /**
   * Every file of the folder that holds PEM certificates. OpenSSL's hash links and the bundle of
   * {@code SSL_CERT_FILE} (often in the same folder) are read once.
   */
  private static List<X509Certificate> readDir(Path dir, String shown, @Nullable Path skip)
      throws Unusable {
    TreeSet<Path> files = new TreeSet<>();
    boolean skipped = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (!Files.isRegularFile(p)) continue;
        Path real = p.toRealPath();
        if (real.equals(skip)) {
          skipped = true;
        } else {
          files.add(real);
        }
      }
    } catch (IOException e) {
      throw new Unusable(
          DIR_VARIABLE + " " + shown + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    Set<X509Certificate> out = new LinkedHashSet<>();
    for (Path p : files) {
      try {
        out.addAll(readFile(p));
      } catch (IOException | CertificateException e) {
        // As Go and OpenSSL do: a file in a certificate folder that holds no certificate (a
        // README, a CRL) is skipped.
      }
    }
    if (out.isEmpty() && !skipped) {
      throw new Unusable(
          DIR_VARIABLE + " " + shown + " holds no PEM certificate in any of its files");
    }
    return List.copyOf(out);
  }

  private static List<X509Certificate> readFile(Path p) throws IOException, CertificateException {
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

  /** The JDK's CAs and these together, built on first need. */
  private synchronized X509TrustManager withExtras() throws Unusable {
    if (withExtras == null) {
      HandshakeCertificates.Builder b = new HandshakeCertificates.Builder();
      b.addPlatformTrustedCertificates();
      for (X509Certificate c : certificates()) b.addTrustedCertificate(c);
      withExtras = b.build().trustManager();
    }
    return withExtras;
  }

  /**
   * Every TLS connection of the client trusts the JDK's CAs, and these when the JDK's alone do not
   * trust the server.
   */
  void applyTo(OkHttpClient.Builder builder) {
    if (isEmpty()) return;
    X509TrustManager tm = new Added(platform());
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {tm}, null);
      builder.sslSocketFactory(context.getSocketFactory(), tm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  private static X509TrustManager platform() {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null);
      for (TrustManager t : f.getTrustManagers()) {
        if (t instanceof X509TrustManager x) return x;
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no default trust manager", e);
    }
    throw new IllegalStateException("the JDK has no X.509 trust manager");
  }

  /**
   * Asks the JDK's CAs first; only a chain they refuse is checked again with the extra CAs (read
   * then, once). A chain both refuse is refused with both reasons.
   */
  private final class Added implements X509TrustManager {
    private final X509TrustManager platform;

    Added(X509TrustManager platform) {
      this.platform = platform;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        platform.checkServerTrusted(chain, authType);
        lastByExtras = false;
        lastChain = List.of(chain);
      } catch (CertificateException jdk) {
        try {
          withExtras().checkServerTrusted(chain, authType);
          lastByExtras = true;
          lastChain = List.of(chain);
        } catch (CertificateException extra) {
          extra.addSuppressed(jdk);
          throw extra;
        }
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      platform.checkClientTrusted(chain, authType);
    }

    /**
     * The JDK's issuers only: reading the extra files here would cost every run what this class
     * exists to save. OkHttp uses the list only to clean chains for certificate pinning, which
     * borgform does not use; servers, to hint at client certificates, which it does not send.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return platform.getAcceptedIssuers();
    }
  }
}
