package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code plan --unmanaged=ignore|report|fail}: a repo made by hand outside the spec is listed (the
 * default), counted as drift, or fails the plan; an ignored repo is none of these.
 */
class UnmanagedReposIT {
  private static final String SPEC = "examples/borgbase.yaml";
  private EmulatorServer emulator;
  private GraphQl api;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    assertThat(borgform("apply", "-f", SPEC, "--auto-approve").exitCode()).isZero();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Result borgform(String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS)),
        args);
  }

  private void repoMadeByHand(String name) {
    api.data(
        "mutation($n: String!) { repoAdd(name: $n, region: \"eu\") { repoAdded { id } } }",
        Map.of("n", name));
  }

  @ParameterizedTest(name = "--unmanaged={0}, a repo made by hand: {1} -> exit {2}")
  @CsvSource({
    "ignore, false, 0",
    "report, false, 0",
    "fail,   false, 0",
    "ignore, true,  0",
    "report, true,  2",
    "fail,   true,  1",
  })
  void eachModeWithAndWithoutARepoMadeByHand(String mode, boolean byHand, int exit) {
    if (byHand) repoMadeByHand("made-by-hand");
    Result r = borgform("plan", "-f", SPEC, "--detailed-exitcode", "--unmanaged=" + mode);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    if (byHand) {
      assertThat(r.out()).contains("repo.made-by-hand  not in the spec (id ");
    }
  }

  @Test
  void theDefaultIsToListThemOnly() {
    repoMadeByHand("made-by-hand");
    Result r = borgform("plan", "-f", SPEC, "--detailed-exitcode");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Left alone:").contains("repo.made-by-hand");
  }

  @Test
  void failNamesTheReposNeutralisedAndSaysWhatToDo() {
    repoMadeByHand("made-by-hand");
    repoMadeByHand("evil\u001b[2Kname");
    Result r = borgform("plan", "-f", SPEC, "--unmanaged=fail");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("\u001b");
    Golden.check("cli/unmanaged-fail.txt", r.err());
  }

  @Test
  void anIgnoredRepoIsNeverUnmanaged() throws Exception {
    repoMadeByHand("scratch-01");
    java.nio.file.Path spec = java.nio.file.Files.createTempFile("ignoring", ".yaml");
    try {
      java.nio.file.Files.writeString(
          spec,
          java.nio.file.Files.readString(java.nio.file.Path.of(SPEC))
                  .replace(
                      "publicKeyFile: keys/ci.pub",
                      "publicKeyFile: "
                          + java.nio.file.Path.of("examples/keys/ci.pub").toAbsolutePath())
              + "policy:\n  ignore:\n    repos: [scratch-*]\n");
      Result r = borgform("plan", "-f", spec.toString(), "--detailed-exitcode", "--unmanaged=fail");
      assertThat(r.exitCode()).as(r.toString()).isZero();
    } finally {
      java.nio.file.Files.deleteIfExists(spec);
    }
  }
}
