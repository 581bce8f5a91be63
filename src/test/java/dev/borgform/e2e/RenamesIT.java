package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renaming through the CLI against the emulator: editing only {@code name:} is caught by the hint,
 * and {@code renamedFrom} renames the repo in place (same id, repoPath and backups) and the key
 * through a replace that keeps the server's access; afterwards the spec plans clean.
 */
class RenamesIT {
  @TempDir Path dir;
  private EmulatorServer emulator;
  private GraphQl api;
  private Path spec;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    spec = dir.resolve("borgbase.yaml");
    write("web-01", "", "web-01", "");
    Result first = borgform("apply", "-f", spec.toString(), "--auto-approve");
    assertThat(first.exitCode()).as(first.toString()).isZero();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private void write(String key, String keyFrom, String repo, String repoFrom) throws Exception {
    Files.writeString(
        spec,
        "version: 1\n"
            + "keys:\n"
            + "  - name: "
            + key
            + "\n"
            + keyFrom
            + "    publicKey: "
            + TestKeys.ED1
            + "\n"
            + "repos:\n"
            + "  - name: "
            + repo
            + "\n"
            + repoFrom
            + "    region: eu\n"
            + "    alertDays: 2\n"
            + "    appendOnlyKeys: ["
            + key
            + "]\n");
  }

  private Result borgform(String... args) {
    return CliRun.run(
        Map.of(
            "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
            "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS)),
        args);
  }

  private JsonNode onlyRepo() {
    JsonNode repos =
        api.data("{ repoList { id name repoPath currentUsage appendOnlyKeys } }", Map.of())
            .get("repoList");
    assertThat(repos).hasSize(1);
    return repos.get(0);
  }

  @Test
  void editingOnlyTheNamePlansANewRepoAndSaysHowToRenameInstead() throws Exception {
    String id = onlyRepo().get("id").asText();
    write("web-01", "", "web-01-new", "");
    Result r = borgform("plan", "-f", spec.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("+ repo.web-01-new")
        .contains(
            "Warning: repo.web-01-new: did you mean to rename repo.web-01 (id "
                + id
                + ")? add renamedFrom: [web-01] to repo.web-01-new");
  }

  @Test
  void renamedFromKeepsTheRepoItsBackupsAndTheServersAccessAndThenPlansClean() throws Exception {
    JsonNode before = onlyRepo();
    String id = before.get("id").asText();
    emulator.recordBackup(id, 2048.0);
    write("web-01-ssh", "    renamedFrom: [web-01]\n", "web-01-new", "    renamedFrom: [web-01]\n");

    Result plan = borgform("plan", "-f", spec.toString());
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("~ repo.web-01-new")
        .contains("name:           web-01 -> web-01-new")
        .contains("+/- key.web-01-ssh  (renamed from \"web-01\")")
        .doesNotContain("+ repo.")
        .doesNotContain("did you mean");

    Result apply = borgform("apply", "-f", spec.toString(), "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    JsonNode after = onlyRepo();
    assertThat(after.get("id").asText()).isEqualTo(id);
    assertThat(after.get("name").asText()).isEqualTo("web-01-new");
    assertThat(after.get("repoPath").asText()).isEqualTo(before.get("repoPath").asText());
    assertThat(after.get("currentUsage").asDouble()).isEqualTo(2048.0);
    JsonNode keys = api.data("{ sshList { id name } }", Map.of()).get("sshList");
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).get("name").asText()).isEqualTo("web-01-ssh");
    assertThat(after.get("appendOnlyKeys")).hasSize(1);
    assertThat(after.get("appendOnlyKeys").get(0).asText())
        .as("the server's key moved to the renamed key")
        .isEqualTo(keys.get(0).get("id").asText());

    Result again = borgform("plan", "-f", spec.toString(), "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).doesNotContain("Warning");
  }
}
