package dev.borgform.emulator;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Parses and checks one OpenSSH public key line ({@code "<type> <base64> [comment]"}) the way
 * BorgBase's {@code sshAdd} must: only the types BorgBase's SSH FAQ lists, the blob must really be
 * a key of the type its first word claims. Fingerprints are computed exactly as BorgBase reports
 * them (docs/borgbase-api.md).
 *
 * <p>borgform's own {@code model.SshPublicKey} does the client's side of this. The emulator keeps
 * its own on purpose: it plays the server, must depend on nothing else in borgform, and is stricter
 * (it checks that an ECDSA point lies on its curve), so a client bug cannot hide behind a shared
 * parser.
 */
final class SshPublicKey {

  /** The types listed in BorgBase's docs (faq/ssh.md); anything else is refused. */
  static final List<String> SUPPORTED_TYPES =
      List.of(
          "ssh-ed25519",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "ssh-rsa");

  /** SSH curve name to the JDK's name and the key size reported as {@code bits}. */
  private static final Map<String, String> JDK_CURVES =
      Map.of("nistp256", "secp256r1", "nistp384", "secp384r1", "nistp521", "secp521r1");

  /** BorgBase: "ssh-rsa (longer than 1024 bit)", so 1024 itself is refused. */
  static final int MIN_RSA_BITS_EXCLUSIVE = 1024;

  // Far above any real key; stops absurd inputs from costing time in BigInteger arithmetic.
  private static final int MAX_RSA_BITS = 16_384;

  final String keyType;
  final String base64;
  final String comment;
  final int bits;
  final String hashMd5;
  final String hashSha256;

  private SshPublicKey(String keyType, String base64, String comment, int bits, byte[] blob) {
    this.keyType = keyType;
    this.base64 = base64;
    this.comment = comment;
    this.bits = bits;
    this.hashMd5 = md5Colons(blob);
    this.hashSha256 = Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", blob));
  }

  /**
   * {@code "<type> <base64>"}: what BorgBase returns as {@code keyData} (the comment is split off).
   */
  String keyData() {
    return keyType + " " + base64;
  }

  static SshPublicKey parse(String line) {
    String text = line == null ? "" : line.strip();
    if (text.isEmpty()) {
      throw invalid("the key is empty");
    }
    String[] parts = text.split("\\s+", 3);
    String type = parts[0];
    if (!SUPPORTED_TYPES.contains(type)) {
      throw invalid(
          "unsupported key type '"
              + abbreviate(type)
              + "' (supported: "
              + String.join(", ", SUPPORTED_TYPES)
              + ")");
    }
    if (parts.length < 2) {
      throw invalid("expected '<type> <base64> [comment]'");
    }
    String body = parts[1];
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw invalid("the key body is not valid base64");
    }
    // [GUESS] BorgBase probably keeps the comment as typed; an absent comment is stored as "".
    String comment = parts.length == 3 ? parts[2].strip() : "";
    Reader in = new Reader(blob);
    String innerType = in.readAscii();
    if (!innerType.equals(type)) {
      throw invalid(
          "the key says it is " + type + " but its data holds a " + abbreviate(innerType) + " key");
    }
    int bits;
    if (type.equals("ssh-ed25519")) {
      if (in.readString().length != 32) {
        throw invalid("an ssh-ed25519 key must hold 32 bytes");
      }
      bits = 256;
    } else if (type.equals("ssh-rsa")) {
      BigInteger e = in.readMpint();
      BigInteger n = in.readMpint();
      if (e.signum() <= 0
          || !e.testBit(0)
          || e.compareTo(BigInteger.valueOf(3)) < 0
          || n.signum() <= 0
          || !n.testBit(0)) {
        throw invalid("malformed RSA key");
      }
      bits = n.bitLength();
      if (bits <= MIN_RSA_BITS_EXCLUSIVE) {
        throw invalid("RSA keys must be longer than 1024 bit (this one has " + bits + ")");
      }
      if (bits > MAX_RSA_BITS) {
        throw invalid("RSA key too large");
      }
    } else {
      String curve = type.substring("ecdsa-sha2-".length());
      if (!in.readAscii().equals(curve)) {
        throw invalid("the curve name does not match " + type);
      }
      bits = checkEcPoint(curve, in.readString());
    }
    if (in.remaining() != 0) {
      throw invalid("unexpected bytes after the key");
    }
    return new SshPublicKey(type, body, comment, bits, blob);
  }

  /**
   * Checks an uncompressed point (0x04 || X || Y) lies on the named curve; returns the curve size.
   */
  private static int checkEcPoint(String curve, byte[] q) {
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
    int size = (p.bitLength() + 7) / 8;
    if (q.length != 1 + 2 * size || q[0] != 0x04) {
      throw invalid("malformed ECDSA point");
    }
    BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(q, 1, 1 + size));
    BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(q, 1 + size, q.length));
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(p);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !lhs.equals(rhs)) {
      throw invalid("the ECDSA point is not on the curve");
    }
    return p.bitLength();
  }

  // [GUESS] BorgBase's wording for a refused key is unknown.
  private static ApiException invalid(String why) {
    return new ApiException("Invalid SSH key: " + why + ".");
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static String md5Colons(byte[] blob) {
    byte[] d = digest("MD5", blob);
    StringBuilder sb = new StringBuilder(d.length * 3);
    for (byte b : d) {
      if (sb.length() > 0) {
        sb.append(':');
      }
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from the JDK", e);
    }
  }

  /** Reads the SSH wire format (RFC 4251 §5): uint32-length-prefixed strings and mpints. */
  private static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this.data = data;
    }

    int remaining() {
      return data.length - pos;
    }

    byte[] readString() {
      if (remaining() < 4) {
        throw invalid("truncated key data");
      }
      long len =
          ((data[pos] & 0xFFL) << 24)
              | ((data[pos + 1] & 0xFFL) << 16)
              | ((data[pos + 2] & 0xFFL) << 8)
              | (data[pos + 3] & 0xFFL);
      pos += 4;
      if (len > remaining()) {
        throw invalid("truncated key data");
      }
      byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) len);
      pos += (int) len;
      return out;
    }

    String readAscii() {
      return new String(readString(), StandardCharsets.US_ASCII);
    }

    BigInteger readMpint() {
      byte[] raw = readString();
      return raw.length == 0 ? BigInteger.ZERO : new BigInteger(raw);
    }
  }
}
