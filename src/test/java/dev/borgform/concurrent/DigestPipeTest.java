package dev.borgform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The digest through the pipe is the digest of the same bytes taken in line, however written. */
class DigestPipeTest {
  static Stream<Integer> lengths() {
    // Empty, a byte, around one and two blocks of 64 KiB, and a few MB.
    return Stream.of(0, 1, 65_535, 65_536, 65_537, 131_072, 3_000_001);
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("lengths")
  void theDigestIsThatOfTheBytesWritten(int length) throws Exception {
    Random r = new Random(length);
    byte[] data = new byte[length];
    r.nextBytes(data);

    DigestPipe pipe = new DigestPipe(MessageDigest.getInstance("SHA-256"), "test-digest");
    int at = 0;
    while (at < length) {
      // Single bytes, short and long runs, some longer than a block.
      int n = Math.min(length - at, r.nextInt(4) == 0 ? 1 : r.nextInt(100_000));
      if (n == 1) {
        pipe.write(data[at]);
      } else {
        pipe.write(data, at, n);
      }
      at += n;
    }

    assertThat(pipe.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void closingTwiceAndThenAskingGiveTheSameDigest() throws Exception {
    DigestPipe pipe = new DigestPipe(MessageDigest.getInstance("SHA-256"), "test-digest");
    pipe.write(new byte[] {1, 2, 3}, 0, 3);
    pipe.close();
    pipe.close();

    assertThat(pipe.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}));
  }

  @Test
  void writingAfterCloseIsRefused() throws Exception {
    DigestPipe pipe = new DigestPipe(MessageDigest.getInstance("SHA-256"), "test-digest");
    pipe.close();

    assertThatThrownBy(() -> IntStream.range(0, 70_000).forEach(pipe::write))
        .isInstanceOf(IllegalStateException.class);
  }
}
