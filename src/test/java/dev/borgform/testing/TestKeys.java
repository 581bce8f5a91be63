package dev.borgform.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Public key lines for tests. Real keys from ssh-keygen where a fixed one reads better; generated
 * ed25519 lines (any 32 bytes form a well-formed blob) where a test needs many distinct keys.
 */
public final class TestKeys {
  public static final String ED1 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL7seUDKDz6aiprOyz2QDQb93FxMuonhi+Jk9nCGErcU test1@example";
  public static final String ED2 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFL9CBVgzaqK4l3eKAgZbs2IlccHFl+L0eA26tVmd3Zn test2@example";
  public static final String ED3 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGG5gGtxHMIiqj9vDTwK8tOWNHxREUS0vVsMjO+h4ayu test3@example";
  public static final String ED4 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHrphixKfQBa15bakscmb4u0BrIhX6rjFsdzH8+6KFub test4@example";
  public static final String ECDSA256 =
      "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBCn34Ctsq1AnZfrbGdnsd3BTxKys5BmTOGJpBLUaEbO73Ck1Ktu5GF2JLDPSEMZjretU/LprTGAeH6/eu6lTxm4= e256";
  public static final String ECDSA521 =
      "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBABLma6RKxywkJ4ASRE01rg/vPeXbVEL83CESJvJpkk9Nm3ZSwiWEM+oRrgiga4I4upCStU9W0WgtibvO1rbKeoR9QANm2Poa52GrYEJK/D9AQlu/QMnSrO2ZA0xkTDb0OcqdXBa4j9NEXFoxfV8gGOEbfZ5gWWRqHRHz9M6XPId48Ihcw== e521";
  public static final String RSA1024 =
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDkHQx78tCwCQ0tdWLLG6jZBG/lqvg99c8EjF4InEyPqIfTjknU7cw9gjA4lslibe7f+XZvbD1zvV1C647K9TULajIWporiIbNjVPNmNi+ZJzbGLpyQTvB302ZqrWNUdM3EyGFcltg1Ni+b330oUm3w/VskQdI/PVH3lEk2gO0r8Q== weak@old";
  public static final String RSA3072 =
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC6C7ztuQYIEcZcymj4HwUCW+fHAUvR2bHbAmx3VK3+PNNfiC7mLgI2Q7GkiGRTaqzfOvnyZliu6S09uajUQAq+g61F5V+qqb/Xa4B9j8UsTMhLvaEOZGSqqdJtzouNwretAmPg11YH2sG+Pmz80WefHqH5sZVdfsIVO+oQqEBpjK5VYe1IfArchiya3MYx4YAyc3M3JH47n0YP60dC38GSK2xCOajyQh0NHAtWgpq631YL5Fmo3JuuoJzH5eNhhtRKbkm2q21QovBGiQn9rZQbgFTONEjbC7X/fd+QUO2WTAWFaGIpaJe1vbqmzwQ+XD58jWMRTCHjfvmYAdXHrryL/rtd+k14wSOSIFdQdwPGr+obAjYI9JJBK3yPB6Qrl5k8ISU+0hKJ5g2IAduJVHkrX8KsGHaLfnwh79KBU3JLk1SlZ53bvLY9qwktA19PFRDUXf0CQ/tQAVQNdneBw5rIyTLtP+Q8VOQ5tYXWSF+SC5bjhDIh7CLyqnetlOw4xMs= legacy@old";

  private TestKeys() {}

  /** A distinct, well-formed ed25519 public key line for every {@code n}. */
  public static String ed25519(long n, String comment) {
    byte[] pub = new byte[32];
    ByteBuffer.wrap(pub).putLong(n).putLong(n * 31 + 7).putLong(~n).putLong(n ^ 0x5DEECE66DL);
    ByteArrayOutputStream blob = new ByteArrayOutputStream();
    writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
    writeString(blob, pub);
    String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray());
    return comment == null || comment.isEmpty() ? line : line + " " + comment;
  }

  private static void writeString(ByteArrayOutputStream out, byte[] b) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
    out.writeBytes(b);
  }
}
