package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.docs.Markdown.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The CI recipes are valid for their CI systems and call borgform only with options it has; the
 * same holds for every borgform command written in the README and the docs.
 */
class CiRecipesTest {
  private final Path root = DocRunner.root();

  @Test
  void everyGitHubWorkflowIsValidAndRunsBorgform() {
    List<Path> workflows = CiRecipes.githubWorkflows(root);
    assertThat(workflows).isNotEmpty();
    Set<String> events = new TreeSet<>();
    for (Path file : workflows) {
      Map<String, Object> wf = CiRecipes.loadGitHub(CiRecipes.read(file));
      assertThat(CiRecipes.checkGitHub(wf)).as(file.toString()).isEmpty();
      assertThat(CiRecipes.githubBorgformSteps(wf)).as(file + " runs borgform").isNotEmpty();
      events.addAll(CiRecipes.events(wf.get("on")));
      List<String> problems = new ArrayList<>();
      Map<?, ?> jobs = (Map<?, ?>) wf.get("jobs");
      jobs.forEach(
          (id, job) -> {
            List<?> steps = (List<?>) ((Map<?, ?>) job).get("steps");
            for (int i = 0; i < steps.size(); i++) {
              Object run = ((Map<?, ?>) steps.get(i)).get("run");
              if (run instanceof String script) {
                problems.addAll(
                    CiRecipes.flagProblems(
                        file.getFileName() + " jobs." + id + ".steps[" + i + "]", script));
              }
            }
          });
      assertThat(problems).isEmpty();
    }
    assertThat(events)
        .as("pull requests, merges and a schedule")
        .contains("pull_request", "push", "schedule");
  }

  @Test
  void theGitLabPipelineIsValidAndCoversMergeRequestsTheDefaultBranchAndSchedules() {
    Path file = CiRecipes.gitlabPipeline(root);
    Map<String, Object> ci = CiRecipes.loadGitLab(CiRecipes.read(file));
    assertThat(CiRecipes.checkGitLab(ci)).isEmpty();

    List<String> problems = new ArrayList<>();
    List<String> triggers = new ArrayList<>();
    CiRecipes.gitlabJobs(ci)
        .forEach(
            (name, job) -> {
              for (String k : List.of("before_script", "script")) {
                problems.addAll(
                    CiRecipes.flagProblems(
                        name + "." + k, String.join("\n", CiRecipes.strings(job.get(k)))));
              }
              triggers.add(String.valueOf(job.get("rules")));
            });
    assertThat(problems).isEmpty();
    assertThat(String.join("\n", triggers))
        .contains("merge_request_event")
        .contains("$CI_DEFAULT_BRANCH")
        .contains("\"schedule\"");
  }

  @Test
  void everyWorkflowInstallsThePinnedReleaseWithItsChecksumBeforeRunningBorgform() {
    for (Path file : CiRecipes.githubWorkflows(root)) {
      Map<String, Object> wf = CiRecipes.loadGitHub(CiRecipes.read(file));
      List<CiRecipes.Step> steps = CiRecipes.githubSteps(wf);
      int install = -1;
      int firstBorgform = -1;
      for (int i = 0; i < steps.size(); i++) {
        CiRecipes.Step s = steps.get(i);
        assertThat(String.valueOf(s.uses()) + String.valueOf(s.script()))
            .as("%s %s: no Java, no build from source", file.getFileName(), s.where())
            .doesNotContain("setup-java")
            .doesNotContain("mvn ");
        if (CiRecipes.INSTALL_ACTION.equals(s.uses()) && install < 0) {
          install = i;
          assertThat(s.with()).containsOnlyKeys("version", "sha256", "download-url");
        }
        if (firstBorgform < 0
            && s.script() != null
            && !Shell.borgformInvocations(s.script()).isEmpty()) firstBorgform = i;
      }
      assertThat(install).as("%s installs borgform with the action", file).isNotNegative();
      assertThat(install).as("%s installs before it runs borgform", file).isLessThan(firstBorgform);
    }
  }

  @Test
  void theGitLabPipelineVerifiesTheChecksumBeforeUnpacking() {
    Map<String, Object> ci = CiRecipes.loadGitLab(CiRecipes.read(CiRecipes.gitlabPipeline(root)));
    CiRecipes.gitlabJobs(ci)
        .forEach(
            (name, job) -> {
              List<String> setup = CiRecipes.strings(job.get("before_script"));
              int check = -1;
              int unpack = -1;
              for (int i = 0; i < setup.size(); i++) {
                if (setup.get(i).contains("sha256sum --check")) check = i;
                if (setup.get(i).contains("tar -xzf")) unpack = i;
              }
              assertThat(check).as(name + " checks the checksum").isNotNegative();
              assertThat(check).as(name + " checks before unpacking").isLessThan(unpack);
              assertThat(String.valueOf(job.get("image"))).doesNotContain("maven");
            });
  }

  @Test
  void theActionTakesVersionChecksumAndDownloadUrlAndNeedsNoJava() throws Exception {
    Map<?, ?> action = dev.borgform.release.ReleaseFixture.actionYml();
    Map<?, ?> inputs = (Map<?, ?>) action.get("inputs");
    assertThat(inputs.keySet().stream().map(String::valueOf))
        .containsExactlyInAnyOrder("version", "sha256", "download-url");
    inputs.values().forEach(i -> assertThat(((Map<?, ?>) i).get("required")).isEqualTo(true));
    Map<?, ?> runs = (Map<?, ?>) action.get("runs");
    assertThat(runs.get("using")).isEqualTo("composite");
    String run = String.valueOf(((Map<?, ?>) ((List<?>) runs.get("steps")).get(0)).get("run"));
    assertThat(run)
        .contains("sha256sum")
        .contains("GITHUB_PATH")
        .doesNotContain("${{")
        .doesNotContain("setup-java");
  }

  @Test
  void ciDocLinksEveryRecipe() {
    String doc = CiRecipes.read(root.resolve("docs/ci.md"));
    for (Path file : CiRecipes.githubWorkflows(root)) {
      assertThat(doc).contains("ci/github/" + file.getFileName());
    }
    assertThat(doc).contains("ci/gitlab-ci.yml");
  }

  @Test
  void everyBorgformCommandInTheDocsParses() {
    List<String> problems = new ArrayList<>();
    int invocations = 0;
    for (Path doc : Markdown.docs(root)) {
      for (Block b : Markdown.blocks(doc, root.relativize(doc))) {
        if (!b.isShell()) continue;
        for (Shell.Command c : Shell.commands(b.lines(), b.firstLine())) {
          for (Shell.Invocation inv : Shell.borgformInvocations(c.text())) {
            invocations++;
            problems.addAll(CiRecipes.flagProblems(b.doc() + ":" + c.line(), inv));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(invocations).isGreaterThan(20);
  }

  // ---- the checks catch what they are for ------------------------------------------------

  private static final String GOOD_WORKFLOW =
      """
      on:
        pull_request:
          paths: [borgbase.yaml]
      jobs:
        plan:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - env:
                BORGBASE_TOKEN: ${{ secrets.BORGBASE_TOKEN }}
              run: borgform plan -f borgbase.yaml --output markdown > plan.md
      """;

  @Test
  void aValidWorkflowPassesAndOnIsAKeyNotABoolean() {
    Map<String, Object> wf = CiRecipes.loadGitHub(GOOD_WORKFLOW);
    assertThat(wf).containsKey("on");
    assertThat(CiRecipes.checkGitHub(wf)).isEmpty();
    assertThat(CiRecipes.githubBorgformSteps(wf)).hasSize(1);
  }

  @Test
  void brokenWorkflowsAreCaught() {
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(GOOD_WORKFLOW.replace("runs-on", "runs_on"))))
        .anyMatch(p -> p.contains("no `runs-on:`"));
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(
                    GOOD_WORKFLOW.replace(
                        "- uses: actions/checkout@v4",
                        "- uses: actions/checkout@v4\n        run: ls"))))
        .anyMatch(p -> p.contains("exactly one of `uses:` and `run:`"));
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(
                    GOOD_WORKFLOW.replace("actions/checkout@v4", "actions/checkout"))))
        .anyMatch(p -> p.contains("not owner/repo@ref"));
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(
                    GOOD_WORKFLOW.replace("${{ secrets.BORGBASE_TOKEN }}", "abc123"))))
        .anyMatch(p -> p.contains("BORGBASE_TOKEN comes from ${{ secrets.BORGBASE_TOKEN }}"));
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(
                    GOOD_WORKFLOW.replace("-f borgbase.yaml", "-f ${{ inputs.spec }}"))))
        .anyMatch(p -> p.contains("takes its inputs from `env:`"));
    assertThat(
            CiRecipes.checkGitHub(
                CiRecipes.loadGitHub(GOOD_WORKFLOW.replace("pull_request:", "pull_requests:"))))
        .anyMatch(p -> p.contains("unknown event pull_requests"));
    assertThatThrownBy(() -> CiRecipes.loadGitHub(GOOD_WORKFLOW + "on: push\n"))
        .hasMessageContaining("on");
  }

  private static final String GOOD_PIPELINE =
      """
      stages: [plan]
      .tool:
        before_script: [make]
      plan:
        extends: .tool
        stage: plan
        rules:
          - if: $CI_PIPELINE_SOURCE == "merge_request_event"
        script:
          - borgform plan -f borgbase.yaml --out plan.json
        artifacts:
          paths: [plan.json]
      """;

  @Test
  void aValidPipelinePassesWithExtendsMergedIn() {
    Map<String, Object> ci = CiRecipes.loadGitLab(GOOD_PIPELINE);
    assertThat(CiRecipes.checkGitLab(ci)).isEmpty();
    assertThat(CiRecipes.gitlabJobs(ci)).containsOnlyKeys("plan");
    assertThat(CiRecipes.gitlabJobs(ci).get("plan"))
        .containsEntry("before_script", List.of("make"));
  }

  @Test
  void brokenPipelinesAreCaught() {
    assertThat(
            CiRecipes.checkGitLab(
                CiRecipes.loadGitLab(GOOD_PIPELINE.replace("stage: plan", "stage: deploy"))))
        .anyMatch(p -> p.contains("deploy is not in stages"));
    assertThat(
            CiRecipes.checkGitLab(
                CiRecipes.loadGitLab(GOOD_PIPELINE.replace("  script:", "  scripts:"))))
        .anyMatch(p -> p.contains("no `script:`"))
        .anyMatch(p -> p.contains("unknown key `scripts`"));
    assertThat(
            CiRecipes.checkGitLab(
                CiRecipes.loadGitLab(GOOD_PIPELINE.replace("extends: .tool", "extends: .tools"))))
        .anyMatch(p -> p.contains("extends: no .tools"));
    assertThat(
            CiRecipes.checkGitLab(
                CiRecipes.loadGitLab(GOOD_PIPELINE + "variables:\n  BORGBASE_TOKEN: abc\n")))
        .anyMatch(p -> p.contains("CI/CD variables"));
  }

  @Test
  void optionsBorgformDoesNotHaveAreCaught() {
    assertThat(CiRecipes.flagProblems("x", "borgform plan --outptu plan.json"))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("--outptu"));
    assertThat(CiRecipes.flagProblems("x", "borgform plan --output yaml")).hasSize(1);
    assertThat(CiRecipes.flagProblems("x", "borgform aply plan.json")).hasSize(1);
    assertThat(
            CiRecipes.flagProblems(
                "x", "code=0; borgform apply --auto-approve plan.json || code=$?"))
        .isEmpty();
    assertThat(CiRecipes.flagProblems("x", "if true; then borgform apply --destroy plan.json; fi"))
        .hasSize(1);
  }
}
