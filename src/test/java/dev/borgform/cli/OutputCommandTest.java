package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code borgform output} through the CLI against the emulator (seeded, so ids are stable): every
 * format against its golden, repoPath as the API itself returns it, a Read Only token, NAMEs, an
 * object not created yet (exit 2), and the usage errors.
 */
class OutputCommandTest {
  @RegisterExtension
  final EmulatorExtension emulator = new EmulatorExtension(EmulatorConfig.inMemory().withSeed(7));

  @TempDir Path dir;
  private Path spec;

  static final Path EXAMPLE = Path.of("examples/borgbase.yaml");

  @BeforeEach
  void applyTheExample() throws Exception {
    // The example names keys/ci.pub relative to itself: copy both.
    spec = dir.resolve("borgbase.yaml");
    Files.copy(EXAMPLE, spec);
    Files.createDirectories(dir.resolve("keys"));
    Files.copy(Path.of("examples/keys/ci.pub"), dir.resolve("keys/ci.pub"));
    Result apply = run(TokenLevel.FULL_ACCESS, "apply", "-f", spec.toString(), "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
  }

  private Result run(TokenLevel level, String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(level)),
        args);
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("json", new String[] {}, "output/all.json"),
        Arguments.of("yaml", new String[] {}, "output/all.yaml"),
        Arguments.of("env", new String[] {}, "output/all.env"),
        Arguments.of("borgmatic", new String[] {"web-01"}, "output/borgmatic-web-01.yaml"),
        Arguments.of("borgmatic", new String[] {}, "output/borgmatic-all.yaml"),
        Arguments.of("json", new String[] {"nas", "ci"}, "output/nas-and-ci.json"),
        Arguments.of("env", new String[] {"db-01"}, "output/db-01.env"));
  }

  @ParameterizedTest(name = "--format {0} {1}")
  @MethodSource("formats")
  void everyFormatMatchesItsGoldenWithAReadOnlyToken(String format, String[] names, String golden) {
    String[] args =
        Stream.concat(
                Stream.of("output", "-f", spec.toString(), "--format", format), Stream.of(names))
            .toArray(String[]::new);
    Result r = run(TokenLevel.READ_ONLY, args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    Golden.check("output/" + Path.of(golden).getFileName(), r.out());
  }

  @Test
  void theRepoPathIsWhatTheApiReturnsAndOneReadIsMade() throws Exception {
    emulator.resetStats();
    Result r = run(TokenLevel.READ_ONLY, "output", "-f", spec.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(emulator.stats().requests()).as("one request").isEqualTo(1);
    JsonNode doc = GraphQl.JSON.readTree(r.out());
    JsonNode api =
        emulator
            .graphQl()
            .data("{ repoList { id name repoPath server { fingerprintEd25519 } } }", Map.of())
            .get("repoList");
    assertThat(doc.get("repos")).hasSize(api.size());
    for (JsonNode live : api) {
      JsonNode out = null;
      for (JsonNode o : doc.get("repos")) {
        if (o.get("name").asText().equals(live.get("name").asText())) out = o;
      }
      assertThat(out).as(live.toString()).isNotNull();
      assertThat(out.get("id").asText()).isEqualTo(live.get("id").asText());
      assertThat(out.get("repoPath").asText()).isEqualTo(live.get("repoPath").asText());
      assertThat(out.get("server").get("hostKeyFingerprints").get("ed25519").asText())
          .isEqualTo(live.get("server").get("fingerprintEd25519").asText());
    }
  }

  @Test
  void anObjectNotInTheAccountYetIsListedWithANullIdAndExits2() throws Exception {
    Files.writeString(
        spec,
        Files.readString(spec).replace("repos:\n", "repos:\n  - name: web-02\n    region: eu\n"));
    Result json = run(TokenLevel.READ_ONLY, "output", "-f", spec.toString(), "web-02", "web-01");
    assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
    Golden.check("output/missing.json", json.out());
    Golden.check("output/missing.err.txt", json.err());
    Result borgmatic =
        run(
            TokenLevel.READ_ONLY,
            "output",
            "-f",
            spec.toString(),
            "--format",
            "borgmatic",
            "web-02");
    assertThat(borgmatic.exitCode()).isEqualTo(2);
    assertThat(borgmatic.out()).as("no entry without a path").isEmpty();
    Result env = run(TokenLevel.READ_ONLY, "output", "-f", spec.toString(), "--format", "env");
    assertThat(env.exitCode()).isEqualTo(2);
    assertThat(env.out()).contains("BORGFORM_REPO_WEB_01_PATH=").doesNotContain("WEB_02");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of("unknown-name", new String[] {"output", "web-99"}),
        Arguments.of("borgmatic-key", new String[] {"output", "--format", "borgmatic", "ci"}),
        Arguments.of("bad-format", new String[] {"output", "--format", "toml"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void usageErrorsExit64BeforeAnyRequest(String name, String[] args) {
    emulator.resetStats();
    String[] withSpec =
        Stream.concat(Stream.of(args), Stream.of("-f", spec.toString())).toArray(String[]::new);
    Result r = run(TokenLevel.READ_ONLY, withSpec);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
    assertThat(r.out()).isEmpty();
    assertThat(emulator.stats().requests()).isZero();
    Golden.check("output/usage-" + name + ".txt", r.err().replace(spec.toString(), "SPEC"));
  }
}
