package dev.borgform;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.Plan;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoUpdate;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planfile.PlanFileException;
import dev.borgform.planner.Planner;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repo field table drives the planner, the plan file and the live digest: a field that exists
 * only in a test's table (BorgBase has no {@code turboEnabled}) is planned, written, read back and
 * digested without any other code knowing it.
 */
class RepoFieldTableTest {
  /** A synthetic field: a flag in the spec, on the wire and in the account. */
  private static final RepoField<Boolean, Boolean> TURBO =
      RepoField.flag("turboEnabled", "turboEnabled", false);

  /** A synthetic field inside a group, as compaction's are. */
  private static final RepoField<Integer, Integer> WARP =
      RepoField.number("warp.factor", "warpFactor", 1, 9, 1);

  private static final RepoField.Table TABLE = RepoField.TABLE.with(TURBO).with(WARP);

  private static LiveRepo live(boolean turbo, int warp) {
    return LiveRepo.withDefaults("aaaa1111", "web", "eu").with(TURBO, turbo).with(WARP, warp);
  }

  private static DesiredRepo want(String name, Region region) {
    return Fixtures.repo(name, region).with(TURBO, true).with(WARP, 7);
  }

  private static Plan plan() {
    return new Planner(TABLE)
        .plan(
            desired(
                List.of(), List.of(want("web", null), want("new", Region.US)), Policy.defaults()),
            account(List.of(), List.of(live(false, 1))));
  }

  @Test
  void thePlannerPlansAChangeForAFieldOnlyTheTableNames() {
    Plan p = plan();
    RepoUpdate update = only(p.changes(), RepoUpdate.class);
    assertThat(update.patch().get(TURBO)).contains(true);
    assertThat(update.patch().get(WARP)).contains(7);
    assertThat(update.fields())
        .containsExactly(
            new FieldChange("turboEnabled", false, true), new FieldChange("warp.factor", 1, 7));
    RepoCreate create = only(p.changes(), RepoCreate.class);
    assertThat(create.fields())
        .contains(
            new FieldChange("turboEnabled", null, true), new FieldChange("warp.factor", null, 7));

    // And nothing once the account holds it.
    Plan again =
        new Planner(TABLE)
            .plan(
                desired(List.of(), List.of(want("web", null)), Policy.defaults()),
                account(List.of(), List.of(live(true, 7))));
    assertThat(again.changes()).isEmpty();
    // A planner of the standard table does not know the field, so it plans nothing for it.
    assertThat(
            new Planner()
                .plan(
                    desired(List.of(), List.of(want("web", null)), Policy.defaults()),
                    account(List.of(), List.of(live(false, 1))))
                .changes())
        .isEmpty();
  }

  @Test
  void thePlanFileWritesAndReadsBackAFieldOnlyTheTableNames() {
    PlanCodec codec = new PlanCodec(TABLE, ReasonText.WORDS);
    String text = codec.write(plan());
    // The live repo by wire name, what is sent by spec path (a group as an object).
    assertThat(text)
        .contains("\"turboEnabled\": false", "\"warpFactor\": 1")
        .contains("\"turboEnabled\": true", "\"warp\": {\n")
        .contains("\"factor\": 7");
    assertThat(codec.read(text)).isEqualTo(plan().withDeletionGuard(DeletionGuard.none()));
    // Read with a table that lacks the fields, the changes do not come out as the file has them.
    assertThatThrownBy(() -> new PlanCodec(RepoField.TABLE, ReasonText.WORDS).read(text))
        .isInstanceOf(PlanFileException.class)
        .hasMessageContaining("turboEnabled");
  }

  @Test
  void theLiveDigestChangesWhenAFieldOnlyTheTableNamesChanges() {
    Set<String> digests = new HashSet<>();
    for (LiveRepo r : List.of(live(false, 1), live(true, 1), live(false, 2))) {
      digests.add(new LiveState(List.of(), List.of(r)).digest());
    }
    assertThat(digests).hasSize(3);
  }

  @Test
  void theTwoOrdersOfTheTableHoldTheSameFields() {
    assertThat(new HashSet<>(RepoField.TABLE.schema()))
        .isEqualTo(new HashSet<>(RepoField.TABLE.all()));
    assertThat(TABLE.all()).endsWith(TURBO, WARP);
    assertThat(TABLE.schema()).endsWith(TURBO, WARP);
    // Fields fixed at creation lead what a spec shows.
    assertThat(RepoField.TABLE.shown().get(0)).isEqualTo(RepoField.FORMAT);
    assertThat(RepoField.TABLE.keyLists())
        .containsExactly(
            RepoField.APPEND_ONLY_KEYS, RepoField.FULL_ACCESS_KEYS, RepoField.RSYNC_KEYS);
  }

  @Test
  void everyWireNameAndSpecPathIsUsedOnce() {
    Set<String> wire = new HashSet<>();
    Set<String> spec = new HashSet<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      assertThat(spec.add(f.spec())).as("spec path %s", f).isTrue();
      for (RepoField.Wire w : f.wire()) assertThat(wire.add(w.name())).as("wire %s", w).isTrue();
    }
    assertThat(wire).doesNotContain("id", "name", "region");
    assertThat(RepoField.QUOTA.wire())
        .extracting(RepoField.Wire::name)
        .containsExactly("quota", "quotaEnabled");
  }

  /**
   * The documents a user reads name every field of the table: the JSON Schema of the spec (each
   * field of a repo, each field of a group such as compaction), and the plan format's list of a
   * live repo's fields.
   */
  @Test
  void theSchemaAndThePlanFormatDocsNameEveryFieldOfTheTable() throws Exception {
    JsonNode defs = new ObjectMapper().readTree(Path.of("docs/borgform.schema.json").toFile());
    List<String> repo = new ArrayList<>(List.of("name", "renamedFrom", "id", "region"));
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      String top = f.group().orElse(f.name());
      if (!repo.contains(top)) repo.add(top);
      f.group().ifPresent(g -> groups.computeIfAbsent(g, x -> new ArrayList<>()).add(f.name()));
    }
    assertThat(names(defs.at("/$defs/repo/properties"))).isEqualTo(repo);
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      assertThat(names(defs.at("/$defs/" + g.getKey() + "/properties")))
          .as("schema of %s", g.getKey())
          .isEqualTo(g.getValue());
    }

    String doc = Files.readString(Path.of("docs/plan-format.md"));
    Matcher m =
        Pattern.compile("of a repo, every field the API reports \\(`([^`]*)`\\)").matcher(doc);
    assertThat(m.find()).as("the list of a live repo's fields in docs/plan-format.md").isTrue();
    List<String> live = new ArrayList<>(List.of("id", "name", "region"));
    for (RepoField<?, ?> f : RepoField.TABLE.liveShown()) {
      for (RepoField.Wire w : f.wire()) live.add(w.name());
    }
    live.addAll(List.of("repoPath", "currentUsage", "createdAt"));
    assertThat(List.of(m.group(1).trim().split("\\s+"))).isEqualTo(live);
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static <C extends Change> C only(List<Change> changes, Class<C> kind) {
    List<C> of = changes.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }
}
