package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.DesiredState;
import dev.borgform.testing.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading each repo as soon as SnakeYAML has composed it ({@code SpecLoader.EarlyRepos}) changes
 * nothing: every spec of the test corpus, valid or not, and each case below where what was read
 * early must not be used, loads to the same state or fails with the same diagnostics, in the same
 * order, whether its repos are read early or after the file is composed.
 */
class EarlyReposTest {
  static List<Path> specs() throws IOException {
    return SpecCorpus.files();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void readingReposEarlyChangesNothing(Path spec) {
    assertThat(outcome(spec, 0)).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  static Stream<String> unusableEarly() {
    String key =
        "keys:\n  - name: k\n    publicKey: " + dev.borgform.testing.TestKeys.ed25519(1, "k");
    return Stream.of(
        // An alias among the repos: the same node twice, read twice in line.
        "version: 1\n" + key + "\nrepos:\n  - &r {name: a, region: eu}\n  - *r\n",
        // Defaults merged into every repo.
        "version: 1\n"
            + key
            + "\ndefaults:\n  region: eu\n  quota: 5GB\nrepos:\n  - name: a\n  - name: b\n",
        // Defaults after the repos.
        "version: 1\n" + key + "\nrepos:\n  - name: a\n  - name: b\ndefaults:\n  region: us\n",
        // A second repos: field.
        "version: 1\n" + key + "\nrepos:\n  - {name: a, region: eu}\nrepos:\n  - {name: b}\n",
        // Items that are not mappings.
        "version: 1\n" + key + "\nrepos:\n  - {name: a, region: eu}\n  - b\n  - [c]\n",
        // A list as a key of the root, holding mappings.
        "version: 1\n" + key + "\nrepos:\n  - {name: a, region: eu}\n? [{name: b}]\n: 1\n",
        // Problems in the repos: reported in line, in order.
        "version: 1\n"
            + key
            + "\nrepos:\n  - {name: a, region: mars}\n  - {name: b, region: eu, quota: -1GB}\n"
            + "  - {name: a, region: eu}\n  - {region: eu, fullAccessKeys: [nokey]}\n",
        // A warning only.
        "version: 1\n" + key + "\nrepos:\n  - {name: a, region: eu, alertDays: 0}\n",
        // Repos and the broken YAML after them.
        "version: 1\n" + key + "\nrepos:\n  - {name: a, region: mars}\npolicy: [unclosed\n");
  }

  @ParameterizedTest
  @MethodSource("unusableEarly")
  void whereTheEarlyReadIsNotUsedTheOutcomeIsTheSame(String yaml, @TempDir Path dir)
      throws IOException {
    Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
    assertThat(outcome(spec, 0)).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  /**
   * The thread that reads repos early ends however loading ends: read and used, not used, the YAML
   * broken in the middle of the repos or after them, or a file with no repos at all.
   */
  @Test
  void theThreadThatReadsReposEndsHoweverLoadingEnds(@TempDir Path dir) throws Exception {
    List<String> yamls = new ArrayList<>(unusableEarly().toList());
    yamls.add("version: 1\nrepos:\n  - {name: a, region: eu}\n  - {name: b, region: eu}\n");
    yamls.add("version: 1\nrepos:\n  - {name: a, region: eu}\n  - {name: b\n");
    yamls.add("version: 1\nrepos:\n  - {name: a, region: eu}\n  - name: b\n   region: eu\n");
    yamls.add("version: 1\nkeys: []\n");
    int i = 0;
    for (String yaml : yamls) {
      Path spec = Files.writeString(dir.resolve("spec" + i++ + ".yaml"), yaml);
      outcome(spec, 0);
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (readingThreads() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(readingThreads()).as("threads still reading repos").isZero();
  }

  private static long readingThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("borgform-spec-repos"))
        .count();
  }

  @Test
  void tooManyProblemsInTheReposStopAtTheSamePlace(@TempDir Path dir) throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\nrepos:\n");
    for (int i = 0; i < Ctx.MAX_ERRORS + 20; i++) {
      yaml.append("  - name: r").append(i).append("\n    region: mars").append('\n');
    }
    Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);

    Object early = outcome(spec, 0);
    assertThat(early).asString().contains("more than " + Ctx.MAX_ERRORS + " problems");
    assertThat(early).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  @Test
  void aLargeValidSpecLoadsTheSameAtTheDefaultSize(@TempDir Path dir) {
    Path spec = SyntheticSpec.write(dir, 2_000);
    assertThat(spec.toFile().length()).isGreaterThan(YamlSource.PIPED_FROM_CHARS);

    Object early = SpecCorpus.outcome(spec, loader -> loader);
    assertThat(early).isInstanceOf(DesiredState.class);
    assertThat(((DesiredState) early).repos()).hasSize(2_000);
    assertThat(early).isEqualTo(outcome(spec, Integer.MAX_VALUE));
  }

  private static Object outcome(Path spec, int earlyReposFromChars) {
    return SpecCorpus.outcome(spec, loader -> loader.earlyReposFromChars(earlyReposFromChars));
  }
}
