package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid fixture and every example, through the real CLI against the emulator over HTTP:
 * validate, plan, apply, then plan again shows no changes. Proves each spec field reaches the
 * account and reads back as the spec states it.
 */
class ValidSpecsIT {
  static final Path VALID = Path.of("src/test/resources/spec/valid");
  static final Path EXAMPLES = Path.of("examples");

  @RegisterExtension final EmulatorExtension emulator = new EmulatorExtension();

  /** Spec files and folders of specs directly under {@code dir}. */
  static List<String> specsIn(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
          out.add(p.toString());
        } else if (Files.isDirectory(p) && hasSpecs(p)) {
          out.add(p.toString());
        }
      }
    }
    return out;
  }

  private static boolean hasSpecs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"));
    }
  }

  static List<String> specs() throws IOException {
    List<String> all = new ArrayList<>(specsIn(VALID));
    all.addAll(specsIn(EXAMPLES));
    return all;
  }

  @Test
  void thereAreSeveralFixturesAndExamples() throws IOException {
    assertThat(specsIn(VALID)).hasSizeGreaterThanOrEqualTo(5);
    assertThat(specsIn(EXAMPLES)).isNotEmpty();
  }

  /** The environment the fixtures interpolate; the pinned repo is made first, as it would exist. */
  private Map<String, String> env() {
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    String id =
        api.data(
                "mutation { repoAdd(name: \"archive-2023\", region: \"us\") { repoAdded { id } } }",
                Map.of())
            .get("repoAdd")
            .get("repoAdded")
            .get("id")
            .asText();
    Map<String, String> env = new HashMap<>();
    env.put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
    env.put("BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
    env.put("BORGFORM_NAS_PUBLIC_KEY", TestKeys.ECDSA521);
    env.put("BORGFORM_SITE", "berlin");
    env.put("BORGFORM_KEY_DIR", "interpolated-keys");
    env.put("BORGFORM_REGION", "eu");
    env.put("BORGFORM_QUOTA", "2TB");
    env.put("BORGFORM_PINNED_REPO_ID", id);
    return env;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void validatesPlansAppliesAndThenHasNoChanges(String spec) {
    Map<String, String> env = env();

    CliRun.Result validate = CliRun.run(env, "validate", "-f", spec);
    assertThat(validate.exitCode()).as(validate.toString()).isZero();

    CliRun.Result plan = CliRun.run(env, "plan", "--no-color", "-f", spec, "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isIn(0, 2);

    CliRun.Result apply = CliRun.run(env, "apply", "--no-color", "-f", spec, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    CliRun.Result again = CliRun.run(env, "plan", "--no-color", "-f", spec, "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("No changes. The account matches the spec.");
  }

  @Test
  void everyFieldReadsBackAsTheSpecStatesIt() {
    Map<String, String> env = env();
    CliRun.Result apply =
        CliRun.run(
            env, "apply", "-f", VALID.resolve("every-field.yaml").toString(), "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY));
    var repos =
        api.data(
                "{ repoList { name region quota quotaEnabled alertDays appendOnly sftpEnabled"
                    + " borgVersion format compactionEnabled compactionInterval"
                    + " compactionIntervalUnit compactionHour compactionHourTimezone"
                    + " appendOnlyKeys fullAccessKeys rsyncKeys } }",
                Map.of())
            .get("repoList");
    Map<String, com.fasterxml.jackson.databind.JsonNode> byName = new HashMap<>();
    repos.forEach(r -> byName.put(r.get("name").asText(), r));

    var db = byName.get("db-01");
    assertThat(db.get("quota").asInt()).isEqualTo(1_500_000);
    assertThat(db.get("quotaEnabled").asBoolean()).isTrue();
    assertThat(db.get("borgVersion").asText()).isEqualTo("V_1_2_X");
    assertThat(db.get("compactionEnabled").asBoolean()).isTrue();
    assertThat(db.get("compactionInterval").asInt()).isEqualTo(1);
    assertThat(db.get("compactionIntervalUnit").asText()).isEqualTo("days");
    assertThat(db.get("compactionHour").asInt()).isEqualTo(3);
    assertThat(db.get("compactionHourTimezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(db.get("fullAccessKeys")).hasSize(2);

    var nas = byName.get("nas");
    assertThat(nas.get("quotaEnabled").asBoolean()).isFalse();
    assertThat(nas.get("compactionIntervalUnit").asText()).isEqualTo("months");
    assertThat(nas.get("compactionInterval").asInt()).isEqualTo(24);
    assertThat(nas.get("compactionHourTimezone").asText()).isEqualTo("America/New_York");

    var mail = byName.get("mail");
    assertThat(mail.get("quota").asInt()).isEqualTo(750_000);
    assertThat(mail.get("appendOnly").asBoolean()).isTrue();
    assertThat(mail.get("borgVersion").asText()).isEqualTo("V_1_1_X");

    assertThat(byName.get("restic-store").get("format").asText()).isEqualTo("restic");
    assertThat(byName.get("restic-store").get("quota").asInt()).isEqualTo(250_000);
    var imp = byName.get("import");
    assertThat(imp.get("quota").asInt()).isEqualTo(2_000);
    assertThat(imp.get("sftpEnabled").asBoolean()).isTrue();
    assertThat(imp.get("rsyncKeys")).hasSize(1);
    assertThat(byName.get("web-01").get("compactionHour").asInt()).isEqualTo(14);
  }

  @Test
  void aPinnedIdAdoptsAndRenamesTheExistingRepoInsteadOfCreatingOne() {
    Map<String, String> env = env();
    String spec = VALID.resolve("interpolation.yaml").toString();
    CliRun.Result plan = CliRun.run(env, "plan", "--no-color", "-f", spec);
    assertThat(plan.out()).contains("~ repo.archive").doesNotContain("+ repo.archive");

    assertThat(CliRun.run(env, "apply", "-f", spec, "--auto-approve").exitCode()).isZero();
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY));
    var archive = api.data("{ repoList(name: \"archive\") { id } }", Map.of()).get("repoList");
    assertThat(archive).hasSize(1);
    assertThat(archive.get(0).get("id").asText()).isEqualTo(env.get("BORGFORM_PINNED_REPO_ID"));
    assertThat(api.data("{ repoList(name: \"archive-2023\") { id } }", Map.of()).get("repoList"))
        .isEmpty();
    var keys = api.data("{ sshList { name } }", Map.of()).get("sshList");
    List<String> names = new ArrayList<>();
    keys.forEach(k -> names.add(k.get("name").asText()));
    assertThat(names).contains("ci-berlin", "nas", "literal-${NOT_A_VAR}");
  }
}
