package dev.borgform.docs;

import dev.borgform.cli.Cli;
import dev.borgform.cli.Environment;
import dev.borgform.cli.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The CI recipes in docs/ci/: reading them as their CI systems do, checking their structure, and
 * finding the steps that run borgform. GitHub reads workflows as YAML 1.2 ({@code on:} is a key,
 * not {@code true}), so they are loaded with snakeyaml-engine; GitLab's reader is YAML 1.1, as
 * SnakeYAML's.
 */
final class CiRecipes {
  private CiRecipes() {}

  static List<Path> githubWorkflows(Path root) {
    try (Stream<Path> s = Files.list(root.resolve("docs/ci/github"))) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path gitlabPipeline(Path root) {
    return root.resolve("docs/ci/gitlab-ci.yml");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> loadGitHub(String text) {
    LoadSettings settings =
        LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
    Object doc = new Load(settings).loadFromString(text);
    if (!(doc instanceof Map)) throw new IllegalArgumentException("the document is not a mapping");
    return (Map<String, Object>) doc;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> loadGitLab(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object doc = new Yaml(options).load(text);
    if (!(doc instanceof Map)) throw new IllegalArgumentException("the document is not a mapping");
    return (Map<String, Object>) doc;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- GitHub Actions ------------------------------------------------------------------

  private static final Set<String> GH_TOP =
      Set.of("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs");
  private static final Set<String> GH_EVENTS =
      Set.of(
          "push",
          "pull_request",
          "pull_request_target",
          "schedule",
          "workflow_dispatch",
          "workflow_call",
          "workflow_run",
          "merge_group",
          "release",
          "issues",
          "issue_comment");
  private static final Set<String> GH_FILTERS =
      Set.of(
          "branches", "branches-ignore", "paths", "paths-ignore", "tags", "tags-ignore", "types");
  private static final Set<String> GH_JOB =
      Set.of(
          "name",
          "needs",
          "permissions",
          "runs-on",
          "environment",
          "concurrency",
          "outputs",
          "env",
          "defaults",
          "if",
          "steps",
          "timeout-minutes",
          "strategy",
          "continue-on-error",
          "container",
          "services");
  private static final Set<String> GH_STEP =
      Set.of(
          "id",
          "if",
          "name",
          "uses",
          "run",
          "shell",
          "with",
          "env",
          "continue-on-error",
          "timeout-minutes",
          "working-directory");
  private static final Set<String> GH_PERMISSION_SCOPES =
      Set.of(
          "actions",
          "attestations",
          "checks",
          "contents",
          "deployments",
          "id-token",
          "issues",
          "discussions",
          "packages",
          "pages",
          "pull-requests",
          "repository-projects",
          "security-events",
          "statuses");

  /** owner/repo@ref, or an action in the repository itself (./path). */
  private static final Pattern GH_USES =
      Pattern.compile("^(\\./[\\w./-]+|[\\w.-]+/[\\w./-]+@[\\w.-]+)$");

  /**
   * Where the recipes expect borgform's action.yml: copied into the user's repository, so the
   * workflow runs the action code that was reviewed with the pin.
   */
  static final String INSTALL_ACTION = "./.github/actions/install-borgform";

  private static final Pattern GH_JOB_ID = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]*$");
  private static final Pattern CRON = Pattern.compile("^\\S+ \\S+ \\S+ \\S+ \\S+$");

  /** Problems with a GitHub Actions workflow, as "where: what" lines; empty when valid. */
  static List<String> checkGitHub(Map<String, Object> wf) {
    List<String> p = new ArrayList<>();
    unknownKeys(p, "workflow", wf, GH_TOP);
    if (!wf.containsKey("on")) p.add("workflow: no `on:` (when does it run?)");
    Object on = wf.get("on");
    for (String event : events(on)) {
      if (!GH_EVENTS.contains(event)) p.add("on: unknown event " + event);
    }
    if (on instanceof Map<?, ?> onMap) {
      for (Map.Entry<?, ?> e : onMap.entrySet()) {
        String event = String.valueOf(e.getKey());
        Object v = e.getValue();
        if (event.equals("schedule")) {
          if (!(v instanceof List<?> l) || l.isEmpty()) {
            p.add("on.schedule: a list of {cron: ...}");
            continue;
          }
          for (Object c : l) {
            Object cron = c instanceof Map<?, ?> m ? m.get("cron") : null;
            if (!(cron instanceof String s) || !CRON.matcher(s).matches()) {
              p.add("on.schedule: " + c + " is not {cron: 'M H DoM Mon DoW'}");
            }
          }
        } else if (event.equals("push") || event.equals("pull_request")) {
          if (v == null) continue;
          if (!(v instanceof Map<?, ?> m)) {
            p.add("on." + event + ": a mapping of filters");
            continue;
          }
          unknownKeys(p, "on." + event, m, GH_FILTERS);
          m.forEach(
              (k, f) -> {
                if (!(f instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String)) {
                  p.add("on." + event + "." + k + ": a list of strings");
                }
              });
        }
      }
    }
    permissions(p, "permissions", wf.get("permissions"));
    stringMap(p, "env", wf.get("env"));
    Object jobs = wf.get("jobs");
    if (!(jobs instanceof Map<?, ?> jobMap) || jobMap.isEmpty()) {
      p.add("workflow: `jobs:` must be a non-empty mapping");
      return p;
    }
    for (Map.Entry<?, ?> e : jobMap.entrySet()) {
      String id = String.valueOf(e.getKey());
      String where = "jobs." + id;
      if (!GH_JOB_ID.matcher(id).matches()) p.add(where + ": not a valid job id");
      if (!(e.getValue() instanceof Map<?, ?> job)) {
        p.add(where + ": a job is a mapping");
        continue;
      }
      unknownKeys(p, where, job, GH_JOB);
      Object runsOn = job.get("runs-on");
      if (!(runsOn instanceof String) && !(runsOn instanceof List<?>)) {
        p.add(where + ": no `runs-on:`");
      }
      for (String need : strings(job.get("needs"))) {
        if (!jobMap.containsKey(need)) p.add(where + ".needs: no job " + need);
      }
      permissions(p, where + ".permissions", job.get("permissions"));
      stringMap(p, where + ".env", job.get("env"));
      Object steps = job.get("steps");
      if (!(steps instanceof List<?> stepList) || stepList.isEmpty()) {
        p.add(where + ": `steps:` must be a non-empty list");
        continue;
      }
      for (int i = 0; i < stepList.size(); i++) {
        String sw = where + ".steps[" + i + "]";
        if (!(stepList.get(i) instanceof Map<?, ?> step)) {
          p.add(sw + ": a step is a mapping");
          continue;
        }
        unknownKeys(p, sw, step, GH_STEP);
        boolean uses = step.containsKey("uses");
        boolean run = step.containsKey("run");
        if (uses == run) p.add(sw + ": a step has exactly one of `uses:` and `run:`");
        if (uses && !(step.get("uses") instanceof String u && GH_USES.matcher(u).matches())) {
          p.add(sw + ".uses: " + step.get("uses") + " is not owner/repo@ref");
        }
        if (run && !(step.get("run") instanceof String)) p.add(sw + ".run: a string");
        if (uses && step.containsKey("shell")) p.add(sw + ": `shell:` belongs to `run:` steps");
        stringMap(p, sw + ".with", step.get("with"));
        stringMap(p, sw + ".env", step.get("env"));
        if (run
            && step.get("run") instanceof String script
            && !Shell.borgformInvocations(script).isEmpty()) {
          if (script.contains("${{")) {
            p.add(
                sw
                    + ": a step that runs borgform takes its inputs from `env:`, not ${{ }} in the"
                    + " script (which GitHub pastes in as code)");
          }
        }
      }
    }
    tokenOnlyFromSecrets(p, wf);
    return p;
  }

  /** Event names of an {@code on:} value: a string, a list or a mapping. */
  static List<String> events(Object on) {
    if (on instanceof String s) return List.of(s);
    if (on instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    if (on instanceof Map<?, ?> m) return m.keySet().stream().map(String::valueOf).toList();
    return List.of();
  }

  /**
   * A step: a {@code run:} script or a {@code uses:} action with its {@code with:} inputs, the env
   * it sees from the file (workflow, job, step; expressions kept as written) and its {@code if:}
   * condition, if any.
   */
  record Step(
      String where,
      String script,
      Map<String, String> env,
      String condition,
      String uses,
      Map<String, String> with) {}

  /** The steps of a workflow that run borgform, in order. */
  static List<Step> githubBorgformSteps(Map<String, Object> wf) {
    return githubSteps(wf).stream()
        .filter(s -> s.script() != null && !Shell.borgformInvocations(s.script()).isEmpty())
        .toList();
  }

  /** Every step of every job, in order. */
  static List<Step> githubSteps(Map<String, Object> wf) {
    List<Step> out = new ArrayList<>();
    Map<?, ?> jobs = (Map<?, ?>) wf.get("jobs");
    for (Map.Entry<?, ?> e : jobs.entrySet()) {
      Map<?, ?> job = (Map<?, ?>) e.getValue();
      List<?> steps = (List<?>) job.get("steps");
      for (int i = 0; i < steps.size(); i++) {
        Map<?, ?> step = (Map<?, ?>) steps.get(i);
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(scalars(wf.get("env")));
        env.putAll(scalars(job.get("env")));
        env.putAll(scalars(step.get("env")));
        Object condition = step.get("if");
        out.add(
            new Step(
                "jobs." + e.getKey() + ".steps[" + i + "]",
                step.get("run") instanceof String script ? script : null,
                env,
                condition == null ? null : String.valueOf(condition),
                step.get("uses") instanceof String uses ? uses : null,
                scalars(step.get("with"))));
      }
    }
    return out;
  }

  // ---- GitLab CI -----------------------------------------------------------------------

  private static final Set<String> GL_GLOBAL =
      Set.of(
          "default",
          "include",
          "stages",
          "variables",
          "workflow",
          "image",
          "services",
          "cache",
          "before_script",
          "after_script");
  private static final Set<String> GL_JOB =
      Set.of(
          "stage",
          "script",
          "before_script",
          "after_script",
          "image",
          "services",
          "rules",
          "needs",
          "dependencies",
          "artifacts",
          "variables",
          "extends",
          "resource_group",
          "cache",
          "when",
          "allow_failure",
          "environment",
          "interruptible",
          "timeout",
          "tags",
          "retry",
          "id_tokens",
          "coverage",
          "parallel",
          "trigger",
          "release",
          "secrets",
          "inherit",
          "hooks");
  private static final Set<String> GL_RULE =
      Set.of("if", "changes", "exists", "when", "allow_failure", "variables", "needs");
  private static final Set<String> GL_ARTIFACTS =
      Set.of(
          "paths",
          "exclude",
          "expose_as",
          "name",
          "untracked",
          "when",
          "expire_in",
          "reports",
          "public",
          "access");
  private static final Set<String> GL_WHEN = Set.of("on_success", "on_failure", "always");

  /** Jobs of a GitLab pipeline (not the hidden templates), with {@code extends} merged in. */
  static Map<String, Map<String, Object>> gitlabJobs(Map<String, Object> ci) {
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    for (String name : ci.keySet()) {
      if (GL_GLOBAL.contains(name) || name.startsWith(".")) continue;
      if (ci.get(name) instanceof Map<?, ?>) jobs.put(name, resolved(ci, name, 0));
    }
    return jobs;
  }

  /** GitLab's merge of {@code extends}: mappings merge key by key, other values are replaced. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> resolved(Map<String, Object> ci, String name, int depth) {
    if (depth > 10) throw new IllegalArgumentException(name + ": extends nests too deep");
    Map<String, Object> job = (Map<String, Object>) ci.get(name);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String parent : strings(job.get("extends"))) {
      if (!(ci.get(parent) instanceof Map<?, ?>)) continue;
      merge(out, resolved(ci, parent, depth + 1));
    }
    merge(out, job);
    out.remove("extends");
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      Object old = into.get(e.getKey());
      if (old instanceof Map<?, ?> o && e.getValue() instanceof Map<?, ?> n) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
        merge(m, (Map<String, Object>) n);
        into.put(e.getKey(), m);
      } else {
        into.put(e.getKey(), e.getValue());
      }
    }
  }

  /** Problems with a GitLab CI pipeline, as "where: what" lines; empty when valid. */
  static List<String> checkGitLab(Map<String, Object> ci) {
    List<String> p = new ArrayList<>();
    List<String> stages =
        ci.containsKey("stages") ? strings(ci.get("stages")) : List.of("build", "test", "deploy");
    if (ci.containsKey("stages") && !(ci.get("stages") instanceof List<?>)) p.add("stages: a list");
    stringMap(p, "variables", ci.get("variables"));
    for (String name : ci.keySet()) {
      if (GL_GLOBAL.contains(name)) continue;
      if (!(ci.get(name) instanceof Map<?, ?> raw)) {
        p.add(name + ": a job is a mapping");
        continue;
      }
      unknownKeys(p, name, raw, GL_JOB);
      for (String parent : strings(raw.get("extends"))) {
        if (!(ci.get(parent) instanceof Map<?, ?>)) p.add(name + ".extends: no " + parent);
      }
    }
    for (Map.Entry<String, Map<String, Object>> e : gitlabJobs(ci).entrySet()) {
      String name = e.getKey();
      Map<String, Object> job = e.getValue();
      Object script = job.get("script");
      if (!(script instanceof String)
          && !(script instanceof List<?> l
              && !l.isEmpty()
              && l.stream().allMatch(x -> x instanceof String))) {
        p.add(name + ": no `script:` (a list of commands)");
      }
      for (String k : List.of("before_script", "after_script")) {
        Object v = job.get(k);
        if (v != null
            && !(v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String))) {
          p.add(name + "." + k + ": a list of commands");
        }
      }
      String stage = job.get("stage") instanceof String s ? s : "test";
      if (!stages.contains(stage)) p.add(name + ".stage: " + stage + " is not in stages " + stages);
      Object rules = job.get("rules");
      if (rules != null) {
        if (!(rules instanceof List<?> rl)) {
          p.add(name + ".rules: a list");
        } else {
          for (Object r : rl) {
            if (!(r instanceof Map<?, ?> rm)) {
              p.add(name + ".rules: each rule is a mapping");
              continue;
            }
            unknownKeys(p, name + ".rules", rm, GL_RULE);
            if (rm.containsKey("if") && !(rm.get("if") instanceof String))
              p.add(name + ".rules.if: a string");
          }
        }
      }
      if (job.get("artifacts") instanceof Map<?, ?> a) {
        unknownKeys(p, name + ".artifacts", a, GL_ARTIFACTS);
        if (a.containsKey("when") && !GL_WHEN.contains(String.valueOf(a.get("when")))) {
          p.add(name + ".artifacts.when: one of " + GL_WHEN);
        }
        if (!(a.get("paths") instanceof List<?>)) p.add(name + ".artifacts.paths: a list");
      } else if (job.containsKey("artifacts")) {
        p.add(name + ".artifacts: a mapping");
      }
      for (String need : strings(job.get("needs"))) {
        if (!gitlabJobs(ci).containsKey(need)) p.add(name + ".needs: no job " + need);
      }
      stringMap(p, name + ".variables", job.get("variables"));
    }
    visit(
        ci,
        "",
        (path, key, value) -> {
          if (key.equals("BORGBASE_TOKEN")) {
            p.add(
                path
                    + ": BORGBASE_TOKEN belongs in the project's CI/CD variables, not in the file");
          }
        });
    return p;
  }

  /** The commands of a GitLab job's {@code before_script}: the CI's setup, in the same shell. */
  static String gitlabBeforeScript(Map<String, Object> job) {
    return String.join("\n", strings(job.get("before_script")));
  }

  /** The commands of a GitLab job's {@code script}, as the runner runs them: one shell. */
  static String gitlabScript(Map<String, Object> job) {
    Object s = job.get("script");
    if (s instanceof String str) return str;
    return String.join("\n", strings(s));
  }

  /** The variables a GitLab job sees from the file (global, then the job's). */
  static Map<String, String> gitlabVariables(Map<String, Object> ci, Map<String, Object> job) {
    Map<String, String> env = new LinkedHashMap<>(plainValues(ci.get("variables")));
    env.putAll(plainValues(job.get("variables")));
    return env;
  }

  // ---- borgform's own flags ------------------------------------------------------------

  /**
   * Problems with the borgform invocations in a script: each must parse with borgform's real
   * command tree, and use no hidden option.
   */
  static List<String> flagProblems(String where, String script) {
    List<String> p = new ArrayList<>();
    for (Shell.Invocation inv : Shell.borgformInvocations(script)) {
      p.addAll(flagProblems(where, inv));
    }
    return p;
  }

  static List<String> flagProblems(String where, Shell.Invocation inv) {
    List<String> p = new ArrayList<>();
    StringWriter sink = new StringWriter();
    Environment env =
        new Environment(
            Map.of(),
            Path.of("").toAbsolutePath(),
            new PrintWriter(sink),
            new PrintWriter(sink),
            Terminal.none(),
            () -> {});
    CommandLine cmd = Cli.commandLine(env);
    String shown = "borgform " + String.join(" ", inv.args());
    try {
      ParseResult parsed = cmd.parseArgs(inv.args().toArray(String[]::new));
      for (ParseResult r = parsed; r != null; r = r.subcommand()) {
        for (OptionSpec o : r.matchedOptions()) {
          if (o.hidden())
            p.add(where + ": `" + shown + "` uses the undocumented option " + o.longestName());
        }
      }
    } catch (CommandLine.ParameterException e) {
      p.add(where + ": `" + shown + "` is not a valid borgform command: " + e.getMessage());
    }
    return p;
  }

  // ---- helpers -------------------------------------------------------------------------

  private static void unknownKeys(List<String> p, String where, Map<?, ?> m, Set<String> allowed) {
    for (Object k : m.keySet()) {
      if (!allowed.contains(String.valueOf(k))) p.add(where + ": unknown key `" + k + "`");
    }
  }

  private static void permissions(List<String> p, String where, Object v) {
    if (v == null || v instanceof String) return;
    if (!(v instanceof Map<?, ?> m)) {
      p.add(where + ": a mapping or read-all/write-all");
      return;
    }
    m.forEach(
        (k, level) -> {
          if (!GH_PERMISSION_SCOPES.contains(String.valueOf(k)))
            p.add(where + ": unknown scope " + k);
          if (!Set.of("read", "write", "none").contains(String.valueOf(level))) {
            p.add(where + "." + k + ": read, write or none");
          }
        });
  }

  private static void stringMap(List<String> p, String where, Object v) {
    if (v == null) return;
    if (!(v instanceof Map<?, ?> m)) {
      p.add(where + ": a mapping");
      return;
    }
    m.forEach(
        (k, x) -> {
          if (x instanceof Map<?, ?> || x instanceof List<?>) p.add(where + "." + k + ": a scalar");
        });
  }

  /** BORGBASE_TOKEN is set only from the CI's secret store, never written into the file. */
  private static void tokenOnlyFromSecrets(List<String> p, Map<String, Object> wf) {
    visit(
        wf,
        "",
        (path, key, value) -> {
          if (key.equals("BORGBASE_TOKEN") && !"${{ secrets.BORGBASE_TOKEN }}".equals(value)) {
            p.add(path + ": BORGBASE_TOKEN comes from ${{ secrets.BORGBASE_TOKEN }}, not " + value);
          }
        });
  }

  private interface Visitor {
    void entry(String path, String key, Object value);
  }

  private static void visit(Object node, String path, Visitor v) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, x) -> {
            String key = String.valueOf(k);
            v.entry(path + key, key, x);
            visit(x, path + key + ".", v);
          });
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) visit(l.get(i), path + "[" + i + "].", v);
    }
  }

  static List<String> strings(Object v) {
    if (v == null) return List.of();
    if (v instanceof String s) return List.of(s);
    if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(v));
  }

  private static Map<String, String> scalars(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m)
      m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
    return out;
  }

  /** Scalar entries of an env or variables mapping, without those the CI fills in itself. */
  private static Map<String, String> plainValues(Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach(
          (k, x) -> {
            String s = String.valueOf(x);
            if (!s.contains("${{") && !s.contains("$")) out.put(String.valueOf(k), s);
          });
    }
    return out;
  }
}
