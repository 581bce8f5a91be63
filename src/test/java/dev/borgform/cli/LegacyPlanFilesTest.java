package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.plan.Change;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Reason;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plan files written before the document carried reason codes (src/test/resources/planfile/legacy:
 * the golden plans of golden/render as borgform wrote them then) read as the plans they are: the
 * same plan, the same typed reasons and the same plan hash as today's file of that plan, and {@code
 * borgform show} prints the same lines for both. (SavedPlanIT applies such a file to an account.)
 */
class LegacyPlanFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path LEGACY = Path.of("src/test/resources/planfile/legacy");
  private static final Path NOW = Path.of("src/test/resources/golden/render");
  private final PlanCodec codec = new PlanCodec(ReasonText.WORDS);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mass-deletion | (not in the spec)",
        "renamed-from  | (renamed from \"web-01-old\")",
        "replace       | (public key changed)",
        "repo-delete   | (not in the spec and policy.pruneRepos is true; first lets go of keys",
      })
  void anOldFileIsTodaysFileWithoutItsCodesAndReadsAsTheSamePlan(String name, String shownReason)
      throws Exception {
    String old = Files.readString(LEGACY.resolve(name + ".json"));
    String now = Files.readString(NOW.resolve(name + ".json"));

    // The formats differ only in the codes: today's file without them is the old file.
    JsonNode stripped = JSON.readTree(now);
    for (JsonNode c : stripped.get("changes")) {
      ((ObjectNode) c).remove(List.of("reasonCode", "reasonArgs"));
    }
    assertThat(stripped).isEqualTo(JSON.readTree(old));
    assertThat(old).doesNotContain("reasonCode");

    Plan fromOld = codec.read(old);
    assertThat(fromOld).isEqualTo(codec.read(now));
    // Every reason text of these files names a kind; none is left as text.
    assertThat(fromOld.changes().stream().map(Change::reason))
        .noneMatch(r -> r instanceof Reason.LegacyText)
        .anyMatch(r -> !r.equals(Reason.NONE));
    String recorded = JSON.readTree(old).get("planHash").asText();
    assertThat(codec.hash(fromOld)).isEqualTo(recorded);
    assertThat(JSON.readTree(now).get("planHash").asText()).isEqualTo(recorded);

    Result shownOld = CliRun.run(Map.of(), "show", LEGACY.resolve(name + ".json").toString());
    Result shownNow = CliRun.run(Map.of(), "show", NOW.resolve(name + ".json").toString());
    assertThat(shownOld.exitCode()).as(shownOld.toString()).isZero();
    assertThat(shownOld.out()).isEqualTo(shownNow.out()).contains(shownReason);
  }
}
