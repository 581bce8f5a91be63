package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.DiagnosticsException;
import dev.borgform.diag.SourcePos;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.testing.TestKeys;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code defaults:} as the loader resolves it: every repo field can be defaulted and reads as if
 * the repo stated it; a repo's own value wins (whole, but compaction per sub-field); positions
 * point where the value was written; a folder spec shares one defaults block.
 */
class SpecDefaultsTest {
  @TempDir Path dir;

  private static final String KEYS =
      "keys:\n"
          + "  - name: admin\n"
          + "    publicKey: "
          + TestKeys.ED1
          + "\n"
          + "  - name: web\n"
          + "    publicKey: "
          + TestKeys.ED2
          + "\n";

  /**
   * A sample value for each field {@code defaults:} may hold. A repo field added to the loader
   * without a row here fails {@link #everyDefaultableFieldHasASample}.
   */
  static final Map<String, String> SAMPLES = new LinkedHashMap<>();

  static {
    SAMPLES.put("region", "us");
    SAMPLES.put("quota", "1.5TB");
    SAMPLES.put("alertDays", "3");
    SAMPLES.put("appendOnlyKeys", "[web]");
    SAMPLES.put("fullAccessKeys", "[admin]");
    SAMPLES.put("rsyncKeys", "[admin]");
    SAMPLES.put("appendOnly", "true");
    SAMPLES.put("sftpEnabled", "true");
    SAMPLES.put("borgVersion", "V_1_2_X");
    SAMPLES.put("format", "restic");
    SAMPLES.put(
        "compaction",
        "{ enabled: true, interval: 2, unit: days, hour: 5, timezone: Europe/Berlin }");
  }

  private DesiredState load(String yaml) throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, yaml);
    return new SpecLoader(Map.of()).load(f, "spec.yaml");
  }

  private static DesiredRepo repo(DesiredState s, String name) {
    return s.repos().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyDefaultableFieldHasASample() {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(Defaults.fields());
    assertThat(Defaults.fields()).doesNotContain("name", "id", "renamedFrom");
  }

  static Stream<String> fields() {
    return Defaults.fields().stream();
  }

  /** A field set under defaults: reads exactly as the same field set in the repo itself. */
  @ParameterizedTest
  @MethodSource("fields")
  void aDefaultedFieldReadsAsIfTheRepoStatedIt(String field) throws Exception {
    String value = SAMPLES.get(field);
    DesiredRepo viaDefaults =
        repo(
            load(
                "version: 1\n"
                    + KEYS
                    + "defaults:\n  "
                    + field
                    + ": "
                    + value
                    + "\nrepos:\n  - name: web-01\n"),
            "web-01");
    DesiredRepo stated =
        repo(
            load(
                "version: 1\n"
                    + KEYS
                    + "repos:\n  - name: web-01\n    "
                    + field
                    + ": "
                    + value
                    + "\n"),
            "web-01");
    assertThat(valuesOf(viaDefaults)).isEqualTo(valuesOf(stated));
    assertThat(valuesOf(viaDefaults))
        .isNotEqualTo(
            valuesOf(
                new DesiredRepo(
                    "web-01", null, null, Map.of(), viaDefaults.pos(), Map.of(), List.of())));
    assertThat(viaDefaults.fieldPos()).containsKey(field);
    assertThat(viaDefaults.fieldPos().get(field).line())
        .as("the position is the field's line under defaults:")
        .isEqualTo(8);
  }

  /** Every component but where it was written. */
  private static Map<String, Object> valuesOf(DesiredRepo r) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : DesiredRepo.class.getRecordComponents()) {
      if (c.getName().equals("pos") || c.getName().equals("fieldPos")) continue;
      out.put(c.getName(), c.getAccessor().invoke(r));
    }
    return out;
  }

  static Stream<Arguments> precedence() {
    String defaults =
        "defaults:\n"
            + "  region: eu\n"
            + "  quota: 500GB\n"
            + "  alertDays: 2\n"
            + "  fullAccessKeys: [admin]\n"
            + "  compaction: { enabled: true, interval: 6, unit: weeks, hour: 14 }\n";
    return Stream.of(
        Arguments.of(
            "the repo's own value replaces the default",
            defaults + "repos:\n  - name: r\n    quota: 10GB\n",
            (Function<DesiredRepo, Object>) r -> r.get(RepoField.QUOTA).orElseThrow(),
            Quota.ofMegabytes(10_000)),
        Arguments.of(
            "a field the repo leaves out takes the default",
            defaults + "repos:\n  - name: r\n    quota: 10GB\n",
            (Function<DesiredRepo, Object>) DesiredRepo::region,
            Region.EU),
        Arguments.of(
            "a key list replaces the default list whole (not appended to)",
            defaults + "repos:\n  - name: r\n    fullAccessKeys: [web]\n",
            (Function<DesiredRepo, Object>) r -> r.get(RepoField.FULL_ACCESS_KEYS).orElseThrow(),
            List.of("web")),
        Arguments.of(
            "an empty key list in the repo clears the default",
            defaults + "repos:\n  - name: r\n    fullAccessKeys: []\n",
            (Function<DesiredRepo, Object>) r -> r.get(RepoField.FULL_ACCESS_KEYS).orElseThrow(),
            List.of()),
        Arguments.of(
            "compaction merges per sub-field: the repo's hour",
            defaults + "repos:\n  - name: r\n    compaction: { hour: 3 }\n",
            (Function<DesiredRepo, Object>) r -> r.get(RepoField.COMPACTION_HOUR).orElseThrow(),
            3),
        Arguments.of(
            "compaction merges per sub-field: the default's unit",
            defaults + "repos:\n  - name: r\n    compaction: { hour: 3 }\n",
            (Function<DesiredRepo, Object>) r -> r.get(RepoField.COMPACTION_UNIT).orElseThrow(),
            CompactionUnit.WEEKS),
        Arguments.of(
            "a sub-field neither side states stays unmanaged",
            defaults + "repos:\n  - name: r\n    compaction: { hour: 3 }\n",
            (Function<DesiredRepo, Object>)
                r -> String.valueOf(r.get(RepoField.COMPACTION_TIMEZONE).orElse(null)),
            "null"),
        Arguments.of(
            "a field no side states stays unmanaged",
            defaults + "repos:\n  - name: r\n",
            (Function<DesiredRepo, Object>)
                r -> String.valueOf(r.get(RepoField.BORG_VERSION).orElse(null)),
            "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("precedence")
  void aReposOwnValueWins(
      String what, String body, Function<DesiredRepo, Object> field, Object expected)
      throws IOException {
    assertThat(field.apply(repo(load("version: 1\n" + KEYS + body), "r"))).isEqualTo(expected);
  }

  @Test
  void aDefaultedFieldIsPositionedAtItsLineUnderDefaults() throws IOException {
    DesiredState s =
        load(
            "version: 1\ndefaults:\n  region: eu\nrepos:\n  - name: a\n  - name: b\n    region: us\n");
    assertThat(repo(s, "a").fieldPos().get("region")).isEqualTo(new SourcePos("spec.yaml", 3, 11));
    assertThat(repo(s, "b").fieldPos().get("region")).isEqualTo(new SourcePos("spec.yaml", 7, 13));
  }

  @Test
  void theDefaultsOfOneFileOfAFolderApplyToTheReposOfEveryFile() throws IOException {
    Path folder = dir.resolve("spec");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("a-defaults.yaml"), "version: 1\ndefaults:\n  quota: 1TB\n");
    Files.writeString(folder.resolve("b-repos.yaml"), "version: 1\nrepos:\n  - name: web-01\n");
    Files.writeString(folder.resolve("0-first.yaml"), "version: 1\nrepos:\n  - name: web-00\n");
    DesiredState s = new SpecLoader(Map.of()).load(folder, "spec");
    assertThat(repo(s, "web-01").get(RepoField.QUOTA).orElseThrow())
        .isEqualTo(Quota.ofMegabytes(1_000_000));
    assertThat(repo(s, "web-00").get(RepoField.QUOTA).orElseThrow())
        .as("a file read before the defaults' file")
        .isEqualTo(Quota.ofMegabytes(1_000_000));
    assertThat(repo(s, "web-01").fieldPos().get("quota"))
        .isEqualTo(new SourcePos("spec/a-defaults.yaml", 3, 10));
  }

  @Test
  void aWrongDefaultIsReportedOnceHowEverManyReposInheritIt() throws IOException {
    StringBuilder yaml = new StringBuilder("version: 1\ndefaults:\n  quota: lots\nrepos:\n");
    for (int i = 0; i < 20; i++) yaml.append("  - name: web-").append(i).append('\n');
    assertThatThrownBy(() -> load(yaml.toString()))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e -> {
              assertThat(e.diagnostics()).hasSize(1);
              assertThat(e.diagnostics().get(0).summary())
                  .isEqualTo("the quota of the defaults is \"lots\": that is not a size");
              assertThat(e.diagnostics().get(0).pos()).isEqualTo(new SourcePos("spec.yaml", 3, 10));
            });
  }

  @Test
  void keysHaveNoDefaults() throws IOException {
    assertThatThrownBy(() -> load("version: 1\ndefaults:\n  publicKey: x\nkeys:\n  - name: k\n"))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e ->
                assertThat(e.diagnostics().get(0).summary())
                    .isEqualTo("unknown field \"publicKey\" in the defaults"));
  }
}
