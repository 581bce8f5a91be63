package dev.borgform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.borgform.contract.ContractRun.Scenario;
import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.GraphQl;
import dev.borgform.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite's live mode, against an emulator posing as the live endpoint: an account that
 * already holds someone's keys and repos. The suite touches only names under its prefix and leaves
 * the rest exactly as it was; it refuses to start when its prefix is taken; it cleans up after a
 * failure in the middle; and it prints what it created and removed.
 */
class ContractLiveModeIT {
  private EmulatorServer emulator;
  private GraphQl api;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
    // Someone's account: a key used by a repo, another repo, none under any prefix.
    String laptop =
        api.data(
                "mutation($n: String!, $k: String!) { sshAdd(name: $n, keyData: $k) { keyAdded { id } } }",
                Map.of("n", "laptop", "k", TestKeys.ed25519(77, "me@laptop")))
            .get("sshAdd")
            .get("keyAdded")
            .get("id")
            .asText();
    api.data(
        "mutation($k: [String]) { repoAdd(name: \"family-photos\", region: \"eu\", alertDays: 1,"
            + " appendOnlyKeys: $k) { repoAdded { id } } }",
        Map.of("k", List.of(laptop)));
    api.data("mutation { repoAdd(name: \"bfct\", region: \"us\") { repoAdded { id } } }", Map.of());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ContractEndpoint posingAsLive() {
    return ContractEndpoint.live(
        emulator.graphqlUrl().toString(),
        emulator.token(TokenLevel.FULL_ACCESS),
        emulator.token(TokenLevel.READ_ONLY),
        emulator.token(TokenLevel.CREATE_ONLY));
  }

  /** The whole account, as text: what must be the same before and after a run. */
  private String account() {
    return api.data(
            "{ sshList { id name keyData } repoList { id name region alertDays appendOnlyKeys"
                + " fullAccessKeys } }",
            Map.of())
        .toString();
  }

  private String logged() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theWholeSuiteTouchesOnlyItsPrefixAndSaysWhatItCreatedAndRemoved() throws Exception {
    String before = account();
    String prefix = ContractRun.newPrefix();
    assertThat(prefix).matches("bfct-[a-z0-9]{8}-");
    new ContractRun(posingAsLive(), prefix, log, dir).run(ContractScenarios.all());

    assertThat(account()).as("the account outside the prefix is untouched").isEqualTo(before);
    assertThat(logged())
        .contains("contract suite against the live endpoint " + emulator.graphqlUrl())
        .contains("  created key " + prefix + "a (id ")
        .contains("  created repo " + prefix + "us (id ")
        .contains("  removed repo " + prefix + "eu (id ")
        .contains("  removed key " + prefix + "b (id ")
        .contains("  nothing under " + prefix + " is left")
        .doesNotContain("laptop")
        .doesNotContain("family-photos");
  }

  @Test
  void refusesToStartWhenItsPrefixIsTakenAndChangesNothing() throws Exception {
    api.data(
        "mutation { repoAdd(name: \"bfct-taken000-eu\", region: \"eu\") { repoAdded { id } } }",
        Map.of());
    String before = account();
    List<String> ran = new ArrayList<>();
    assertThatThrownBy(
            () ->
                new ContractRun(posingAsLive(), "bfct-taken000-", log, dir)
                    .run(List.of(new Scenario("never", r -> ran.add("ran")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "refusing to start: the account already holds objects named bfct-taken000-...:"
                + " [repo bfct-taken000-eu]");
    assertThat(ran).isEmpty();
    assertThat(account()).isEqualTo(before);
    assertThat(logged()).doesNotContain("removed");
  }

  @Test
  void cleansUpAfterAFailureInTheMiddle() throws Exception {
    String before = account();
    String prefix = ContractRun.newPrefix();
    List<Scenario> failing = new ArrayList<>();
    failing.add(ContractScenarios.all().get(0));
    failing.add(
        new Scenario(
            "fails half-way",
            r -> {
              throw new AssertionError("a step failed");
            }));
    failing.add(ContractScenarios.all().get(1));
    assertThatThrownBy(() -> new ContractRun(posingAsLive(), prefix, log, dir).run(failing))
        .isInstanceOf(AssertionError.class)
        .hasMessage("a step failed");
    assertThat(account()).isEqualTo(before);
    assertThat(logged())
        .contains("scenario: fails half-way\n  FAILED: java.lang.AssertionError: a step failed")
        .doesNotContain("scenario: drift")
        .contains("  removed repo " + prefix + "eu")
        .contains("  removed repo " + prefix + "us")
        .contains("  removed key " + prefix + "a")
        .contains("  nothing under " + prefix + " is left");
    JsonNode keys = api.data("{ sshList { name } }", Map.of()).get("sshList");
    keys.forEach(k -> assertThat(k.path("name").asText()).doesNotStartWith("bfct-"));
  }
}
