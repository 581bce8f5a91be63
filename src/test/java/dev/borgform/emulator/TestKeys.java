package dev.borgform.emulator;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Real public keys from the JDK, written in OpenSSH's .pub format, for tests. */
final class TestKeys {
  /** The key from the brief; fingerprints are computed independently in the tests. */
  static final String ED25519_LINE =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test";

  private TestKeys() {}

  static String ed25519() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      byte[] x509 = g.generateKeyPair().getPublic().getEncoded();
      // X.509 SubjectPublicKeyInfo for Ed25519 ends with the 32 raw key bytes.
      byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
      return line("ssh-ed25519", string("ssh-ed25519"), string(raw));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String ecdsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp" + bits + "r1"));
      ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
      int size = (bits + 7) / 8;
      byte[] q = new byte[1 + 2 * size];
      q[0] = 4;
      copyUnsigned(pub.getW().getAffineX(), q, 1, size);
      copyUnsigned(pub.getW().getAffineY(), q, 1 + size, size);
      String type = "ecdsa-sha2-nistp" + bits;
      return line(type, string(type), string("nistp" + bits), string(q));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      RSAPublicKey pub = (RSAPublicKey) g.generateKeyPair().getPublic();
      return line(
          "ssh-rsa",
          string("ssh-rsa"),
          string(pub.getPublicExponent().toByteArray()),
          string(pub.getModulus().toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "<type> <base64 of the concatenated wire strings>". */
  static String line(String type, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return type + " " + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static byte[] string(String s) {
    return string(s.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] string(byte[] b) {
    byte[] out = new byte[4 + b.length];
    out[0] = (byte) (b.length >>> 24);
    out[1] = (byte) (b.length >>> 16);
    out[2] = (byte) (b.length >>> 8);
    out[3] = (byte) b.length;
    System.arraycopy(b, 0, out, 4, b.length);
    return out;
  }

  private static void copyUnsigned(BigInteger v, byte[] dst, int off, int size) {
    byte[] b = v.toByteArray();
    int start = Math.max(0, b.length - size);
    int len = b.length - start;
    System.arraycopy(b, start, dst, off + size - len, len);
  }
}
