package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Quota;
import dev.borgform.model.RepoField;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the corpus cannot hold as checked-in files: huge inputs, missing paths; and the model built.
 */
class SpecLoaderTest {
  @TempDir Path dir;

  private DesiredState load(String yaml, Map<String, String> env) throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, yaml);
    return new SpecLoader(env).load(f, "spec.yaml");
  }

  private List<Diagnostic> problems(String yaml) throws IOException {
    try {
      load(yaml, Map.of());
    } catch (DiagnosticsException e) {
      return e.diagnostics();
    }
    throw new AssertionError("expected the spec to be refused");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithoutBeingParsed() throws IOException {
    Path big = dir.resolve("big.yaml");
    try (OutputStream out = Files.newOutputStream(big)) {
      out.write("version: 1\n# ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] filler = new byte[1 << 20];
      java.util.Arrays.fill(filler, (byte) 'x');
      for (int i = 0; i < 9; i++) out.write(filler);
    }
    CliRun.Result r = CliRun.run(Map.of(), "validate", "-f", big.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err())
        .startsWith(
            big
                + ":1:1: error: the spec file is "
                + Files.size(big)
                + " bytes; the limit is 8388608\n")
        .contains("Split it into several files");
  }

  @Test
  void aMissingSpecPathIsReportedAtItsName() {
    CliRun.Result r = CliRun.run(Map.of(), "validate", "-f", dir.resolve("nope.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err()).contains("nope.yaml:1:1: error: no spec file at ").contains("-f FILE");
  }

  @Test
  void renamedFromIsCarriedInOrderAndAbsentMeansEmpty() throws IOException {
    DesiredState s =
        load(
            "version: 1\nkeys:\n  - name: k\n    renamedFrom: [k-old]\n    publicKey: "
                + TestKeys.ED1
                + "\n"
                + "repos:\n  - name: a\n    renamedFrom: [a-2, a-1]\n  - name: b\n",
            Map.of());
    assertThat(s.keys().get(0).renamedFrom()).containsExactly("k-old");
    assertThat(s.repos().get(0).renamedFrom()).containsExactly("a-2", "a-1");
    assertThat(s.repos().get(0).posOf("renamedFrom").line()).isEqualTo(8);
    assertThat(s.repos().get(1).renamedFrom()).isEmpty();
  }

  @Test
  void renamedFromClaimedInTwoFilesOfAFolderIsReportedAtTheSecond() throws IOException {
    Path folder = dir.resolve("folder");
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("a.yaml"), "version: 1\nrepos:\n  - name: a\n    renamedFrom: [old]\n");
    Files.writeString(
        folder.resolve("b.yaml"), "version: 1\nrepos:\n  - name: b\n    renamedFrom: [old]\n");
    CliRun.Result r = CliRun.run(Map.of(), "validate", "-f", folder.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err())
        .contains("b.yaml:4:19: error: repos \"a\" and \"b\" both list \"old\" in renamedFrom");
  }

  @Test
  void theModelHoldsWhatTheSpecStatesAndNothingElse() throws IOException {
    DesiredState s =
        load(
            "version: 1\nkeys:\n  - name: k\n    publicKey: "
                + TestKeys.ED1
                + "\n"
                + "repos:\n  - name: a\n    quota: 1.5TB\n  - name: b\n    region: us\n    quota: 750\n"
                + "  - name: c\n    quota: none\n    compaction: {hour: 3}\n    fullAccessKeys: [k]\n",
            Map.of());
    DesiredRepo a = s.repos().get(0);
    assertThat(a.get(RepoField.QUOTA).orElse(null)).isEqualTo(Quota.ofMegabytes(1_500_000));
    assertThat(a.region()).isNull();
    assertThat(a.get(RepoField.ALERT_DAYS).orElse(null)).isNull();
    assertThat(a.get(RepoField.APPEND_ONLY_KEYS).orElse(null)).isNull();
    assertThat(a.get(RepoField.COMPACTION_ENABLED).orElse(null)).isNull();
    assertThat(s.repos().get(1).get(RepoField.QUOTA).orElse(null))
        .isEqualTo(Quota.ofMegabytes(750));
    DesiredRepo c = s.repos().get(2);
    assertThat(c.get(RepoField.QUOTA).orElse(null)).isEqualTo(Quota.none());
    assertThat(c.get(RepoField.COMPACTION_HOUR).orElse(null)).isEqualTo(3);
    assertThat(c.get(RepoField.COMPACTION_INTERVAL).orElse(null)).isNull();
    assertThat(c.get(RepoField.FULL_ACCESS_KEYS).orElse(null)).containsExactly("k");
    assertThat(s.policy().pruneKeys()).isTrue();
    assertThat(s.policy().pruneRepos()).isFalse();
    assertThat(s.policy().maxDeletePercent()).isEqualTo(30);
  }

  @Test
  void interpolationFillsTextValuesAndDollarDollarEscapes() throws IOException {
    DesiredState s =
        load(
            "version: 1\nkeys:\n  - name: ${BORGFORM_HOST}-key\n    publicKey: ${BORGFORM_KEY}\n"
                + "repos:\n  - name: \"$${HOST}\"\n    region: ${BORGFORM_REGION}\n",
            Map.of(
                "BORGFORM_HOST", "web-01", "BORGFORM_KEY", TestKeys.ED2, "BORGFORM_REGION", "us"));
    assertThat(s.keys().get(0).name()).isEqualTo("web-01-key");
    assertThat(s.keys().get(0).publicKey().toLine()).isEqualTo(TestKeys.ED2);
    assertThat(s.repos().get(0).name()).isEqualTo("${HOST}");
    assertThat(s.repos().get(0).region()).isEqualTo(dev.borgform.model.Region.US);
  }

  @Test
  void aKeyFileIsReadRelativeToTheSpecFile() throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/ci.pub"), TestKeys.ECDSA256 + "\r\n");
    DesiredState s =
        load("version: 1\nkeys:\n  - name: ci\n    publicKeyFile: keys/ci.pub\n", Map.of());
    assertThat(s.keys().get(0).publicKey().toLine()).isEqualTo(TestKeys.ECDSA256);
  }

  @Test
  void everyProblemIsReportedInOnePass() throws IOException {
    List<Diagnostic> d =
        problems(
            "version: 1\nrepos:\n  - name: a\n    region: mars\n    alertDays: -1\n    quota: 5XB\n    sftp: yes\n");
    assertThat(d).extracting(x -> x.pos().line()).containsExactly(4, 5, 6, 7);
  }

  @Test
  void textShownFromTheSpecIsCutAndHasNoControlCharacters() {
    assertThat(Ctx.shown("a\u001b[31mb")).isEqualTo("a\\e[31mb");
    assertThat(Ctx.shown("x".repeat(100))).hasSize(Ctx.MAX_SHOWN + 3).endsWith("...");
    assertThat(Ctx.shown("a\u202eb")).isEqualTo("a\\u202eb");
  }

  @Test
  void yaml12DecidesWhatIsText() {
    assertThat(Scalars.kindOfPlain("yes")).isEqualTo(Scalars.Kind.STR);
    assertThat(Scalars.kindOfPlain("on")).isEqualTo(Scalars.Kind.STR);
    assertThat(Scalars.kindOfPlain("1_000")).isEqualTo(Scalars.Kind.STR);
    assertThat(Scalars.kindOfPlain("2024-01-01")).isEqualTo(Scalars.Kind.STR);
    assertThat(Scalars.kindOfPlain("True")).isEqualTo(Scalars.Kind.BOOL);
    assertThat(Scalars.kindOfPlain("~")).isEqualTo(Scalars.Kind.NULL);
    assertThat(Scalars.kindOfPlain("0x1F")).isEqualTo(Scalars.Kind.INT);
    assertThat(Scalars.kindOfPlain("-12")).isEqualTo(Scalars.Kind.INT);
    assertThat(Scalars.kindOfPlain("1e3")).isEqualTo(Scalars.Kind.FLOAT);
    assertThat(Scalars.kindOfPlain(".inf")).isEqualTo(Scalars.Kind.FLOAT);
  }

  /**
   * A line over 64 KiB is refused before the YAML parser sees it (a single long line is slow to
   * parse), at its line; a line of exactly the limit is still read.
   */
  @Test
  void anOverlongLineIsRefusedBeforeParsingWithItsLine() throws IOException {
    int limit = YamlSource.MAX_LINE_CHARS;
    List<Diagnostic> d = problems("version: 1\nkeys: []\n# " + "c".repeat(limit) + "\nrepos: []\n");
    assertThat(d).hasSize(1);
    assertThat(d.get(0).pos()).hasToString("spec.yaml:3:1");
    assertThat(d.get(0).summary())
        .isEqualTo(
            "line 3 is "
                + (limit + 2)
                + " characters long; the limit is 65536 (the file was not read further)");

    String atTheLimit = "#" + "c".repeat(limit - 1);
    assertThat(load("version: 1\n" + atTheLimit + "\n", Map.of()).keys()).isEmpty();
    assertThat(load("version: 1\n" + atTheLimit, Map.of()).keys())
        .as("without a final newline")
        .isEmpty();
  }

  /**
   * A file none of whose top-level fields belongs to a spec (a wrong -f) gets one message quoting a
   * few characters, not an "unknown field" per line; a spec with one wrong field still gets the
   * usual message for it.
   */
  @Test
  void aFileThatIsNotASpecIsReportedOnceWithAShortExcerpt() throws IOException {
    List<Diagnostic> d =
        problems("DB_PASSWORD: s3cr3t-v4lue-that-must-not-show\nAPI_KEY: AKIAIOSFODNN7EXAMPLE\n");
    assertThat(d).hasSize(1);
    assertThat(d.get(0).summary())
        .isEqualTo(
            "this file is not a borgform spec: it has none of the fields version,"
                + " requiredVersion, keys, defaults, repos, policy (its first is \"DB_PASSWORD\")");
    assertThat(d.toString()).doesNotContain("s3cr3t").doesNotContain("AKIA");

    List<Diagnostic> typo = problems("version: 1\nrepo: []\n");
    assertThat(typo)
        .extracting(Diagnostic::summary)
        .containsExactly("unknown field \"repo\" in the spec");
  }

  /** Secrets given to the loader (the run's token) are refused in any BORGFORM_ variable. */
  @Test
  void theTokenGivenToTheLoaderIsRefusedInAnyVariable() throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, "version: 1\nrepos:\n  - name: r-${BORGFORM_X}\n    region: eu\n");
    String token = "token-from-the-token-file";
    Map<String, String> env = Map.of("BORGFORM_X", token);
    assertThatThrownBy(() -> new SpecLoader(env, List.of(token)).load(f, "spec.yaml"))
        .isInstanceOf(DiagnosticsException.class)
        .satisfies(
            e ->
                assertThat(((DiagnosticsException) e).diagnostics().get(0).summary())
                    .endsWith(
                        "environment variable BORGFORM_X holds the API token, which a spec can never use"));
    // Short values are not tokens: refusing them would refuse ordinary names.
    assertThat(
            new SpecLoader(Map.of("BORGFORM_X", "eu"), List.of("eu")).load(f, "spec.yaml").repos())
        .extracting(DesiredRepo::name)
        .containsExactly("r-eu");
  }

  @Test
  void quotaUnitsAreDecimal() {
    assertThat(QuotaParser.parse("500GB").megabytes()).isEqualTo(500_000);
    assertThat(QuotaParser.parse("1.5TB").megabytes()).isEqualTo(1_500_000);
    assertThat(QuotaParser.parse("0.5GB").megabytes()).isEqualTo(500);
    assertThat(QuotaParser.parse("250 MB").megabytes()).isEqualTo(250);
    assertThat(QuotaParser.parse("42").megabytes()).isEqualTo(42);
    assertThat(QuotaParser.parse("none").enabled()).isFalse();
    assertThatThrownBy(() -> QuotaParser.parse("1GiB")).hasMessageContaining("decimal");
  }
}
