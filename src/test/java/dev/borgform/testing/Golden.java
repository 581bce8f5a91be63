package dev.borgform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden}. On a mismatch the output is written beside
 * the golden as {@code NAME.actual} (dnscontrol's habit), so a reviewer can diff it or copy it
 * over; {@code -Dgolden.update=true} rewrites the goldens instead.
 */
public final class Golden {
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  public static void check(String relative, String actual) {
    Path golden = ROOT.resolve(relative);
    Path actualFile = golden.resolveSibling(golden.getFileName() + ".actual");
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
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
      Files.createDirectories(golden.getParent());
      Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
      assertThat(actual)
          .as(
              "%s differs from its golden (written: %s; rerun with -Dgolden.update=true to accept)",
              golden, actualFile)
          .isEqualTo(expected == null ? "<no golden file yet>" : expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
