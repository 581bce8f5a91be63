package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What comes in at the edges, each refused with a usage error (64) that says what is wrong and
 * echoes no secret: tokens that cannot go into an HTTP header, token files that are not regular
 * files, endpoints with credentials, sandbox and emulator options, plan --out over files it must
 * not replace, and files given in the wrong place (only a short excerpt is ever quoted).
 */
class BoundaryInputsTest {
  /** The real token of these runs: never printed, whatever is wrong with the others. */
  private static final String TOKEN = "eyJ0eXAi.boundary-test-token.sig-Xy9";

  /** An endpoint nothing listens on: no case below may get as far as a request. */
  private static final String NOWHERE = "http://127.0.0.1:1/graphql";

  @TempDir Path dir;
  private String spec;

  @BeforeEach
  void writeSpec() throws IOException {
    Path p = dir.resolve("borgbase.yaml");
    Files.writeString(p, "version: 1\nkeys:\n  - name: k1\n    publicKey: " + TestKeys.ED1 + "\n");
    spec = p.toString();
  }

  private static Map<String, String> env(String token) {
    Map<String, String> env = new HashMap<>();
    env.put("BORGBASE_API_URL", NOWHERE);
    if (token != null) env.put("BORGBASE_TOKEN", token);
    return env;
  }

  private static void assertUsageError(Result r, String message) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(64);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Error: " + message).doesNotContain("internal error");
    assertThat(r.all()).doesNotContain(TOKEN).doesNotContain("\tat ");
  }

  static Stream<Arguments> badTokens() {
    return Stream.of(
        Arguments.of(
            "a line break and a header after it",
            TOKEN + "\nX-Evil: 1",
            "The API token in BORGBASE_TOKEN holds a line break (character 37); it is not shown"),
        Arguments.of(
            "a byte-order mark",
            "\uFEFF" + TOKEN,
            "The API token in BORGBASE_TOKEN starts with a byte-order mark (U+FEFF)"),
        Arguments.of(
            "a non-ASCII character",
            "tök-ünicode-" + TOKEN,
            "The API token in BORGBASE_TOKEN holds a non-ASCII character (character 2); it is not"
                + " shown"),
        Arguments.of(
            "a control character",
            TOKEN.substring(0, 5) + "\u0007" + TOKEN.substring(5),
            "The API token in BORGBASE_TOKEN holds a control character (character 6); it is not"
                + " shown"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void aTokenThatCannotGoIntoAHeaderIsAUsageError(String what, String token, String message) {
    Result r = CliRun.run(env(token), "plan", "-f", spec);
    assertUsageError(r, message);
    assertThat(r.all()).doesNotContain(TOKEN.substring(5));
  }

  @Test
  void aTokenFileWithAByteOrderMarkIsAUsageError() throws IOException {
    Path f = dir.resolve("token");
    Files.writeString(f, "\uFEFF" + TOKEN + "\r\n");
    Result r = CliRun.run(env(null), "plan", "-f", spec, "--token-file", f.toString());
    assertUsageError(
        r,
        "The token in the token file "
            + f
            + " starts with a byte-order mark (U+FEFF), which some editors write at the start of a"
            + " file; it is not shown");
  }

  @Test
  void aFolderAsTheTokenFileIsRefused() {
    Result r = CliRun.run(env(null), "plan", "-f", spec, "--token-file", dir.toString());
    assertUsageError(r, "The token file " + dir + " is a folder; it was not read");
  }

  /** A named pipe would block a read forever: it is refused before it is opened. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not a speed check
  void aPipeAsTheTokenFileIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("token-fifo");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      mkfifo = null;
    }
    assumeTrue(mkfifo != null && mkfifo.waitFor() == 0, "mkfifo is available");
    Result r = CliRun.run(env(null), "plan", "-f", spec, "--token-file", fifo.toString());
    assertUsageError(
        r,
        "The token file " + fifo + " is not a regular file (a pipe or a device?); it was not read");
  }

  @Test
  void aMissingTokenFileSaysSo() {
    Result r =
        CliRun.run(env(null), "plan", "-f", spec, "--token-file", dir.resolve("nope").toString());
    assertUsageError(r, "The token file " + dir.resolve("nope") + " does not exist");
  }

  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of(
            "https://user:hunter2secret@api.borgbase.com/graphql",
            "Bad endpoint: \"https://***@api.borgbase.com/graphql\" holds credentials"),
        Arguments.of(
            "ftp://user:hunter2secret@host/x",
            "Bad endpoint: \"ftp://***@host/x\" holds credentials"),
        Arguments.of(
            "https://user:pa ss-hunter2secret@api.borgbase.com/graphql",
            "Bad endpoint: \"https://***@api.borgbase.com/graphql\" is not a URL (it holds a"
                + " space)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void anEndpointNeverEchoesItsCredentials(String url, String message) {
    Result flag = CliRun.run(env(TOKEN), "plan", "-f", spec, "--endpoint", url);
    assertUsageError(flag, message);
    assertThat(flag.all()).doesNotContain("hunter2secret");
    Map<String, String> env = env(TOKEN);
    env.put("BORGBASE_API_URL", url);
    Result variable = CliRun.run(env, "plan", "-f", spec);
    assertUsageError(variable, message);
    assertThat(variable.err()).contains("(from BORGBASE_API_URL)").doesNotContain("hunter2secret");
  }

  @Test
  void sandboxWithAnEmptyNameIsAUsageError() {
    Result r = CliRun.run(Map.of(), "plan", "-f", spec, "--sandbox=");
    assertUsageError(r, "--sandbox= needs a file name after the =");
  }

  @Test
  void sandboxNamingAFolderIsAUsageError() {
    Result r = CliRun.run(Map.of(), "plan", "-f", spec, "--sandbox=" + dir);
    assertUsageError(r, "The sandbox file " + dir + " is a folder, not a sandbox state file");
  }

  /** A file that is not a sandbox state is refused by position, never by quoting it. */
  @Test
  void aSandboxFileThatIsNotAStateIsNotQuoted() throws IOException {
    Path shadow = dir.resolve("shadow");
    Files.writeString(shadow, "rootSECRETHASHrootSECRETHASH:19000:0:99999:7:::\n");
    Result r = CliRun.run(Map.of(), "plan", "-f", spec, "--sandbox=" + shadow);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "Error: Could not start the sandbox: Corrupt emulator state file "
                + shadow
                + ": it is not JSON at line 1, column ")
        .doesNotContain("SECRET");
  }

  @Test
  void aPlanFileThatIsNotAPlanIsNotQuoted() throws IOException {
    Path shadow = dir.resolve("shadow.json");
    Files.writeString(shadow, "rootSECRETHASHrootSECRETHASH:19000:0:99999:7:::\n");
    Result r =
        CliRun.run(Map.of(), "apply", shadow.toString(), "--sandbox=" + dir.resolve("s.json"));
    assertUsageError(
        r,
        "The plan file "
            + shadow
            + " cannot be applied: it is not a valid JSON document: not JSON");
    assertThat(r.all()).doesNotContain("SECRET");
  }

  /** File names come from the file system: a spec folder can hold one made to forge lines. */
  @Test
  void aHostileFileNameInASpecFolderIsShownAsVisibleEscapes() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(folder.resolve("a\u001b[2K\n::error::forged.yaml"), "version: 2\n");
    Result r = CliRun.run(Map.of(), "validate", "-f", folder.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err())
        .startsWith(folder + "/a\\e[2K\\n::error::forged.yaml:1:10: error: spec version 2")
        .doesNotContain("\u001b");
    assertThat(r.err().lines()).noneMatch(l -> l.startsWith("::"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"70000", "-1"})
  void anEmulatorPortOutOfRangeIsAUsageError(String port) {
    Result r = CliRun.run(Map.of(), "emulator", "--port", port);
    assertUsageError(r, "--port " + port + " is not a port number");
  }

  // ---- plan --out ------------------------------------------------------------------------

  private Result planOut(String spec, String out) {
    return CliRun.run(
        Map.of(), "plan", "-f", spec, "--out", out, "--sandbox=" + dir.resolve("sandbox.json"));
  }

  @Test
  void planOutNeverOverwritesTheSpecItReads() throws IOException {
    String before = Files.readString(Path.of(spec));
    Result r = planOut(spec, spec);
    assertUsageError(r, "--out " + spec + " is the spec that plan reads; it was not overwritten");
    assertThat(Files.readString(Path.of(spec))).isEqualTo(before);
  }

  @Test
  void planOutNeverOverwritesAFileOfTheSpecFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("specs"));
    Path member = Files.copy(Path.of(spec), folder.resolve("keys.yaml"));
    Result r = planOut(folder.toString(), member.toString());
    assertUsageError(r, "--out " + member + " is the spec that plan reads; it was not overwritten");
    assertThat(Files.readString(member)).isEqualTo(Files.readString(Path.of(spec)));
  }

  @Test
  void planOutNeverOverwritesAFileThatIsNotASavedPlan() throws IOException {
    Path other = Files.writeString(dir.resolve("notes.json"), "{\"mine\": true}\n");
    Result r = planOut(spec, other.toString());
    assertUsageError(
        r,
        other
            + " already exists and is not a borgform plan; plan --out only replaces a plan it saved"
            + " before");
    assertThat(Files.readString(other)).isEqualTo("{\"mine\": true}\n");

    Result folder = planOut(spec, dir.toString());
    assertUsageError(folder, "--out " + dir + " is a folder, not a plan file");
  }

  @Test
  void planOutReplacesAPlanItSavedBefore() throws IOException {
    String out = dir.resolve("plan.json").toString();
    assertThat(planOut(spec, out).exitCode()).isZero();
    String first = Files.readString(Path.of(out));
    Files.writeString(
        Path.of(spec), Files.readString(Path.of(spec)) + "repos:\n  - {name: r1, region: eu}\n");
    Result again = planOut(spec, out);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(Files.readString(Path.of(out))).isNotEqualTo(first).contains("repo.r1");
  }
}
