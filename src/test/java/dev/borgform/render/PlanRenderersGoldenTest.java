package dev.borgform.render;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.renamedFrom;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static dev.borgform.testing.TestKeys.ED1;
import static dev.borgform.testing.TestKeys.ED2;
import static dev.borgform.testing.TestKeys.ED3;
import static dev.borgform.testing.TestKeys.ED4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveQuota;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.model.RepoFormat;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Target;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planner.Planner;
import dev.borgform.testing.Fixtures;
import dev.borgform.testing.Golden;
import dev.borgform.testing.Repos;
import dev.borgform.testing.Repos.Compaction;
import dev.borgform.testing.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan renderer against golden files, over plans that show each kind of change and note:
 * golden/render/CASE.txt, CASE.json, CASE.md. The JSON must also read back to the same plan.
 */
class PlanRenderersGoldenTest {

  static Stream<Arguments> plans() {
    Planner planner = new Planner();
    return Stream.of(
            Arguments.of(
                "no-changes",
                planner.plan(desired(List.of(), List.of()), account(List.of(), List.of()))),
            Arguments.of(
                "create",
                planner.plan(
                    desired(
                        List.of(want("web-01", ED1), want("ci", ED2)),
                        List.of(full("web-01", "web-01", "ci"))),
                    account(List.of(), List.of()))),
            Arguments.of(
                "update",
                planner.plan(
                    desired(
                        List.of(want("ci", ED2)),
                        List.of(
                            pinned(full("web-01", "ci", null), "aaaa1111"),
                            withAlertDays(repo("db-01", Region.EU), 3))),
                    account(
                        List.of(live("11", "ci", ED2)),
                        List.of(
                            liveRepo("aaaa1111", "web", "eu")
                                .with(RepoField.QUOTA, new LiveQuota(400_000, true))
                                .with(RepoField.ALERT_DAYS, 7),
                            liveRepo("bbbb2222", "db-01", "eu").with(RepoField.ALERT_DAYS, 1))))),
            Arguments.of(
                "replace",
                planner.plan(
                    desired(
                        List.of(want("web-01", ED3), want("renamed", ED2)),
                        List.of(repo("web-01", Region.EU, List.of("web-01"), List.of("renamed")))),
                    account(
                        List.of(
                            live("10", "web-01", ED1),
                            live("11", "ci", ED2),
                            live("12", "old", ED4)),
                        List.of(
                            liveRepo("aaaa1111", "web-01", "eu")
                                .with(RepoField.APPEND_ONLY_KEYS, List.of("10"))
                                .with(RepoField.FULL_ACCESS_KEYS, List.of("11", "12")),
                            liveRepo("bbbb2222", "legacy", "us")
                                .with(RepoField.FULL_ACCESS_KEYS, List.of("10")))))),
            Arguments.of(
                "repo-delete",
                planner.plan(
                    desired(
                        List.of(want("ci", ED2)),
                        List.of(),
                        new Policy(true, true, List.of(), List.of(), 30)),
                    account(
                        List.of(live("11", "ci", ED2), live("12", "old", ED4)),
                        List.of(
                            liveRepo("cccc3333", "legacy", "us")
                                .with(RepoField.APPEND_ONLY_KEYS, List.of("12"))
                                .with(RepoField.FULL_ACCESS_KEYS, List.of("11")))))),
            Arguments.of(
                "left-alone",
                planner.plan(
                    desired(
                        List.of(want("ci", ED2)),
                        List.of(),
                        new Policy(true, false, List.of("manual-*"), List.of("manual-*"), 30)),
                    account(
                        List.of(
                            live("11", "ci", ED2),
                            live("12", "manual-key", ED4),
                            live("13", "old | <b>", ED1)),
                        List.of(
                            liveRepo("aaaa1111", "legacy", "eu"),
                            liveRepo("bbbb2222", "manual-1", "eu")
                                .with(RepoField.APPEND_ONLY_KEYS, List.of("13")))))),
            Arguments.of(
                "renamed-from",
                planner.plan(
                    desired(
                        List.of(renamedFrom(want("web-01", ED1), "web-01-old")),
                        List.of(
                            renamedFrom(
                                repo("web-01", Region.EU, List.of("web-01"), null), "web"))),
                    account(
                        List.of(live("10", "web-01-old", ED1)),
                        List.of(
                            liveRepo("aaaa1111", "web", "eu")
                                .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))))),
            Arguments.of(
                "rename-hint",
                planner.plan(
                    desired(
                        List.of(want("web-01", ED1)),
                        List.of(repo("web-01-new", Region.EU, List.of("web-01"), null))),
                    account(
                        List.of(live("10", "web-01", ED1)),
                        List.of(
                            liveRepo("aaaa1111", "web-01", "eu")
                                .with(RepoField.APPEND_ONLY_KEYS, List.of("10")))))),
            Arguments.of("mass-deletion", massDeletion()))
        .map(a -> Arguments.of(a.get()[0], ((Plan) a.get()[1]).withTarget(TARGET)));
  }

  /** Plans as the CLI shows them: bound to the account they were made for. */
  static final Target TARGET = Target.endpoint("https://api.borgbase.com/graphql");

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void text(String name, Plan plan) {
    Golden.check("render/" + name + ".txt", render(new TextPlanRenderer(Style.plain()), plan));
  }

  /** plan --compact: one line per change, in text and Markdown. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void compact(String name, Plan plan) {
    String text = render(new TextPlanRenderer(Style.plain(), true), plan);
    Golden.check("render/" + name + ".compact.txt", text);
    Golden.check("render/" + name + ".compact.md", render(new MarkdownPlanRenderer(true), plan));
    if (!plan.isEmpty()) {
      String list = text.substring(text.indexOf(":\n\n") + 3, text.indexOf("\nSymbols:")).strip();
      assertThat(list.lines()).as("one line per change").hasSize(plan.changes().size());
    }
  }

  /** The colours, with ESC written as \\e so the golden can be read: `+/-` is green and red. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void colourText(String name, Plan plan) {
    String coloured = render(new TextPlanRenderer(Style.color()), plan);
    Golden.check("render/" + name + ".color.txt", coloured.replace("\u001b", "\\e"));
    assertThat(coloured.replaceAll("\u001b\\[[0-9]+m", ""))
        .isEqualTo(render(new TextPlanRenderer(Style.plain()), plan));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void json(String name, Plan plan) {
    String json = render(new JsonPlanRenderer(), plan);
    Golden.check("render/" + name + ".json", json);
    // Read back, it is the same plan; the deletion guard alone is never read from a file.
    assertThat(new PlanCodec(ReasonText.WORDS).read(json))
        .isEqualTo(plan.withDeletionGuard(DeletionGuard.none()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void markdown(String name, Plan plan) {
    Golden.check("render/" + name + ".md", render(new MarkdownPlanRenderer(), plan));
  }

  private static String render(PlanRenderer r, Plan plan) {
    StringWriter sw = new StringWriter();
    r.render(plan, new PrintWriter(sw));
    return sw.toString();
  }

  private static Plan massDeletion() {
    List<LiveKey> keys = new ArrayList<>();
    List<DesiredKey> wanted = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String line = TestKeys.ed25519(i, "host-" + i);
      keys.add(live(String.valueOf(100 + i), "host-" + i, line));
      if (i >= 4) wanted.add(want("host-" + i, line));
    }
    List<LiveRepo> repos =
        List.of(liveRepo("aaaa1111", "r1", "eu"), liveRepo("bbbb2222", "r2", "us"));
    return new Planner().plan(desired(wanted, List.of()), account(keys, repos));
  }

  private static DesiredRepo full(String name, String appendOnlyKey, String fullAccessKey) {
    return Repos.desired(
        name,
        null,
        Region.EU,
        Quota.ofMegabytes(500_000),
        2,
        appendOnlyKey == null ? null : List.of(appendOnlyKey),
        fullAccessKey == null ? null : List.of(fullAccessKey),
        List.of(),
        false,
        false,
        BorgVersion.V_1_4_X,
        RepoFormat.BORG1,
        new Compaction(true, 1, CompactionUnit.WEEKS, 3, "Europe/Berlin"),
        Fixtures.POS,
        null);
  }

  /** {@code r} pinned to {@code id}, its format left unstated. */
  private static DesiredRepo pinned(DesiredRepo r, String id) {
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>(r.values());
    values.remove(RepoField.FORMAT);
    return new DesiredRepo(r.name(), id, r.region(), values, r.pos(), r.fieldPos());
  }

  private static DesiredRepo withAlertDays(DesiredRepo r, int days) {
    return r.with(RepoField.ALERT_DAYS, days);
  }
}
