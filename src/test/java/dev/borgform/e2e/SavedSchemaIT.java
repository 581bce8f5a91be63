package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EditedSchema;
import dev.borgform.testing.SchemaDiff;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema saved with {@code doctor --save-schema} compared with the emulator's: the emulator's own
 * saves as its schema exactly; a server that differs shows each difference as a line to change in
 * {@code borgbase.graphqls}. With {@code -Dschema.compare=FILE}, the differences of a schema a user
 * saved from the real API are printed (docs/borgbase-api.md says how to use it).
 */
class SavedSchemaIT {
  @TempDir Path dir;

  private static Result saveSchema(String url, String token, Path file) {
    return CliRun.run(
        Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", token),
        "doctor",
        "--save-schema",
        file.toString());
  }

  @Test
  void theEmulatorsSavedSchemaIsItsSchema() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      Path saved = dir.resolve("emulator.json");
      Result r =
          saveSchema(emulator.graphqlUrl().toString(), emulator.token(TokenLevel.READ_ONLY), saved);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(SchemaDiff.differences(SchemaDiff.sdlOfEmulator(), SchemaDiff.sdlOfSaved(saved)))
          .isEmpty();
    }
  }

  @Test
  void aServerThatDiffersShowsWhatToChangeInTheEmulator() throws Exception {
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
        MockWebServer front = new MockWebServer()) {
      front.setDispatcher(
          EditedSchema.of(
              s ->
                  s.replace("sshDelete(id: String!)", "sshDelete(id: Int!)")
                      .replace("  lastUsedAt: String\n", "  lastUsedAt: String\n  label: String\n"),
              emulator.graphqlUrl()));
      front.start();
      Path saved = dir.resolve("live.json");
      Result r =
          saveSchema(front.url("/graphql").toString(), emulator.token(TokenLevel.READ_ONLY), saved);
      assertThat(r.exitCode()).as("the changed id type fails doctor").isEqualTo(1);
      assertThat(saved).exists();
      assertThat(SchemaDiff.differences(SchemaDiff.sdlOfEmulator(), SchemaDiff.sdlOfSaved(saved)))
          .containsExactly(
              "type Mutation: - sshDelete(id: String!): OkPayload",
              "type Mutation: + sshDelete(id: Int!): OkPayload",
              "type SshKey: + label: String");
    }
  }

  /** {@code mvn -B verify -Dit.test=SavedSchemaIT -Dschema.compare=FILE}: a user's saved schema. */
  @Test
  void comparesASchemaSavedFromTheRealApiWhenGivenOne() {
    String file = System.getProperty("schema.compare");
    Assumptions.assumeTrue(file != null && !file.isBlank(), "no -Dschema.compare=FILE given");
    List<String> diff =
        SchemaDiff.differences(SchemaDiff.sdlOfEmulator(), SchemaDiff.sdlOfSaved(Path.of(file)));
    System.out.println(
        "Saved schema "
            + file
            + " against the emulator's borgbase.graphqls ("
            + diff.size()
            + " differences; '-' only in the emulator, '+' only in the saved schema):");
    diff.forEach(d -> System.out.println("  " + d));
    assertThat(SchemaDiff.sdlOfSaved(Path.of(file))).contains("type Query");
  }
}
