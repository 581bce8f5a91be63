package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.FaultScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token is a secret everywhere: every command and every failure path, with --debug, against an
 * emulator whose tokens are distinctive, and not one of them shows up in stdout, stderr, plan
 * files, exported specs or the emulator's state file (except where it keeps the tokens it was given
 * with --token, on purpose). Output is scrubbed of the token as a last line of defence; this test
 * also checks that the scrubbing never had to act: the only "[REDACTED]" anywhere is the
 * Authorization header of the debug log.
 */
class TokenSecrecyIT {
  private static final String FULL = "eyJ0eXAi.FULL-distinctive-secret-4c1a9e.sig-Zq81";
  private static final String CREATE = "eyJ0eXAi.CREATE-distinctive-secret-77b2.sig-Xw02";
  private static final String READ = "eyJ0eXAi.READ-distinctive-secret-0d3e5f.sig-Pp19";
  private static final String EXPIRED = "eyJ0eXAi.EXPIRED-distinctive-secret-91aa.sig-Lm33";
  private static final List<String> SECRETS = List.of(FULL, CREATE, READ, EXPIRED);

  @TempDir Path dir;

  private final List<String> transcript = new ArrayList<>();

  private Result run(String token, String url, String... args) {
    Map<String, String> env = new HashMap<>();
    if (token != null) env.put("BORGBASE_TOKEN", token);
    if (url != null) env.put("BORGBASE_API_URL", url);
    Result r = CliRun.run(env, args);
    transcript.add("$ borgform " + String.join(" ", args) + "\n" + r);
    return r;
  }

  @Test
  void noCommandAndNoFailurePrintsOrStoresTheToken() throws Exception {
    Path state = dir.resolve("emulator-state.json");
    Path spec = FaultScenario.writeSpec(dir);
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, FULL + "\n");
    EmulatorConfig config =
        EmulatorConfig.inMemory()
            .withStateFile(state)
            .withToken(TokenLevel.FULL_ACCESS, FULL)
            .withToken(TokenLevel.CREATE_ONLY, CREATE)
            .withToken(TokenLevel.READ_ONLY, READ)
            .withExpiredToken(EXPIRED)
            .withMaxRepos(9);
    try (EmulatorServer e = EmulatorServer.start(config)) {
      String url = e.graphqlUrl().toString();
      FaultScenario.seed(e);
      String s = spec.toString();
      String plan = dir.resolve("plan.json").toString();

      run(FULL, url, "validate", "-f", s, "--debug");
      run(FULL, url, "plan", "-f", s, "--debug");
      run(FULL, url, "plan", "-f", s, "--debug", "--output", "json");
      run(FULL, url, "plan", "-f", s, "--debug", "--output", "markdown", "--out", plan);
      run(null, url, "plan", "-f", s, "--debug", "--token-file", tokenFile.toString());
      run(READ, url, "plan", "-f", s, "--debug");
      run(EXPIRED, url, "plan", "-f", s, "--debug");
      run(EXPIRED, url, "apply", "-f", s, "--debug", "--auto-approve");
      run(FULL, url, "apply", "-f", s, "--debug", "--auto-approve"); // refused: destroys repos
      run(FULL, "http://203.0.113.9/graphql", "plan", "-f", s, "--debug");
      run(FULL, "http://127.0.0.1:1/graphql", "plan", "-f", s, "--debug", "--timeout", "2s");
      run(FULL, url, "plan", "-f", dir.resolve("missing.yaml").toString(), "--debug");
      run(FULL, url, "apply", "--debug", plan, "-f", s); // usage error

      // Faults: retried reads, a re-sent 429, an unknown outcome settled by a new round.
      e.addFault(FaultRule.parse("query:error@1"));
      e.addFault(FaultRule.parse("sshAdd:ratelimit=0@1"));
      e.addFault(FaultRule.parse("repoAdd:lost@1"));
      e.addFault(FaultRule.parse("repoEdit:hang@1"));
      run(
          FULL,
          url,
          "apply",
          "-f",
          s,
          "--debug",
          "--auto-approve",
          "--allow-destroy",
          "--batch-size=1",
          "--timeout=1500ms",
          "--recheck");
      e.clearFaults();

      // Token levels too low for a plan that edits.
      dev.borgform.testing.GraphQl api = new dev.borgform.testing.GraphQl(e.graphqlUrl(), FULL);
      String edit1 =
          api.data("{ repoList(name: \"edit-1\") { id } }", Map.of())
              .get("repoList")
              .get(0)
              .get("id")
              .asText();
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, alertDays: 9) { repoEdited { id } } }",
          Map.of("id", edit1));
      run(READ, url, "apply", "-f", s, "--debug", "--auto-approve");
      run(CREATE, url, "apply", "-f", s, "--debug", "--auto-approve");
      run(FULL, url, "apply", "-f", s, "--debug"); // no terminal and no --auto-approve

      // Over quota (maxRepos 9) and a saved plan: stale, then applied, then an unknown outcome.
      run(FULL, url, "plan", "-f", s, "--debug", "--out", plan);
      new dev.borgform.testing.GraphQl(e.graphqlUrl(), FULL)
          .data("mutation { repoAdd(name: \"x\", region: \"eu\") { repoAdded { id } } }", Map.of());
      run(FULL, url, "apply", "--debug", plan);
      Files.writeString(
          spec,
          Files.readString(spec)
              .replace(
                  "repos:\n",
                  "repos:\n  - name: big-1\n    region: eu\n  - name: big-2\n    region: eu\n  - name: big-3\n    region: eu\n"));
      run(FULL, url, "apply", "-f", s, "--debug", "--auto-approve", "--allow-destroy");
      run(FULL, url, "plan", "-f", s, "--debug", "--out", plan);
      e.addFault(FaultRule.parse("mutation:lost@1"));
      run(FULL, url, "apply", "--debug", "--allow-destroy", plan);
      e.clearFaults();

      String export = dir.resolve("export.yaml").toString();
      run(FULL, url, "export", "--debug");
      run(FULL, url, "export", "--debug", "--out", export);
      run(FULL, null, "plan", "-f", s, "--debug", "--sandbox=" + dir.resolve("sandbox.json"));
      run(
          FULL,
          null,
          "apply",
          "-f",
          s,
          "--debug",
          "--auto-approve",
          "--allow-destroy",
          "--sandbox=" + dir.resolve("sandbox.json"));
      String schema = dir.resolve("schema.json").toString();
      run(READ, url, "doctor", "--debug");
      run(CREATE, url, "doctor", "--debug", "--output", "json", "--save-schema", schema);
      run(EXPIRED, url, "doctor", "--debug");
      run(FULL, null, "doctor", "--debug", "--sandbox=" + dir.resolve("sandbox.json"));
      assertThat(Files.readString(Path.of(schema))).doesNotContain(CREATE).contains("__schema");
      run(FULL, url, "emulator", "--help");
      run(FULL, url, "--help");
    }

    String all = String.join("\n", transcript);
    // Kept for whoever wants to read what every path printed.
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "token-secrecy-transcript.txt"), all);
    for (String secret : SECRETS) {
      assertThat(all).as("a token in the output").doesNotContain(secret);
      // Also no long piece of it: a token cut in two would escape a plain search.
      assertThat(all).doesNotContain(secret.substring(9, 30));
    }
    for (String line : all.split("\n")) {
      if (line.contains("[REDACTED]")) {
        assertThat(line)
            .as(
                "only the debug log's Authorization line is redacted; anything else"
                    + " means the token reached an output and had to be scrubbed")
            .isEqualTo("[http]   Authorization: Bearer [REDACTED]");
      }
    }
    assertThat(all).as("the debug log ran").contains("[http]   Authorization: Bearer [REDACTED]");
    // The failure paths above said what they had to (a sample, so the runs are known to be real).
    assertThat(all)
        .contains("BorgBase refused the token: Signature has expired")
        .contains("refusing plain http:// to 203.0.113.9")
        .contains("Over quota or too many repos.")
        .contains("Saved plan is stale")
        .contains("repoEdit needs a Full Access token")
        .contains("A saved plan is applied exactly as reviewed")
        .contains("round 2 of 3")
        .contains("Note: BorgBase is limiting the request rate (HTTP 429)")
        .contains("apply needs --auto-approve when no one is at a terminal");

    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.equals(tokenFile)).toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("plan.json", "export.yaml", "emulator-state.json", "sandbox.json");
    for (Path f : files) {
      String text = read(f);
      if (f.equals(state)) {
        // The one place a token may be: the emulator keeps the tokens it was given with --token
        // in its --state file (owner-only), so a restart accepts them. Nowhere else in the file,
        // and never the expired one or one it generated.
        com.fasterxml.jackson.databind.node.ObjectNode doc =
            (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        assertThat(doc.remove("tokens").toString())
            .isEqualTo(
                "{\"read\":\""
                    + READ
                    + "\",\"create\":\""
                    + CREATE
                    + "\",\"full\":\""
                    + FULL
                    + "\"}");
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(f)))
            .isEqualTo("rw-------");
        text = doc.toString();
      }
      for (String secret : SECRETS) assertThat(text).as(f.toString()).doesNotContain(secret);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
