package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading a spec's keys on a thread of their own while the rest of the file is composed ({@code
 * SpecLoader.EarlyKeys}) changes nothing: every spec of the test corpus, valid or not, loads to the
 * same state or fails with the same diagnostics, in the same order, whether its keys are read early
 * (from one key on) or in line.
 */
class EarlyKeysTest {
  static List<Path> specs() throws IOException {
    return SpecCorpus.files();
  }

  @Test
  void theCorpusIsThere() throws IOException {
    assertThat(specs()).hasSizeGreaterThan(150);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void readingKeysEarlyChangesNothing(Path spec) {
    assertThat(outcome(spec, 1)).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  @Test
  void aLargeValidSpecLoadsTheSame(@TempDir Path dir) {
    Path spec = SyntheticSpec.write(dir, SpecLoader.EARLY_KEYS_FROM + 100);

    Object early = outcome(spec, SpecLoader.EARLY_KEYS_FROM);
    assertThat(early).isInstanceOf(dev.borgform.model.DesiredState.class);
    assertThat(early).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  @Test
  void tooManyProblemsInTheKeysStopAtTheSamePlace(@TempDir Path dir) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nkeys:\n");
    for (int i = 0; i < Ctx.MAX_ERRORS + 20; i++) {
      yaml.append("  - name: k").append(i).append("\n    publicKey: not-a-key ").append(i);
      yaml.append('\n');
    }
    yaml.append("repos:\n  - name: r\n    region: eu\n    fullAccessKeys: [k0]\n");
    Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);

    Object early = outcome(spec, 1);
    assertThat(early).asString().contains("more than " + Ctx.MAX_ERRORS + " problems");
    assertThat(early).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  @Test
  void keysBeforeABrokenRestOfTheFileAreNotReported(@TempDir Path dir) throws IOException {
    Path spec =
        Files.writeString(
            dir.resolve("spec.yaml"),
            "version: 1\nkeys:\n  - name: a\n    publicKey: nope\nrepos: [unclosed\n");

    Object early = outcome(spec, 1);
    assertThat(early).asString().doesNotContain("publicKey");
    assertThat(early).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  private static Object outcome(Path spec, int earlyKeysFrom) {
    return SpecCorpus.outcome(spec, loader -> loader.earlyKeysFrom(earlyKeysFrom));
  }
}
