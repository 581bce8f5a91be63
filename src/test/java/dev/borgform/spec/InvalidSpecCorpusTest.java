package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid spec under {@code src/test/resources/spec/invalid} through the real CLI: exit 65,
 * exactly the golden diagnostics, every line at {@code file:line:column}, no stack trace, no HTTP
 * request, and never a secret (private key text or an environment value) in the output, even with
 * --debug.
 */
class InvalidSpecCorpusTest {
  static final Path DIR = Path.of("src/test/resources/spec/invalid");

  /** Case names: NNN-words, as a .yaml/.yml file or a folder of them. */
  static final Pattern CASE = Pattern.compile("[0-9]{3}-[a-z0-9-]+(\\.ya?ml)?");

  /**
   * Planted in every private key and every secret environment value of the corpus; must never be
   * printed.
   */
  static final String CANARY = "LEAKCANARY";

  /** The API token of every run (validate and plan alike), so the cases about it are the same. */
  static final String API_TOKEN = "eyJ0eXAi." + CANARY + "-api-token.sig-Qw7";

  static final Map<String, String> SPEC_ENV =
      Map.ofEntries(
          Map.entry("BORGBASE_TOKEN", API_TOKEN),
          Map.entry("BORGFORM_SECRET_TOKEN", "tok-" + CANARY + "-7f3a9c"),
          Map.entry(
              "BORGFORM_NAS_PRIVATE_KEY",
              "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA"
                  + CANARY
                  + "AAAA\n-----END OPENSSH PRIVATE KEY-----\n"),
          Map.entry("BORGFORM_MULTILINE_SECRET", "web-01\n" + CANARY),
          Map.entry("BORGFORM_SECRET_DIR", "/nonexistent/" + CANARY),
          Map.entry("BORGFORM_ALERT_DAYS", "2"),
          // Set, but without the prefix: refused exactly as if it were not set.
          Map.entry("NAS_PUBLIC_KEY", "ssh-ed25519 " + CANARY),
          Map.entry("CI_JOB_SECRET", "ci-" + CANARY + "-secret"),
          // The token copied into variables a spec may read: refused all the same.
          Map.entry("BORGFORM_TOKEN_COPY", API_TOKEN),
          Map.entry("BORGFORM_HAS_TOKEN_INSIDE", "x-" + API_TOKEN + "-y"));

  @RegisterExtension
  static final EmulatorExtension emulator =
      new EmulatorExtension(EmulatorConfig.inMemory().withToken(TokenLevel.FULL_ACCESS, API_TOKEN));

  static List<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> CASE.matcher(n).matches())
          .sorted()
          .toList();
    }
  }

  @Test
  void theCorpusIsLargeAndEveryEntryIsACaseWithAGolden() throws IOException {
    List<String> cases = cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> strays =
          s.map(p -> p.getFileName().toString())
              .filter(n -> !CASE.matcher(n).matches())
              .filter(
                  n ->
                      !n.endsWith(".diagnostics.txt")
                          && !n.endsWith(".actual")
                          && !n.equals("_files"))
              .toList();
      assertThat(strays).as("files that are neither a case nor a golden").isEmpty();
    }
  }

  private static Path golden(String name) {
    String stem = name.replaceFirst("\\.ya?ml$", "");
    return DIR.resolve(stem + ".diagnostics.txt");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validateReportsTheGoldenDiagnostics(String name) {
    String path = DIR.resolve(name).toString();
    CliRun.Result r = CliRun.run(SPEC_ENV, "validate", "--no-color", "-f", path);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(r.out()).as("nothing on stdout").isEmpty();
    Golden.check(golden(name), r.err());
    assertEveryProblemHasAPlace(r.err(), path);
    assertNoLeakAndNoTrace(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void planStopsBeforeAnyRequestWithTheSameDiagnostics(String name) {
    String path = DIR.resolve(name).toString();
    Map<String, String> env = new HashMap<>(SPEC_ENV);
    env.put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
    env.put("BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
    long before = emulator.stats().requests();

    CliRun.Result r = CliRun.run(env, "plan", "--no-color", "-f", path);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(emulator.stats().requests()).as("HTTP requests made").isEqualTo(before);
    assertThat(r.err()).isEqualTo(CliRun.run(SPEC_ENV, "validate", "--no-color", "-f", path).err());
    assertNoLeakAndNoTrace(r);
    assertThat(r.all()).doesNotContain(emulator.token(TokenLevel.FULL_ACCESS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void debugOutputLeaksNothingEither(String name) {
    CliRun.Result r =
        CliRun.run(SPEC_ENV, "validate", "--debug", "-f", DIR.resolve(name).toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.all()).doesNotContain(CANARY);
  }

  private static void assertEveryProblemHasAPlace(String err, String path) {
    List<String> lines = err.lines().toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).matches("Error: The spec has [0-9]+ errors?\\.");
    Pattern located = Pattern.compile(Pattern.quote(path) + "(/[^:/]+)?:[0-9]+:[0-9]+: error: .+");
    long problems = 0;
    for (String line : lines.subList(0, lines.size() - 1)) {
      if (line.startsWith("  ")) continue; // the advice under each problem
      assertThat(line).as("a problem line names file:line:column").matches(located);
      problems++;
    }
    assertThat(problems).isPositive();
    assertThat(lines.get(lines.size() - 1)).contains(" " + problems + " error");
  }

  private static void assertNoLeakAndNoTrace(CliRun.Result r) {
    assertThat(r.all()).doesNotContain(CANARY);
    assertThat(r.all())
        .doesNotContain("\tat ")
        .doesNotContain("Exception")
        .doesNotContain("internal error");
    assertThat(r.all())
        .as("no raw control characters")
        .doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f]");
  }
}
