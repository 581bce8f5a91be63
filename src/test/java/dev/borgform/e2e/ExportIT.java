package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code borgform export}: the live account as a spec, which then plans to no changes. */
class ExportIT {
  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();
  private GraphQl api;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
  }

  private Result borgform(String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.READ_ONLY)),
        args);
  }

  private String addKey(String name, String line) {
    return api.data(
            "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }",
            Map.of("n", name, "k", line))
        .get("sshAdd")
        .get("keyAdded")
        .get("id")
        .asText();
  }

  private void addRepo(String name, List<String> appendOnly, List<String> fullAccess) {
    api.data(
        "mutation($n: String!, $a: [String], $f: [String]) { repoAdd(name: $n, region: \"eu\", quota: 1234567,"
            + " quotaEnabled: true, alertDays: 3, appendOnlyKeys: $a, fullAccessKeys: $f,"
            + " compactionEnabled: true, compactionHourTimezone: \"Europe/Berlin\") { repoAdded { id } } }",
        Map.of("n", name, "a", appendOnly, "f", fullAccess));
  }

  @Test
  void exportThenPlanShowsNoChangesEvenForStatesASpecCannotSayDirectly() throws Exception {
    String web = addKey("web", TestKeys.ed25519(1, "root@web"));
    String ci = addKey("ci", TestKeys.ed25519(2, "ci ${NOT_A_VAR} $$ end"));
    String dupA = addKey("dup", TestKeys.ed25519(3, "a"));
    addKey("dup", TestKeys.ed25519(4, "b"));
    addKey("yes", TestKeys.ed25519(5, ""));
    addRepo("web", List.of(web), List.of(ci));
    addRepo("uses-dup", List.of(dupA), List.of(ci));
    addRepo("twin", List.of(), List.of());
    addRepo("twin", List.of(), List.of());
    addRepo("007", List.of(), List.of());

    Path out = dir.resolve("exported.yaml");
    Result export = borgform("export", "--out", out.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    assertThat(export.out()).isEqualTo("Exported 3 keys and 3 repos to " + out + ".\n");
    assertThat(export.err())
        .contains("Warning: key name \"dup\" is used by 2 live keys")
        .contains("Warning: repo name \"twin\" is used by 2 live repos")
        .contains("repo \"uses-dup\": appendOnlyKeys holds key id " + dupA);
    String yaml = Files.readString(out);
    assertThat(yaml)
        .contains("$${NOT_A_VAR}")
        .contains("name: '007'")
        .contains("quota: 1234567")
        .contains("appendOnlyKeys: [web]")
        .doesNotContain("&id")
        .contains("  ignore:\n    keys:\n      - dup\n    repos:\n      - twin\n");

    Result plan = borgform("plan", "-f", out.toString(), "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out()).endsWith("No changes. The account matches the spec.\n");
  }

  @Test
  void exportToStandardOutputAndNeverOverAFile() throws Exception {
    addKey("web", TestKeys.ED1);
    Result r = borgform("export");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "version: 1\nkeys:\n  - name: web\n    publicKey: " + TestKeys.ED1 + "\nrepos: []\n");

    Path existing = Files.writeString(dir.resolve("borgbase.yaml"), "keep me");
    Result refused = borgform("export", "--out", existing.toString());
    assertThat(refused.exitCode()).isEqualTo(64);
    assertThat(Files.readString(existing)).isEqualTo("keep me");
  }
}
