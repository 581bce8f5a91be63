package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorExtension;
import dev.borgform.testing.Golden;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from the account, as hostile as it gets, through every human-readable output: names and
 * comments with ESC sequences, CR, LF, NUL, a right-to-left override, GitHub workflow commands
 * ({@code ::error::}), Markdown and HTML, and a very long name, put into the emulator's account
 * through its GraphQL API. The text, Markdown and JSON plans, apply's progress lines and report
 * (successful and failed), the notes and warnings, the error messages and the {@code --debug} HTTP
 * log are compared with golden files under {@code golden/live-text/}; every one of them is also
 * checked line by line: no raw control or invisible characters, no line a CI runner would read as a
 * command, no line forged to say "No changes". The JSON plan keeps every name exactly.
 */
class LiveTextCorpusIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  /** Repo names of the corpus, by what they try. */
  static final Map<String, String> REPOS = new LinkedHashMap<>();

  static {
    REPOS.put(
        "esc-cr",
        "#evil\u001b[2K\r\u001b[1A\u001b[2KNo changes. The account matches the spec.\u001b[8m");
    REPOS.put("lf-markdown", "x\n\n## Plan: 0 to add\n| `-` | <img src=x onerror=alert(1)> |");
    REPOS.put("nul", "nul\u0000byte");
    REPOS.put("workflow-command", "::error file=a,line=1::forged\n::set-output name=x::y");
    REPOS.put(
        "markdown-specials", "*bold* _it_ `code` [link](http://x) <b>html</b> | pipe # h ~~s~~ \\");
    REPOS.put("long", "long-" + "x".repeat(995)); // the emulator's longest name: 1,000
  }

  /** Ignored by the spec; it uses the evil key, so the plan warns that the key is kept. */
  static final String IGNORED_REPO = "rlo\u202eexe.evil\u2066";

  /** Pinned by id in the spec and renamed, so its name shows as a field's before value. */
  static final String RENAMED_REPO = "rename-me\u001b[31m\u2028x\u0085y\u009b1m";

  static final String EVIL_KEY = "k\u001b]0;owned\u0007\u202eevil";
  static final String EVIL_COMMENT = "c\u001b[31mRED\r\n::error::comment";
  static final String COMMAND_KEY = "::warning::key";

  @TempDir Path dir;

  @RegisterExtension
  final EmulatorExtension emulator = new EmulatorExtension(EmulatorConfig.inMemory(), CLOCK);

  private String url;
  private Path spec;
  private Path leftAloneSpec;
  private Path deletesOnlySpec;

  @BeforeEach
  void seedTheAccount() throws Exception {
    url = emulator.graphqlUrl().toString();
    GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    addKey(api, "keeper", TestKeys.ED1);
    String evil =
        addKey(
            api,
            EVIL_KEY,
            TestKeys.ED2.substring(0, TestKeys.ED2.lastIndexOf(' ')) + " " + EVIL_COMMENT);
    addKey(api, COMMAND_KEY, TestKeys.ED3);
    for (String name : REPOS.values()) addRepo(api, name, List.of());
    addRepo(api, IGNORED_REPO, List.of(evil));
    String pinned = addRepo(api, RENAMED_REPO, List.of(evil));

    spec = dir.resolve("prune.yaml");
    Files.writeString(
        spec,
        "version: 1\n"
            + "keys:\n  - name: keeper\n    publicKey: "
            + TestKeys.ED1
            + "\nrepos:\n  - name: clean\n    id: "
            + pinned
            + "\n    region: eu\n    appendOnlyKeys: [keeper]\n"
            + "policy:\n  pruneKeys: true\n  pruneRepos: true\n  maxDeletePercent: 100\n"
            + "  ignore: {repos: ['rlo*']}\n");
    leftAloneSpec = dir.resolve("left-alone.yaml");
    Files.writeString(
        leftAloneSpec,
        "version: 1\nkeys:\n  - name: keeper\n    publicKey: "
            + TestKeys.ED1
            + "\npolicy:\n  pruneKeys: false\n  ignore: {repos: ['rlo*']}\n");
    // Only deletions of hostile names: with a Create Only token the first of them fails.
    deletesOnlySpec = dir.resolve("deletes-only.yaml");
    Files.writeString(
        deletesOnlySpec,
        "version: 1\nkeys:\n  - name: keeper\n    publicKey: "
            + TestKeys.ED1
            + "\npolicy:\n  pruneKeys: false\n  pruneRepos: true\n  maxDeletePercent: 100\n"
            + "  ignore: {repos: ['rlo*', 'rename-me*']}\n");
  }

  private static String addKey(GraphQl api, String name, String keyData) {
    return api.data(
            "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }",
            Map.of("n", name, "k", keyData))
        .get("sshAdd")
        .get("keyAdded")
        .get("id")
        .asText();
  }

  private static String addRepo(GraphQl api, String name, List<String> appendOnlyKeys) {
    return api.data(
            "mutation($n: String!, $a: [String]) { repoAdd(name: $n, region: \"eu\","
                + " appendOnlyKeys: $a) { repoAdded { id } } }",
            Map.of("n", name, "a", appendOnlyKeys))
        .get("repoAdd")
        .get("repoAdded")
        .get("id")
        .asText();
  }

  private Result run(TokenLevel level, String... args) {
    return CliRun.run(
        Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", emulator.token(level)), args);
  }

  @Test
  void everyRendererShowsHostileNamesAsVisibleEscapes() throws Exception {
    Result text = run(TokenLevel.READ_ONLY, "plan", "--no-color", "-f", spec.toString());
    assertThat(text.exitCode()).as(text.toString()).isZero();
    check("plan.txt", text.out());
    assertThat(text.out().lines())
        .as("a name cannot forge the closing line of a plan with changes")
        .noneMatch(l -> l.startsWith("No changes."));
    assertThat(text.out())
        .contains("Plan: 0 to add, 1 to change, 7 to delete.")
        .contains("Warning: key.k\\e]0;owned\\u0007\\u202eevil: key id");

    Result markdown =
        run(TokenLevel.READ_ONLY, "plan", "--output", "markdown", "-f", spec.toString());
    assertThat(markdown.exitCode()).as(markdown.toString()).isZero();
    check("plan.md", markdown.out());
    // One table row per change: no name ended a row or started another. HTML in a name stays
    // inside the address's code span, where GitHub shows it as text.
    assertThat(markdown.out().lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(8);
    assertThat(markdown.out().lines().filter(l -> l.contains("<b>html</b>")))
        .singleElement()
        .satisfies(
            l -> assertThat(l).matches("\\| `-` \\| `repo\\.\\*bold\\*[^`]*<b>html</b>[^`]*` .*"));
    assertThat(markdown.out().lines().filter(l -> l.contains("<img")))
        .singleElement()
        .satisfies(l -> assertThat(l).matches("\\| `-` \\| `repo\\.x[^`]*<img[^`]*` .*"));

    Result leftAlone =
        run(TokenLevel.READ_ONLY, "plan", "--no-color", "-f", leftAloneSpec.toString());
    check("left-alone.txt", leftAlone.out());
    Result leftAloneMd =
        run(TokenLevel.READ_ONLY, "plan", "--output", "markdown", "-f", leftAloneSpec.toString());
    check("left-alone.md", leftAloneMd.out());

    Result debug =
        run(TokenLevel.READ_ONLY, "plan", "--no-color", "--debug", "-f", spec.toString());
    assertThat(debug.out()).isEqualTo(text.out());
    check(
        "plan-debug.err.txt",
        debug.err().replace(url, "http://EMULATOR/graphql").replaceAll("\\d+ ms", "N ms"));
    assertThat(debug.err()).contains("[http]   response: ").contains("\\u202e");
  }

  /** The JSON plan is a faithful record: escaped by JSON, every name exactly as in the account. */
  @Test
  void theJsonPlanKeepsEveryNameExactly() throws Exception {
    Result json = run(TokenLevel.READ_ONLY, "plan", "--output", "json", "-f", spec.toString());
    assertThat(json.exitCode()).as(json.toString()).isZero();
    Golden.check("live-text/plan.json", stable(json.out()));
    JsonNode doc = new ObjectMapper().readTree(json.out());
    List<String> names = new ArrayList<>();
    for (JsonNode c : doc.get("changes")) names.add(c.get("name").asText());
    assertThat(names).containsAll(REPOS.values()).contains(COMMAND_KEY, "clean");
    JsonNode rename =
        doc.get("changes").findValues("fields").stream()
            .flatMap(f -> java.util.stream.StreamSupport.stream(f.spliterator(), false))
            .filter(f -> f.get("field").asText().equals("name"))
            .findFirst()
            .orElseThrow();
    assertThat(rename.get("before").asText()).isEqualTo(RENAMED_REPO);
    assertThat(doc.get("warnings").get(0).get("message").asText()).contains(IGNORED_REPO);
  }

  /**
   * apply with a Read Only token (reads cannot tell it from Full Access, so apply sends the plan; a
   * Create Only token would be refused before anything is sent): every change fails, the failure
   * names a hostile address in the progress line, the report and the error message; then a Full
   * Access apply prints a progress line per hostile name and its report.
   */
  @Test
  void applyProgressReportsAndErrorsShowHostileNamesAsVisibleEscapes() throws Exception {
    Result failed =
        run(
            TokenLevel.READ_ONLY,
            "apply",
            "--no-color",
            "--auto-approve",
            "--allow-destroy",
            "-f",
            deletesOnlySpec.toString());
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    check("apply-read-only.txt", failed.out());
    check("apply-read-only.err.txt", failed.err());
    assertThat(failed.err()).startsWith("Error: Apply stopped: repo.#evil\\e[2K\\r\\e[1A");

    Result applied =
        run(
            TokenLevel.FULL_ACCESS,
            "apply",
            "--no-color",
            "--auto-approve",
            "--allow-destroy",
            "--no-recheck",
            "-f",
            spec.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    check("apply.txt", applied.out());
    check("apply.err.txt", applied.err());
    assertThat(applied.out()).contains("Apply complete! 8 applied, 0 failed, 0 not attempted.");

    Result again = run(TokenLevel.READ_ONLY, "plan", "--no-color", "-f", spec.toString());
    assertThat(again.out()).contains("No changes.");
  }

  /** The golden, and the properties every human-readable output must have whatever the golden. */
  private static void check(String name, String output) {
    Golden.check("live-text/" + name, stable(output));
    assertSafe(name, output);
  }

  /**
   * The emulator's port changes every run, and with it the endpoint a plan is bound to and so its
   * plan hash: those are masked, everything else is compared as printed.
   */
  private static String stable(String output) {
    return output
        .replaceAll("127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:PORT")
        .replaceAll("(?i)(plan ?hash\\W*(sha256:)?)[0-9a-f]{16,64}", "$1HASH");
  }

  static void assertSafe(String name, String output) {
    for (String line : output.split("\n", -1)) {
      assertThat(line.codePoints().filter(cp -> cp != '\n').anyMatch(LiveTextCorpusIT::unsafe))
          .as("%s: a raw control or invisible character in %s", name, line)
          .isFalse();
      assertThat(line.stripLeading())
          .as("%s: a line a CI runner would read as a workflow command", name)
          .doesNotStartWith("::")
          .doesNotStartWith("##[");
      assertThat(line).as("%s: a line forged by a name", name).doesNotStartWith("## Plan: 0");
    }
  }

  private static boolean unsafe(int cp) {
    return Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT
        || Character.getType(cp) == Character.LINE_SEPARATOR
        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
  }
}
