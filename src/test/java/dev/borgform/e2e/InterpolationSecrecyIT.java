package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.Leaks;
import dev.borgform.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec from a pull request tries to read the CI job's secrets through {@code ${...}} in every
 * spec field that accepts it: the API token by its own name, another secret variable, and the token
 * copied into a {@code BORGFORM_} variable (whole, or inside other text; from {@code
 * BORGBASE_TOKEN} or from {@code --token-file}). Every one is refused as a spec error (exit 65)
 * with the message that says why, by validate, plan (text, JSON, Markdown, {@code --out}), apply
 * and a sandbox run, all with {@code --debug}; and no secret, in any escaped form, is in stdout,
 * stderr, a plan file, an export, the emulator's state file or the sandbox's, nor in the account
 * itself. The refusals are compared with {@code golden/interpolation/refusals.txt}.
 */
class InterpolationSecrecyIT {
  /** The run's token: JWT-shaped with '_' and '-', which Markdown and JSON would escape. */
  private static final String TOKEN =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi_interp-secrecy_Qx.SflKx_wRJ-SMeKKF2QT4f";

  /** A token given with --token-file only. */
  private static final String FILE_TOKEN = "eyJ0eXAi.file_token-only_9f3.sig_Zq-81";

  /** Another secret of the CI job. */
  private static final String OTHER = "glpat-SECRET_abcdef_123456";

  private static final List<String> SECRETS = List.of(TOKEN, FILE_TOKEN, OTHER);

  private static final String ED1_BLOB = TestKeys.ED1.split(" ")[1];

  /** Every spec field that accepts ${...}, as a spec with {@code @@} where the reference goes. */
  static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    String key = "keys:\n  - name: k1\n    publicKey: " + TestKeys.ED1 + "\n";
    String repo = "repos:\n  - name: r1\n    region: eu\n";
    FIELDS.put(
        "key name", "version: 1\nkeys:\n  - name: \"k-@@\"\n    publicKey: " + TestKeys.ED1 + "\n");
    FIELDS.put("key publicKey", "version: 1\nkeys:\n  - name: k1\n    publicKey: \"@@\"\n");
    FIELDS.put(
        "key publicKey comment",
        "version: 1\nkeys:\n  - name: k1\n    publicKey: \"ssh-ed25519 " + ED1_BLOB + " c-@@\"\n");
    FIELDS.put(
        "key publicKeyFile",
        "version: 1\nkeys:\n  - name: k1\n    publicKeyFile: \"keys/@@.pub\"\n");
    FIELDS.put("repo name", "version: 1\nrepos:\n  - name: \"r-@@\"\n    region: eu\n");
    FIELDS.put("repo id", "version: 1\nrepos:\n  - name: r1\n    id: \"@@\"\n    region: eu\n");
    FIELDS.put("repo region", "version: 1\nrepos:\n  - name: r1\n    region: \"@@\"\n");
    FIELDS.put("repo quota", "version: 1\n" + repo + "    quota: \"@@\"\n");
    FIELDS.put("repo borgVersion", "version: 1\n" + repo + "    borgVersion: \"@@\"\n");
    FIELDS.put("repo format", "version: 1\n" + repo + "    format: \"@@\"\n");
    FIELDS.put(
        "repo appendOnlyKeys", "version: 1\n" + key + repo + "    appendOnlyKeys: [\"@@\"]\n");
    FIELDS.put(
        "repo fullAccessKeys", "version: 1\n" + key + repo + "    fullAccessKeys: [\"@@\"]\n");
    FIELDS.put("repo rsyncKeys", "version: 1\n" + key + repo + "    rsyncKeys: [\"@@\"]\n");
    FIELDS.put("compaction unit", "version: 1\n" + repo + "    compaction: {unit: \"@@\"}\n");
    FIELDS.put(
        "compaction timezone", "version: 1\n" + repo + "    compaction: {timezone: \"@@\"}\n");
    FIELDS.put("policy.ignore.keys", "version: 1\npolicy:\n  ignore: {keys: [\"@@\"]}\n");
    FIELDS.put("policy.ignore.repos", "version: 1\npolicy:\n  ignore: {repos: [\"@@\"]}\n");
  }

  /** The references a hostile spec writes, with what each must be refused for. */
  static final Map<String, String> REFERENCES = new LinkedHashMap<>();

  static {
    REFERENCES.put(
        "${BORGBASE_TOKEN}", "${BORGBASE_TOKEN} is the API token, which a spec can never use");
    REFERENCES.put(
        "${GITLAB_API_TOKEN}",
        "${GITLAB_API_TOKEN} cannot be used: a spec reads only environment variables whose names"
            + " start with BORGFORM_");
    REFERENCES.put(
        "${BORGFORM_TOKEN_COPY}",
        "environment variable BORGFORM_TOKEN_COPY holds the API token, which a spec can never use");
    REFERENCES.put(
        "${BORGFORM_TOKEN_WRAPPED}",
        "environment variable BORGFORM_TOKEN_WRAPPED holds the API token, which a spec can never"
            + " use");
  }

  @TempDir Path dir;
  private final List<String> transcript = new ArrayList<>();
  private final List<Path> written = new ArrayList<>();

  private Map<String, String> env(String url, boolean withToken) {
    Map<String, String> env = new HashMap<>();
    env.put("BORGBASE_API_URL", url);
    if (withToken) env.put("BORGBASE_TOKEN", TOKEN);
    env.put("GITLAB_API_TOKEN", OTHER);
    env.put("BORGFORM_TOKEN_COPY", TOKEN);
    env.put("BORGFORM_TOKEN_WRAPPED", "a_" + TOKEN + "_b");
    env.put("BORGFORM_FILE_TOKEN_COPY", FILE_TOKEN);
    return env;
  }

  private Result run(Map<String, String> env, String... args) {
    Result r = CliRun.run(env, args);
    transcript.add("$ borgform " + String.join(" ", args) + "\n" + r);
    return r;
  }

  /** The detector this test relies on finds the token in the forms renderers give it. */
  @Test
  void theLeakDetectorSeesEscapedForms() {
    assertThat(Leaks.found("| " + TOKEN.replace("_", "\\_") + " |", TOKEN)).isTrue();
    assertThat(Leaks.found("\"" + TOKEN.replace("-", "\\u002d") + "\"", TOKEN)).isTrue();
    assertThat(Leaks.found(TOKEN.replace(".", "&#46;"), TOKEN)).isTrue();
    assertThat(Leaks.found(TOKEN.replace("_", "%5F"), TOKEN)).isTrue();
    assertThat(Leaks.found("x " + TOKEN.substring(0, 30) + " y", TOKEN)).isTrue();
    assertThat(Leaks.found("nothing here: ${BORGBASE_TOKEN}", TOKEN)).isFalse();
  }

  @Test
  void noSpecFieldCanReadASecretIntoAnyOutput() throws Exception {
    Path emulatorState = dir.resolve("emulator-state.json");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, FILE_TOKEN + "\n");
    StringBuilder refusals = new StringBuilder();
    try (EmulatorServer e =
        EmulatorServer.start(
            EmulatorConfig.inMemory()
                .withStateFile(emulatorState)
                .withToken(TokenLevel.FULL_ACCESS, TOKEN)
                .withToken(TokenLevel.READ_ONLY, FILE_TOKEN))) {
      String url = e.graphqlUrl().toString();
      Map<String, String> env = env(url, true);
      int n = 0;
      for (Map.Entry<String, String> field : FIELDS.entrySet()) {
        for (Map.Entry<String, String> ref : REFERENCES.entrySet()) {
          Path spec = dir.resolve("spec-" + n++ + ".yaml");
          Files.writeString(spec, field.getValue().replace("@@", ref.getKey()));
          String s = spec.toString();
          Path plan = dir.resolve("plan-" + n + ".json");
          Path sandbox = dir.resolve("sandbox-" + n + ".json");
          written.add(plan);
          written.add(sandbox);

          Result validate = run(env, "validate", "--debug", "-f", s);
          List<Result> others =
              List.of(
                  run(env, "plan", "--debug", "-f", s),
                  run(env, "plan", "--debug", "--output", "json", "-f", s),
                  run(
                      env,
                      "plan",
                      "--debug",
                      "--output",
                      "markdown",
                      "--out",
                      plan.toString(),
                      "-f",
                      s),
                  run(env, "apply", "--debug", "--auto-approve", "-f", s),
                  run(env, "plan", "--debug", "--sandbox=" + sandbox, "-f", s));
          String why = field.getKey() + " with " + ref.getKey();
          assertThat(validate.exitCode()).as(why + "\n" + validate).isEqualTo(65);
          assertThat(validate.err()).as(why).contains(ref.getValue());
          for (Result r : others) {
            assertThat(r.exitCode()).as(why + "\n" + r).isEqualTo(65);
            assertThat(withoutTrace(r.err())).as(why).isEqualTo(withoutTrace(validate.err()));
            // Standard output is empty, or (plan --output json|markdown) the failure document,
            // which names the variable and never holds a value.
            if (!r.out().isEmpty()) {
              assertThat(r.out())
                  .as(why)
                  .containsAnyOf("\"ok\": false", "**borgform plan failed**");
            }
          }
          refusals
              .append("== ")
              .append(why)
              .append('\n')
              .append(withoutTrace(validate.err()).replace(s, "SPEC"));
        }
      }

      // The token given only in --token-file, copied into a BORGFORM_ variable: plan and apply
      // read the file before the spec, so they refuse it too.
      Map<String, String> fileEnv = env(url, false);
      for (Map.Entry<String, String> field : FIELDS.entrySet()) {
        Path spec = dir.resolve("spec-" + n++ + ".yaml");
        Files.writeString(spec, field.getValue().replace("@@", "${BORGFORM_FILE_TOKEN_COPY}"));
        String s = spec.toString();
        Path plan = dir.resolve("plan-" + n + ".json");
        written.add(plan);
        String tf = tokenFile.toString();
        for (Result r :
            List.of(
                run(fileEnv, "plan", "--debug", "--token-file", tf, "-f", s),
                run(
                    fileEnv,
                    "plan",
                    "--debug",
                    "--token-file",
                    tf,
                    "--output",
                    "markdown",
                    "--out",
                    plan.toString(),
                    "-f",
                    s),
                run(fileEnv, "apply", "--debug", "--token-file", tf, "--auto-approve", "-f", s))) {
          assertThat(r.exitCode()).as(field.getKey() + "\n" + r).isEqualTo(65);
          assertThat(r.err())
              .contains(
                  "environment variable BORGFORM_FILE_TOKEN_COPY holds the API token, which a spec"
                      + " can never use");
        }
      }

      // The account was never touched, and an export of it holds nothing secret either.
      Path export = dir.resolve("export.yaml");
      written.add(export);
      Result exported = run(env, "export", "--debug", "--out", export.toString());
      assertThat(exported.exitCode()).as(exported.toString()).isZero();
      assertThat(
              new GraphQl(e.graphqlUrl(), TOKEN)
                  .data("{ sshList { id } repoList { id } }", Map.of())
                  .toString())
          .isEqualTo("{\"sshList\":[],\"repoList\":[]}");
    }
    Golden.check("interpolation/refusals.txt", refusals.toString());

    String all = String.join("\n", transcript);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "interpolation-secrecy-transcript.txt"), all);
    for (String secret : SECRETS) {
      assertThat(Leaks.found(all, secret)).as("a secret in the output, in some form").isFalse();
    }
    for (String line : all.split("\n")) {
      if (line.contains("[REDACTED]")) {
        assertThat(line)
            .as("the scrubber never had to act: the only [REDACTED] is the Authorization header")
            .isEqualTo("[http]   Authorization: Bearer [REDACTED]");
      }
    }
    written.add(emulatorState);
    List<Path> files = written.stream().filter(Files::exists).toList();
    assertThat(files).contains(emulatorState, dir.resolve("export.yaml"));
    for (Path f : files) {
      String text = read(f);
      if (f.equals(emulatorState)) {
        // The emulator keeps the tokens it was given with --token in its --state file (its
        // "tokens" field, owner-only), so a restart accepts them: that field is the test's own
        // setup, not something a spec put there. Everything else in the file is checked.
        com.fasterxml.jackson.databind.node.ObjectNode doc =
            (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        doc.remove("tokens");
        text = doc.toString();
      }
      for (String secret : SECRETS) {
        assertThat(Leaks.found(text, secret)).as("a secret in " + f).isFalse();
      }
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no plan or sandbox file was made from a refused spec")
          .noneMatch(name -> name.startsWith("plan-") || name.startsWith("sandbox-"));
    }
  }

  /**
   * The last line of defence, where the first cannot act: the account already holds the token as a
   * repo name (put there by something other than this borgform). Every output prints it as
   * [REDACTED], in every form, and no file is written that would store it.
   */
  @Test
  void aTokenAlreadyInTheAccountIsScrubbedFromOutputAndNeverWrittenToAFile() throws Exception {
    try (EmulatorServer e =
        EmulatorServer.start(EmulatorConfig.inMemory().withToken(TokenLevel.FULL_ACCESS, TOKEN))) {
      new GraphQl(e.graphqlUrl(), TOKEN)
          .data(
              "mutation($n: String!) { repoAdd(name: $n, region: \"eu\") { repoAdded { id } } }",
              Map.of("n", "leaked-" + TOKEN));
      Map<String, String> env = env(e.graphqlUrl().toString(), true);
      Path spec = Files.writeString(dir.resolve("spec.yaml"), "version: 1\n");
      Path plan = dir.resolve("plan.json");
      Path export = dir.resolve("export.yaml");
      List<Result> runs =
          List.of(
              run(env, "plan", "-f", spec.toString()),
              run(env, "plan", "--output", "json", "-f", spec.toString()),
              run(env, "plan", "--output", "markdown", "-f", spec.toString()),
              run(env, "plan", "--debug", "-f", spec.toString()),
              run(env, "export"));
      for (Result r : runs) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("leaked-[REDACTED]");
        assertThat(Leaks.found(r.all(), TOKEN)).as(r.toString()).isFalse();
      }
      Result savePlan = run(env, "plan", "-f", spec.toString(), "--out", plan.toString());
      Result saveExport = run(env, "export", "--out", export.toString());
      for (Result r : List.of(savePlan, saveExport)) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
            .contains(
                "was not written: it would hold the API token, which a name or comment in"
                    + " the account contains");
        assertThat(Leaks.found(r.all(), TOKEN)).isFalse();
      }
      assertThat(plan).doesNotExist();
      assertThat(export).doesNotExist();
    }
  }

  /** What --debug prints before its stack trace: the diagnostics and the closing error. */
  private static String withoutTrace(String err) {
    int end = err.indexOf("\nError: ");
    int eol = end < 0 ? -1 : err.indexOf('\n', end + 1);
    return eol < 0 ? err : err.substring(0, eol + 1);
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
