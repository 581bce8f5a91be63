package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the borgform steps of the CI recipes in docs/ci/ against an in-process emulator, as their CI
 * would on a pull request, a merge and a night without and with drift. The CI's own setup
 * (checkout, Java, building borgform) is skipped: {@code borgform} on PATH is the built jar. Tools
 * that talk to the CI's own API ({@code gh}, {@code curl}) are stand-ins that log their arguments.
 * Each event gets the token level the recipe says it needs: Read Only for plans and the drift
 * check, Full Access for the apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiRecipesIT {
  private Path work;
  private Path root;
  private DocRunner runner;

  @BeforeAll
  void prepare(@TempDir Path work) throws Exception {
    this.work = work;
    root = DocRunner.root();
    runner = DocRunner.prepare(work);
    String stub = "#!/bin/sh\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n";
    runner.addTool("gh", stub);
    runner.addTool("curl", stub);
  }

  /** The account, the checkout and the CI's files for one pipeline's life. */
  private final class Ci implements AutoCloseable {
    final EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    final Path checkout;
    final Path log;
    final Path summary;

    Ci(String name) throws Exception {
      checkout = runner.workspace(work, name);
      log = work.resolve(name + ".calls.log");
      summary = work.resolve(name + ".summary.md");
      Files.writeString(log, "");
    }

    Map<String, String> env(Map<String, String> fromFile, TokenLevel level) throws Exception {
      Map<String, String> extra = new HashMap<>(fromFile);
      extra.put("CI", "true");
      extra.put("STUB_LOG", log.toString());
      extra.put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
      extra.put("BORGBASE_TOKEN", emulator.token(level));
      return runner.environment(work.resolve("home"), extra);
    }

    String calls() throws Exception {
      String s = Files.readString(log);
      Files.writeString(log, "");
      return s;
    }

    /** Makes drift: a repo's setting changed outside borgform, as in the web UI. */
    void changeAlertDaysOfWebRepo() {
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.FULL_ACCESS));
      String id = null;
      for (var r : api.data("{ repoList { id name } }", Map.of()).get("repoList")) {
        if (r.get("name").asText().equals("web-01")) id = r.get("id").asText();
      }
      assertThat(id).as("the apply made repo web-01").isNotNull();
      api.data(
          "mutation($id: String!) { repoEdit(id: $id, alertDays: 30) { repoEdited { id } } }",
          Map.of("id", id));
    }

    int keys() {
      GraphQl api = new GraphQl(emulator.graphqlUrl(), emulator.token(TokenLevel.READ_ONLY));
      return api.data("{ sshList { id } }", Map.of()).get("sshList").size();
    }

    @Override
    public void close() {
      emulator.close();
    }
  }

  private record Outcome(int exit, String output) {}

  /** Values for the expressions the recipes' env uses; the rest GitHub fills in. */
  private static final Map<String, String> EXPRESSIONS =
      Map.of(
          "${{ github.event.pull_request.number }}", "7",
          "${{ github.token }}", "github-token");

  /**
   * Runs the job's steps from its first borgform step on, in order, stopping at the first that
   * fails, as a CI job does. Steps with an {@code if:} run only when it is {@code always()}.
   */
  private Outcome github(Ci ci, Map<String, Object> wf, TokenLevel level) throws Exception {
    StringBuilder out = new StringBuilder();
    for (CiRecipes.Step step : CiRecipes.githubRunSteps(wf, true)) {
      if (step.condition() != null && !step.condition().equals("always()")) continue;
      Map<String, String> fromFile = new HashMap<>();
      step.env()
          .forEach(
              (k, v) -> {
                if (!v.contains("${{")) fromFile.put(k, v);
                else if (EXPRESSIONS.containsKey(v)) fromFile.put(k, EXPRESSIONS.get(v));
              });
      fromFile.put("GITHUB_STEP_SUMMARY", ci.summary.toString());
      fromFile.put("GITHUB_WORKSPACE", ci.checkout.toString());
      DocRunner.Result r = DocRunner.runScript(ci.checkout, ci.env(fromFile, level), step.script());
      out.append(r.output());
      if (r.exit() != 0) return new Outcome(r.exit(), out.toString());
    }
    return new Outcome(0, out.toString());
  }

  private Map<String, Object> workflowFor(String event) {
    List<Map<String, Object>> found =
        CiRecipes.githubWorkflows(root).stream()
            .map(p -> CiRecipes.loadGitHub(CiRecipes.read(p)))
            .filter(wf -> CiRecipes.events(wf.get("on")).contains(event))
            .toList();
    assertThat(found).as("one workflow runs on " + event).hasSize(1);
    return found.get(0);
  }

  @Test
  void gitHubActionsPlanOnThePullRequestApplyOnMergeAndReportDriftAtNight() throws Exception {
    try (Ci ci = new Ci("github")) {
      Outcome pr = github(ci, workflowFor("pull_request"), TokenLevel.READ_ONLY);
      assertThat(pr.exit()).as(pr.output()).isZero();
      assertThat(Files.readString(ci.checkout.resolve("plan.md")))
          .startsWith("## borgform plan")
          .contains("**Plan: 7 to add, 0 to change, 0 to delete.**");
      assertThat(ci.checkout.resolve("plan.json")).exists();
      assertThat(Files.readString(ci.summary)).contains("## borgform plan");
      assertThat(ci.keys()).as("a plan changes nothing").isZero();
      assertThat(ci.calls()).contains("gh pr comment 7 --body-file comment.md");

      Outcome merge = github(ci, workflowFor("push"), TokenLevel.FULL_ACCESS);
      assertThat(merge.exit()).as(merge.output()).isZero();
      assertThat(merge.output()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
      Outcome again = github(ci, workflowFor("push"), TokenLevel.FULL_ACCESS);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("The account already matches borgbase.yaml.");

      Map<String, Object> nightly = workflowFor("schedule");
      Outcome quiet = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(quiet.exit()).as(quiet.output()).isZero();
      assertThat(ci.calls()).as("no drift, no issue").isEmpty();

      ci.changeAlertDaysOfWebRepo();
      Outcome drift = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(drift.exit()).as("the run fails on drift\n" + drift.output()).isEqualTo(2);
      assertThat(ci.calls())
          .contains("gh issue create --label borgform-drift --body-file drift.md");
      assertThat(Files.readString(ci.checkout.resolve("drift.md")))
          .contains("alertDays")
          .contains("30");
    }
  }

  private Outcome gitlab(Ci ci, Map<String, Object> pipeline, String trigger, TokenLevel level)
      throws Exception {
    Map<String, Object> job = null;
    for (Map<String, Object> j : CiRecipes.gitlabJobs(pipeline).values()) {
      if (String.valueOf(j.get("rules")).contains(trigger)) {
        assertThat(job).as("one job runs on " + trigger).isNull();
        job = j;
      }
    }
    assertThat(job).as("a job runs on " + trigger).isNotNull();
    String script = CiRecipes.gitlabScript(job);
    assertThat(Shell.borgformInvocations(script)).as("the job runs borgform").isNotEmpty();
    Map<String, String> fromFile = new HashMap<>(CiRecipes.gitlabVariables(pipeline, job));
    fromFile.put("GITLAB_API_TOKEN", "project-access-token");
    fromFile.put("CI_API_V4_URL", "https://gitlab.invalid/api/v4");
    fromFile.put("CI_PROJECT_ID", "42");
    fromFile.put("CI_MERGE_REQUEST_IID", "7");
    DocRunner.Result r = DocRunner.runScript(ci.checkout, ci.env(fromFile, level), script);
    return new Outcome(r.exit(), r.output());
  }

  @Test
  void gitLabCiPlanOnTheMergeRequestApplyOnTheDefaultBranchAndReportDriftOnASchedule()
      throws Exception {
    Map<String, Object> pipeline =
        CiRecipes.loadGitLab(CiRecipes.read(CiRecipes.gitlabPipeline(root)));
    try (Ci ci = new Ci("gitlab")) {
      Outcome mr = gitlab(ci, pipeline, "merge_request_event", TokenLevel.READ_ONLY);
      assertThat(mr.exit()).as(mr.output()).isZero();
      assertThat(Files.readString(ci.checkout.resolve("plan.md")))
          .contains("**Plan: 7 to add, 0 to change, 0 to delete.**");
      assertThat(ci.checkout.resolve("plan.json")).exists();
      assertThat(ci.calls())
          .contains("body@plan.md")
          .contains("/projects/42/merge_requests/7/notes");

      Outcome merge = gitlab(ci, pipeline, "$CI_DEFAULT_BRANCH", TokenLevel.FULL_ACCESS);
      assertThat(merge.exit()).as(merge.output()).isZero();
      assertThat(merge.output()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
      Outcome again = gitlab(ci, pipeline, "$CI_DEFAULT_BRANCH", TokenLevel.FULL_ACCESS);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("The account already matches borgbase.yaml.");

      Outcome quiet = gitlab(ci, pipeline, "\"schedule\"", TokenLevel.READ_ONLY);
      assertThat(quiet.exit()).as(quiet.output()).isZero();
      assertThat(ci.calls()).isEmpty();

      ci.changeAlertDaysOfWebRepo();
      Outcome drift = gitlab(ci, pipeline, "\"schedule\"", TokenLevel.READ_ONLY);
      assertThat(drift.exit()).as("the pipeline fails on drift\n" + drift.output()).isEqualTo(2);
      assertThat(ci.calls()).contains("/projects/42/issues").contains("description@drift.md");
    }
  }
}
