package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.release.ReleaseBuilder;
import dev.borgform.release.ReleaseFixture;
import dev.borgform.testing.GraphQl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CI recipes in docs/ci/ against an in-process emulator, as their CI would on a pull
 * request, a merge and a night without and with drift. Their install step runs for real against a
 * file:// URL of the release tarball built from this jar ({@link ReleaseFixture}): the GitHub
 * workflows through action.yml, the GitLab pipeline through its {@code before_script}; so {@code
 * borgform} is the release's launcher on its own Java runtime, and nothing else of that name is on
 * PATH. Checkout and artifact upload are the CI's own and skipped. The recipes talk to the CI's own
 * API with the real {@code curl} and {@code jq}, here against a fake GitHub and GitLab API on the
 * loopback ({@link FakeForge}), which keeps what they post: one plan comment per pull request,
 * edited in place on the next push; drift reported on the open issue, or a new one when none is
 * open. {@code gh} is a stand-in that logs its arguments (the recipes must not need it). Each event
 * gets the token level the recipe says it needs: Read Only for plans and the drift check, Full
 * Access for the apply.
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
    for (String tool : List.of("curl", "jq")) {
      Assumptions.assumeTrue(
          onPath(tool), "the recipes' API steps need " + tool + ", which is not on PATH here");
    }
    String stub = "#!/bin/sh\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n";
    runner.addTool("gh", stub);
    runner.removeTool("borgform");
    release = ReleaseFixture.release();
    sha256 = ReleaseBuilder.sha256(release.tarball());
  }

  private ReleaseBuilder.Release release;
  private String sha256;

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  /** The account, the checkout and the CI's files for one pipeline's life. */
  private final class Ci implements AutoCloseable {
    final EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory());
    final FakeForge forge = new FakeForge();
    final Path checkout;
    final Path log;
    final Path summary;

    Ci(String name) throws Exception {
      checkout = runner.workspace(work, name);
      log = work.resolve(name + ".calls.log");
      summary = work.resolve(name + ".summary.md");
      Files.writeString(log, "");
    }

    /** The folder the install step put on PATH (GitHub), once installed. */
    String installed;

    Map<String, String> env(Map<String, String> fromFile, TokenLevel level) throws Exception {
      Map<String, String> extra = new HashMap<>(fromFile);
      extra.put("CI_PROJECT_DIR", checkout.toString());
      extra.put("CI", "true");
      extra.put("STUB_LOG", log.toString());
      extra.put("BORGBASE_API_URL", emulator.graphqlUrl().toString());
      extra.put("BORGBASE_TOKEN", emulator.token(level));
      extra.put("GITHUB_API_URL", forge.githubUrl());
      extra.put("GITHUB_REPOSITORY", "owner/infra");
      Map<String, String> env = runner.environment(work.resolve("home"), extra);
      if (installed != null) env.put("PATH", installed + ":" + env.get("PATH"));
      return env;
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
      forge.close();
      emulator.close();
    }
  }

  private record Outcome(int exit, String output) {}

  /** Values for the expressions the recipes' env uses; the rest GitHub fills in. */
  private static final Map<String, String> EXPRESSIONS =
      Map.of(
          "${{ github.event.pull_request.number }}",
          "7",
          "${{ github.token }}",
          FakeForge.GITHUB_TOKEN);

  /**
   * Runs the job's steps in order, as a CI job does: after the first that fails, only the steps
   * with {@code if: always()} run, and the job ends with that step's exit code. Steps with another
   * {@code if:} are not run. The install action runs once per pipeline life ({@link Ci}): each job
   * of a real runner installs the same bytes anew.
   */
  private Outcome github(Ci ci, Map<String, Object> wf, TokenLevel level) throws Exception {
    StringBuilder out = new StringBuilder();
    boolean installedHere = false;
    int failed = 0;
    for (CiRecipes.Step step : CiRecipes.githubSteps(wf)) {
      boolean always = "always()".equals(step.condition());
      if (step.condition() != null && !always) continue;
      if (failed != 0 && !always) continue;
      if (step.uses() != null) {
        if (!step.uses().equals(CiRecipes.INSTALL_ACTION)) continue; // checkout, artifacts
        assertThat(step.with()).containsKeys("version", "sha256", "download-url");
        installedHere = true;
        if (ci.installed == null) ci.installed = install(ci);
        continue;
      }
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
      if (r.exit() != 0 && failed == 0) failed = r.exit();
    }
    assertThat(installedHere).as("the workflow installs borgform with the action").isTrue();
    return new Outcome(failed, out.toString());
  }

  /** action.yml with the release built here, as the recipes' install step would run it. */
  private String install(Ci ci) throws Exception {
    Path dir = work.resolve(ci.checkout.getFileName() + ".action");
    ReleaseFixture.Run r =
        ReleaseFixture.runAction(
            dir,
            Map.of(
                "version",
                ReleaseFixture.version(),
                "sha256",
                sha256,
                "download-url",
                release.tarball().toUri().toString()),
            runner.environment(work.resolve("home"), Map.of()));
    assertThat(r.exit()).as(r.output()).isZero();
    return Files.readString(dir.resolve("github-path")).strip();
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

  private static final String MARKER = "<!-- borgform-plan: borgbase.yaml -->";

  /** The spec with one value changed, as a second push to the pull request would. */
  private static void changeNasAlertDays(Ci ci, String from, String to) throws Exception {
    Path spec = ci.checkout.resolve("borgbase.yaml");
    String text = Files.readString(spec);
    assertThat(text).contains("alertDays: " + from);
    Files.writeString(spec, text.replaceFirst("alertDays: " + from, "alertDays: " + to));
  }

  @Test
  void gitHubActionsPlanOnThePullRequestApplyOnMergeAndReportDriftAtNight() throws Exception {
    try (Ci ci = new Ci("github")) {
      Outcome pr = github(ci, workflowFor("pull_request"), TokenLevel.READ_ONLY);
      assertThat(pr.exit()).as(pr.output()).isZero();
      assertThat(Path.of(ci.installed, "borgform"))
          .as("borgform came from the release tarball")
          .isExecutable();
      assertThat(Files.readString(ci.checkout.resolve("plan.md")))
          .startsWith("## borgform plan")
          .contains("**Plan: 7 to add, 0 to change, 0 to delete.**");
      assertThat(ci.checkout.resolve("plan.json")).exists();
      assertThat(Files.readString(ci.summary)).contains("## borgform plan");
      assertThat(ci.keys()).as("a plan changes nothing").isZero();
      assertThat(ci.forge.commentsOn(7)).as("the first push comments").hasSize(1);
      FakeForge.Comment first = ci.forge.commentsOn(7).get(0);
      assertThat(first.body()).startsWith(MARKER + "\n## borgform plan").contains("alertDays");

      // A second push: the same comment, edited; no second one.
      changeNasAlertDays(ci, "7", "9");
      Outcome again = github(ci, workflowFor("pull_request"), TokenLevel.READ_ONLY);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(ci.forge.commentsOn(7)).as("still one comment").hasSize(1);
      FakeForge.Comment edited = ci.forge.commentsOn(7).get(0);
      assertThat(edited.id()).isEqualTo(first.id());
      assertThat(edited.body()).isNotEqualTo(first.body()).contains("alertDays: 9");
      assertThat(ci.forge.takeRequests())
          .containsSubsequence(
              "GET /repos/owner/infra/issues/7/comments",
              "POST /repos/owner/infra/issues/7/comments",
              "GET /repos/owner/infra/issues/7/comments",
              "PATCH /repos/owner/infra/issues/comments/" + first.id());
      changeNasAlertDays(ci, "9", "7");

      Outcome merge = github(ci, workflowFor("push"), TokenLevel.FULL_ACCESS);
      assertThat(merge.exit()).as(merge.output()).isZero();
      assertThat(merge.output()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
      Outcome clean = github(ci, workflowFor("push"), TokenLevel.FULL_ACCESS);
      assertThat(clean.exit()).as(clean.output()).isZero();
      assertThat(clean.output()).contains("The account already matches borgbase.yaml.");

      Map<String, Object> nightly = workflowFor("schedule");
      Outcome quiet = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(quiet.exit()).as(quiet.output()).isZero();
      assertThat(ci.forge.issues).as("no drift, no issue").isEmpty();

      ci.changeAlertDaysOfWebRepo();
      Outcome drift = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(drift.exit()).as("the run fails on drift\n" + drift.output()).isEqualTo(2);
      assertThat(ci.forge.issues).as("an issue is opened").hasSize(1);
      FakeForge.Issue issue = ci.forge.issues.get(0);
      assertThat(issue.labels()).containsExactly("borgform-drift");
      assertThat(issue.body()).contains("alertDays").contains("30");
      assertThat(Files.readString(ci.checkout.resolve("drift.md"))).contains("alertDays");

      Outcome secondNight = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(secondNight.exit()).isEqualTo(2);
      assertThat(ci.forge.issues).as("the open issue is reused").hasSize(1);
      assertThat(ci.forge.commentsOn(issue.number())).hasSize(1);
      assertThat(ci.forge.commentsOn(issue.number()).get(0).body()).contains("alertDays");

      ci.forge.closeAll();
      Outcome afterClose = github(ci, nightly, TokenLevel.READ_ONLY);
      assertThat(afterClose.exit()).isEqualTo(2);
      assertThat(ci.forge.issues).as("none open: a new one").hasSize(2);
      assertThat(ci.forge.issues.get(1).open()).isTrue();
      assertThat(ci.calls()).as("the recipes need no gh").isEmpty();
    }
  }

  /** A spec with a mistake: the pull request's plan fails, and its comment says why. */
  private static final String INVALID_SPEC = "version: 1\nrepo: []\n";

  @Test
  void aFailingPlanStillPostsWhyOnThePullRequest() throws Exception {
    try (Ci ci = new Ci("github-failing")) {
      Files.writeString(ci.checkout.resolve("borgbase.yaml"), INVALID_SPEC);
      Outcome pr = github(ci, workflowFor("pull_request"), TokenLevel.READ_ONLY);
      assertThat(pr.exit()).as(pr.output()).isEqualTo(65);
      assertThat(Files.readString(ci.checkout.resolve("comment.md")))
          .startsWith(MARKER + "\n## borgform plan")
          .contains("**borgform plan failed** (exit 65)")
          .contains("`borgbase.yaml:2:1`")
          .contains("Did you mean");
      assertThat(ci.forge.commentsOn(7)).hasSize(1);
      assertThat(ci.forge.commentsOn(7).get(0).body())
          .startsWith(MARKER)
          .contains("**borgform plan failed** (exit 65)");
      assertThat(Files.readString(ci.summary)).contains("borgform plan failed");
    }
    Map<String, Object> pipeline =
        CiRecipes.loadGitLab(CiRecipes.read(CiRecipes.gitlabPipeline(root)));
    try (Ci ci = new Ci("gitlab-failing")) {
      Files.writeString(ci.checkout.resolve("borgbase.yaml"), INVALID_SPEC);
      Outcome mr = gitlab(ci, pipeline, "merge_request_event", TokenLevel.READ_ONLY);
      assertThat(mr.exit()).as(mr.output()).isEqualTo(65);
      assertThat(Files.readString(ci.checkout.resolve("plan.md")))
          .contains("**borgform plan failed** (exit 65)");
      assertThat(ci.forge.commentsOn(7)).hasSize(1);
      assertThat(ci.forge.commentsOn(7).get(0).body())
          .startsWith(MARKER)
          .contains("**borgform plan failed** (exit 65)");
    }
  }

  private Outcome gitlab(Ci ci, Map<String, Object> pipeline, String trigger, TokenLevel level)
      throws Exception {
    return gitlab(ci, pipeline, trigger, level, Map.of());
  }

  private Outcome gitlab(
      Ci ci,
      Map<String, Object> pipeline,
      String trigger,
      TokenLevel level,
      Map<String, String> overrides)
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
    assertThat(fromFile).containsKeys("BORGFORM_URL", "BORGFORM_SHA256");
    fromFile.put("BORGFORM_URL", release.tarball().toUri().toString());
    fromFile.put("BORGFORM_SHA256", sha256);
    fromFile.putAll(overrides);
    script = CiRecipes.gitlabBeforeScript(job) + "\n" + script;
    fromFile.put("GITLAB_API_TOKEN", FakeForge.GITLAB_TOKEN);
    fromFile.put("CI_API_V4_URL", ci.forge.gitlabUrl());
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
      String wrong = "0".repeat(64);
      Outcome tampered =
          gitlab(
              ci,
              pipeline,
              "merge_request_event",
              TokenLevel.READ_ONLY,
              Map.of("BORGFORM_SHA256", wrong));
      assertThat(tampered.exit()).as("a wrong checksum stops the job").isNotZero();
      assertThat(tampered.output()).contains("borgform.tar.gz: FAILED");
      assertThat(ci.checkout.resolve("plan.md")).as("borgform never ran").doesNotExist();

      Outcome mr = gitlab(ci, pipeline, "merge_request_event", TokenLevel.READ_ONLY);
      assertThat(mr.exit()).as(mr.output()).isZero();
      assertThat(mr.output()).contains("borgform " + ReleaseFixture.version() + " ");
      assertThat(Files.readString(ci.checkout.resolve("plan.md")))
          .contains("**Plan: 7 to add, 0 to change, 0 to delete.**");
      assertThat(ci.checkout.resolve("plan.json")).exists();
      assertThat(ci.forge.commentsOn(7)).as("the first push adds a note").hasSize(1);
      FakeForge.Comment first = ci.forge.commentsOn(7).get(0);
      assertThat(first.body()).startsWith(MARKER + "\n## borgform plan");

      changeNasAlertDays(ci, "7", "9");
      Outcome second = gitlab(ci, pipeline, "merge_request_event", TokenLevel.READ_ONLY);
      assertThat(second.exit()).as(second.output()).isZero();
      assertThat(ci.forge.commentsOn(7)).as("still one note").hasSize(1);
      assertThat(ci.forge.commentsOn(7).get(0).id()).isEqualTo(first.id());
      assertThat(ci.forge.commentsOn(7).get(0).body()).contains("alertDays: 9");
      assertThat(ci.forge.takeRequests())
          .contains("PUT /api/v4/projects/42/merge_requests/7/notes/" + first.id());
      changeNasAlertDays(ci, "9", "7");

      Outcome merge = gitlab(ci, pipeline, "$CI_DEFAULT_BRANCH", TokenLevel.FULL_ACCESS);
      assertThat(merge.exit()).as(merge.output()).isZero();
      assertThat(merge.output()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
      Outcome again = gitlab(ci, pipeline, "$CI_DEFAULT_BRANCH", TokenLevel.FULL_ACCESS);
      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).contains("The account already matches borgbase.yaml.");

      Outcome quiet = gitlab(ci, pipeline, "\"schedule\"", TokenLevel.READ_ONLY);
      assertThat(quiet.exit()).as(quiet.output()).isZero();
      assertThat(ci.forge.issues).isEmpty();

      // An issue about drift is open already (an earlier night's): the drift job adds to it.
      FakeForge.Issue open = ci.forge.openIssue("Drift", "borgform-drift");
      ci.changeAlertDaysOfWebRepo();
      Outcome drift = gitlab(ci, pipeline, "\"schedule\"", TokenLevel.READ_ONLY);
      assertThat(drift.exit()).as("the pipeline fails on drift\n" + drift.output()).isEqualTo(2);
      assertThat(ci.forge.issues).as("the open issue is reused").hasSize(1);
      assertThat(ci.forge.commentsOn(open.number() + 100_000))
          .singleElement()
          .satisfies(n -> assertThat(n.body()).contains("alertDays").contains("30"));

      ci.forge.closeAll();
      Outcome nextNight = gitlab(ci, pipeline, "\"schedule\"", TokenLevel.READ_ONLY);
      assertThat(nextNight.exit()).isEqualTo(2);
      assertThat(ci.forge.issues).as("none open: a new one").hasSize(2);
      FakeForge.Issue created = ci.forge.issues.get(1);
      assertThat(created.open()).isTrue();
      assertThat(created.labels()).containsExactly("borgform-drift");
      assertThat(created.body()).contains("alertDays");
      assertThat(ci.calls()).isEmpty();
    }
  }
}
