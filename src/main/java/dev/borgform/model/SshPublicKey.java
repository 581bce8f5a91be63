package dev.borgform.model;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An OpenSSH public key line ({@code type base64 [comment]}), parsed and checked the way BorgBase
 * accepts keys: ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa of 2048 bits or more. The type
 * word must agree with the type inside the blob, so a mangled paste is caught before any API call.
 *
 * <p>A key's identity is its type and blob; the comment is kept apart and ignored when comparing,
 * because BorgBase returns it in a separate field.
 *
 * <p>Not a record only so that it can keep its SHA-256 fingerprint once worked out: the plan's text
 * and its hash both show it for every new key, which at 10,000 keys was a tenth of a second of
 * digests on each, while {@code validate} needs none. Equality is that of its four values.
 */
public final class SshPublicKey {

  public static final Set<String> SUPPORTED_TYPES =
      Set.of(
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa");

  private static final int MIN_RSA_BITS = 2048;

  /** Longer than any real public key line (RSA 16384 is about 2.8 KB); keeps junk out early. */
  private static final int MAX_LENGTH = 16 * 1024;

  private final String type;
  private final String blobBase64;
  private final String comment;
  private final int bits;

  /** Worked out on first use; threads that race work out the same text. */
  private volatile @Nullable String sha256Fingerprint;

  public SshPublicKey(String type, String blobBase64, @Nullable String comment, int bits) {
    this.type = type;
    this.blobBase64 = blobBase64;
    this.comment = comment == null ? "" : comment;
    this.bits = bits;
  }

  public String type() {
    return type;
  }

  public String blobBase64() {
    return blobBase64;
  }

  public String comment() {
    return comment;
  }

  public int bits() {
    return bits;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SshPublicKey k
        && type.equals(k.type)
        && blobBase64.equals(k.blobBase64)
        && comment.equals(k.comment)
        && bits == k.bits;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, blobBase64, comment, bits);
  }

  @Override
  public String toString() {
    return "SshPublicKey[type="
        + type
        + ", blobBase64="
        + blobBase64
        + ", comment="
        + comment
        + ", bits="
        + bits
        + "]";
  }

  /** {@code type base64}: what BorgBase stores as {@code keyData}, and what identity means. */
  public String identity() {
    return type + " " + blobBase64;
  }

  /** The full line as {@code sshAdd} takes it, with the comment when there is one. */
  public String toLine() {
    return comment.isEmpty() ? identity() : identity() + " " + comment;
  }

  public boolean sameKeyAs(SshPublicKey other) {
    return identity().equals(other.identity());
  }

  /** Colon-separated MD5 hex of the blob, as BorgBase's {@code hashMd5}. */
  public String md5Fingerprint() {
    return HexFormat.ofDelimiter(":").formatHex(digest("MD5"));
  }

  /** Unpadded base64 SHA-256 of the blob, as BorgBase's {@code hashSha256} (no "SHA256:"). */
  public String sha256Fingerprint() {
    String f = sha256Fingerprint;
    if (f == null) {
      f = Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256"));
      sha256Fingerprint = f;
    }
    return f;
  }

  private byte[] digest(String alg) {
    return digest(alg, Base64.getDecoder().decode(blobBase64));
  }

  private static byte[] digest(String alg, byte[] blob) {
    try {
      return MessageDigest.getInstance(alg).digest(blob);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is missing from this JDK", e);
    }
  }

  /**
   * Signs of a private key in any format users paste: a PEM or OpenSSH block, the body of an
   * OpenSSH key without its header lines (base64 of {@code openssh-key-v1}), a PuTTY key file, an
   * ssh.com block. Public key blobs start with a length prefix and never hold these.
   */
  private static final Pattern PRIVATE_MARKERS =
      Pattern.compile(
          "-----BEGIN[A-Z0-9 ]*PRIVATE KEY|PuTTY-User-Key-File-|BEGIN SSH2 ENCRYPTED PRIVATE KEY"
              + "|b3BlbnNzaC1rZXktdjE|PRIVATE KEY-----",
          Pattern.CASE_INSENSITIVE);

  /** True for text that holds a private key in any format users paste (PEM, OpenSSH, PuTTY). */
  public static boolean looksLikePrivateKey(String text) {
    return privateKeyIndex(text) >= 0;
  }

  /** Where in {@code text} a private key starts, or -1; for pointing at it without showing it. */
  public static int privateKeyIndex(String text) {
    // Every marker holds one of three words. A case-insensitive alternation tried at every
    // position of a whole spec file (2 MB at 10,000 keys and repos) was the largest cost of
    // loading it; looking for the words first is one linear scan, and the pattern runs only on
    // the rare text that has one.
    if (!mayHoldMarker(text)) return -1;
    Matcher m = PRIVATE_MARKERS.matcher(text);
    return m.find() ? m.start() : -1;
  }

  /**
   * True when {@code text} holds one of the marker words in any case. Compared where the text has a
   * {@code p} or {@code b}, without lower-casing a copy of the whole text first (a spec file of
   * several MB at 10,000 keys). Case-insensitive region matching folds each character on its own,
   * so it finds at least what the pattern, which folds ASCII letters only, would: the pattern then
   * decides.
   */
  private static boolean mayHoldMarker(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == 'p' || c == 'P')
          && (text.regionMatches(true, i, "private key", 0, 11)
              || text.regionMatches(true, i, "putty-user-key-file-", 0, 20))) {
        return true;
      }
      if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "b3blbnnzac1rzxktdje", 0, 19)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Key type names that may appear in messages. Anything else the user wrote is not repeated: it
   * could be part of a secret pasted in the wrong place.
   */
  private static final Set<String> KNOWN_TYPES =
      Set.of(
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa",
          "ssh-dss",
          "ssh-ed448",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com",
          "ssh-ed25519-cert-v01@openssh.com",
          "ssh-rsa-cert-v01@openssh.com",
          "ssh-dss-cert-v01@openssh.com",
          "ecdsa-sha2-nistp256-cert-v01@openssh.com",
          "ecdsa-sha2-nistp384-cert-v01@openssh.com",
          "ecdsa-sha2-nistp521-cert-v01@openssh.com",
          "sk-ssh-ed25519-cert-v01@openssh.com",
          "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
          "rsa-sha2-256",
          "rsa-sha2-512");

  private static String typeShown(String type) {
    return KNOWN_TYPES.contains(type) ? "type \"" + type + "\"" : "an unknown type";
  }

  /** What separates the fields of a key line; compiled once, not per key (String.split). */
  private static final Pattern BLANKS = Pattern.compile("[ \t]+");

  /** Controls other than a tab, and format characters (bidirectional overrides, zero widths). */
  private static boolean hasControlCharacters(String line) {
    for (int i = 0; i < line.length(); ) {
      int c = line.codePointAt(i);
      i += Character.charCount(c);
      if (c >= 0x20 && c < 0x7f) continue; // printable ASCII, nearly every character of a key
      if (c != '\t' && (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
        return true;
      }
    }
    return false;
  }

  public static SshPublicKey parse(String text) throws InvalidPublicKeyException {
    if (looksLikePrivateKey(text)) {
      throw new InvalidPublicKeyException(
          "this is a PRIVATE key (its text is not shown); give the public key, the .pub file",
          true);
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidPublicKeyException(
          "the key text is " + text.length() + " characters long, too long for a public key",
          false);
    }
    String line = text.strip();
    if (line.isEmpty()) throw new InvalidPublicKeyException("the key is empty", false);
    if (line.startsWith("---- BEGIN SSH2 PUBLIC KEY")) {
      throw new InvalidPublicKeyException(
          "this is a public key in the SSH2 (PuTTY, ssh.com) format; convert it to one OpenSSH"
              + " line with `ssh-keygen -i -f FILE`",
          false);
    }
    if (line.contains("\n") || line.contains("\r")) {
      throw new InvalidPublicKeyException(
          "the key spans several lines; a public key is one line: type, base64 blob, comment",
          false);
    }
    if (hasControlCharacters(line)) {
      throw new InvalidPublicKeyException(
          "the key holds control characters; copy the line of the .pub file as it is", false);
    }
    String[] parts = BLANKS.split(line, 3);
    String type = parts[0];
    if (!KNOWN_TYPES.contains(type)
        && !type.startsWith("ssh-")
        && !type.startsWith("ecdsa-")
        && !type.startsWith("sk-")) {
      throw new InvalidPublicKeyException(
          "the key does not start with a key type such as ssh-ed25519"
              + " (authorized_keys options before the type are not accepted)",
          false);
    }
    if (!SUPPORTED_TYPES.contains(type)) {
      throw new InvalidPublicKeyException(
          "a key of "
              + typeShown(type)
              + " is not accepted by BorgBase; use ssh-ed25519,"
              + " ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)",
          false);
    }
    if (parts.length < 2) {
      throw new InvalidPublicKeyException("the key has a type but no base64 blob", false);
    }
    String b64 = parts[1];
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new InvalidPublicKeyException("the key's blob is not valid base64", false);
    }
    String comment = parts.length > 2 ? parts[2].strip() : "";
    int bits = checkBlob(type, blob);
    // Normalise the blob so identity comparisons do not depend on optional padding.
    String canonical = Base64.getEncoder().encodeToString(blob);
    return new SshPublicKey(type, canonical, comment, bits);
  }

  private static int checkBlob(String type, byte[] blob) throws InvalidPublicKeyException {
    ByteBuffer in = ByteBuffer.wrap(blob);
    try {
      String inner = new String(readString(in), StandardCharsets.US_ASCII);
      if (!inner.equals(type)) {
        throw new InvalidPublicKeyException(
            "the key says \""
                + type
                + "\" but its blob holds a key of "
                + typeShown(inner)
                + "; the type word and the base64 blob must belong together",
            false);
      }
      int bits;
      switch (type) {
        case "ssh-ed25519" -> {
          if (readString(in).length != 32) throw truncated();
          bits = 256;
        }
        case "ssh-rsa" -> {
          BigInteger e = new BigInteger(readString(in));
          BigInteger n = new BigInteger(readString(in));
          if (e.signum() <= 0 || n.signum() <= 0) throw truncated();
          bits = n.bitLength();
          if (bits < MIN_RSA_BITS) {
            throw new InvalidPublicKeyException(
                "this RSA key has "
                    + bits
                    + " bits; use at least "
                    + MIN_RSA_BITS
                    + " bits, or better an ed25519 key (ssh-keygen -t ed25519)",
                false);
          }
        }
        default -> {
          // ecdsa-sha2-nistpNNN: curve name, then the uncompressed point 04||X||Y.
          String curve = new String(readString(in), StandardCharsets.US_ASCII);
          String expectedCurve = type.substring("ecdsa-sha2-".length());
          if (!curve.equals(expectedCurve)) {
            throw new InvalidPublicKeyException(
                "the key says \""
                    + type
                    + "\" but its blob names "
                    + (curve.matches("nistp(256|384|521)") ? "curve " + curve : "another curve"),
                false);
          }
          bits = Integer.parseInt(expectedCurve.substring("nistp".length()));
          int coord = (bits + 7) / 8;
          byte[] point = readString(in);
          if (point.length != 1 + 2 * coord || point[0] != 4) throw truncated();
          if (!onCurve(expectedCurve, point, coord)) {
            throw new InvalidPublicKeyException(
                "the key's ECDSA point is not on the curve "
                    + expectedCurve
                    + " (a damaged or made-up blob; BorgBase refuses it)",
                false);
          }
        }
      }
      if (in.hasRemaining()) {
        throw new InvalidPublicKeyException("the key's blob has trailing bytes", false);
      }
      return bits;
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw truncated();
    }
  }

  /**
   * True when the uncompressed point {@code 04 || X || Y} lies on the named NIST curve: both
   * coordinates below the field prime p and {@code y^2 = x^3 + ax + b (mod p)}. BorgBase refuses a
   * key whose point is not on its curve; the emulator makes the same check with the same
   * arithmetic, and both are tested with the same vectors (src/test/resources/ecdsa-points.txt).
   */
  static boolean onCurve(String curve, byte[] point, int coord) {
    ECParameterSpec spec;
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(JDK_CURVES.get(curve)));
      spec = params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK lacks curve " + curve, e);
    }
    EllipticCurve c = spec.getCurve();
    BigInteger p = ((ECFieldFp) c.getField()).getP();
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + coord));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + coord, 1 + 2 * coord));
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(p);
    return lhs.equals(rhs);
  }

  /** SSH curve name to the JDK's name. */
  private static final Map<String, String> JDK_CURVES =
      Map.of("nistp256", "secp256r1", "nistp384", "secp384r1", "nistp521", "secp521r1");

  private static InvalidPublicKeyException truncated() {
    return new InvalidPublicKeyException(
        "the key's blob is truncated or damaged; copy the whole line of the .pub file", false);
  }

  private static byte[] readString(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > in.remaining()) throw new IllegalArgumentException("bad length");
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }
}
