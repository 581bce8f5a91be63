package dev.borgform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one golden-file helper. Goldens live under {@code src/test/resources/golden} ({@link
 * #check(String, String)}), beside a corpus ({@link #check(Path, String)}), or as a marked section
 * of a document ({@link #checkSection}). On a mismatch the output is written beside the golden as
 * {@code NAME.actual} (dnscontrol's habit), so a reviewer can diff it or copy it over; {@code
 * -Dgolden.update=true} rewrites the goldens instead.
 */
public final class Golden {
  private static final Path ROOT = Path.of("src", "test", "resources", "golden");

  private Golden() {}

  /** Compares with {@code src/test/resources/golden/RELATIVE}. */
  public static void check(String relative, String actual) {
    check(ROOT.resolve(relative), actual);
  }

  /** Compares with the golden file at {@code golden}. */
  public static void check(Path golden, String actual) {
    Path actualFile = golden.resolveSibling(golden.getFileName() + ".actual");
    try {
      if (update()) {
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

  /**
   * Compares with the text between the markers {@code start} and {@code end} of {@code doc} (a
   * table a test writes into the docs). On a mismatch the output is written to {@code
   * target/ACTUALNAME}; with {@code -Dgolden.update=true} the section is rewritten in place.
   */
  public static void checkSection(
      Path doc, String start, String end, String actual, String actualName) {
    try {
      String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
      int s = text.indexOf(start);
      int e = text.indexOf(end);
      String current = s >= 0 && e > s ? text.substring(s + start.length(), e) : null;
      if (actual.equals(current)) return;
      if (update() && current != null) {
        Files.writeString(
            doc,
            text.substring(0, s + start.length()) + actual + text.substring(e),
            StandardCharsets.UTF_8);
        return;
      }
      Path actualFile = Path.of("target", actualName);
      Files.createDirectories(actualFile.getParent());
      Files.writeString(actualFile, actual, StandardCharsets.UTF_8);
      assertThat(current)
          .as(
              "the section of %s between %s and %s differs from this run's (written: %s;"
                  + " -Dgolden.update=true rewrites it)",
              doc, start, end, actualFile)
          .isEqualTo(actual);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean update() {
    return Boolean.getBoolean("golden.update");
  }
}
