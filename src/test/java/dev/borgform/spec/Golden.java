package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison: on a mismatch the actual text is written beside the golden as {@code
 * *.actual} for a diff; {@code -Dgolden.update=true} rewrites the goldens instead.
 */
final class Golden {
  private Golden() {}

  static void assertMatches(Path golden, String actual) {
    try {
      Path actualFile = golden.resolveSibling(golden.getFileName() + ".actual");
      if (Boolean.getBoolean("golden.update")) {
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        Files.deleteIfExists(actualFile);
        return;
      }
      String expected =
          Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : null;
      if (actual.equals(expected)) {
        Files.deleteIfExists(actualFile);
        return;
      }
      Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
      assertThat(actual)
          .as(
              "%s differs (actual written to %s; -Dgolden.update=true rewrites it)",
              golden, actualFile)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
