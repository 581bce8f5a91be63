package dev.borgform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The ECDSA points of {@code src/test/resources/ecdsa-points.txt}, as OpenSSH key lines: one set of
 * vectors for borgform's own key check (validate) and the emulator's (sshAdd), so that the two
 * accept and refuse exactly the same keys.
 */
public final class EcdsaVectors {
  private static final Path FILE = Path.of("src/test/resources/ecdsa-points.txt");

  /** One point: its key line, whether it lies on its curve, and what it is. */
  public record Vector(String curve, String line, boolean onCurve, String description) {
    @Override
    public String toString() {
      return curve + ": " + description;
    }
  }

  private EcdsaVectors() {}

  public static List<Vector> all() {
    try {
      return Files.readAllLines(FILE).stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(EcdsaVectors::vector)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Vector vector(String row) {
    String[] f = row.split(" ", 5);
    byte[] x = HexFormat.of().parseHex(f[1]);
    byte[] y = HexFormat.of().parseHex(f[2]);
    ByteArrayOutputStream point = new ByteArrayOutputStream();
    point.write(4);
    point.writeBytes(x);
    point.writeBytes(y);
    String type = "ecdsa-sha2-" + f[0];
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    string(blob, type.getBytes(StandardCharsets.US_ASCII));
    string(blob, f[0].getBytes(StandardCharsets.US_ASCII));
    string(blob, point.toByteArray());
    String line =
        type + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " vector@example";
    return new Vector(f[0], line, f[3].equals("on"), f[4]);
  }

  private static void string(ByteArrayOutputStream out, byte[] b) {
    out.write(b.length >>> 24);
    out.write(b.length >>> 16);
    out.write(b.length >>> 8);
    out.write(b.length);
    out.writeBytes(b);
  }
}
