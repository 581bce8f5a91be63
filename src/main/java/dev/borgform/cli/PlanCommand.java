package dev.borgform.cli;

import dev.borgform.diag.ExitCodes;
import dev.borgform.diag.FailureException;
import dev.borgform.diag.UsageException;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Names;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.plan.ResourceKind;
import dev.borgform.planfile.PlanCodec;
import dev.borgform.planner.Planner;
import dev.borgform.render.JsonPlanRenderer;
import dev.borgform.render.MarkdownPlanRenderer;
import dev.borgform.render.PlanRenderer;
import dev.borgform.render.ReasonText;
import dev.borgform.render.TextPlanRenderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Show what apply would change, reading the account in one request.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  borgform plan --sandbox -f examples/borgbase.yaml",
      "  BORGBASE_TOKEN=... borgform plan -f borgbase.yaml --detailed-exitcode",
      "  borgform plan --out plan.json --output markdown > plan.md   # review plan.md,",
      "  borgform apply plan.json                                    # then apply it"
    })
final class PlanCommand implements Callable<Integer>, OutcomeDocuments {
  /** How the plan is printed on standard output. */
  enum Output {
    text,
    json,
    markdown
  }

  /** What plan makes of repos in the account that the spec neither names nor ignores. */
  enum Unmanaged {
    /** Listed under "Left alone"; not drift (the default). */
    ignore,
    /** Listed, and counted as drift: --detailed-exitcode exits 2 while any is there. */
    report,
    /** Listed, and the plan fails (exit 1) naming them. */
    fail
  }

  private final Environment env;

  @Mixin GlobalOptions global;
  @Mixin SpecOption spec;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 2 when there are changes, 0 when there are none (1 on errors).")
  boolean detailedExitCode;

  // Terraform's spellings (-detailed-exitcode, -out=FILE); hidden so help and completion show one
  // name per option.
  @Option(names = "-detailed-exitcode", hidden = true)
  void terraformDetailedExitCode(boolean on) {
    detailedExitCode = on;
  }

  @Option(names = "-out", hidden = true, paramLabel = "PLAN.json")
  void terraformOut(String file) {
    outFile = file;
  }

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "How to print the plan: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output output = Output.text;

  @Option(
      names = "--unmanaged",
      paramLabel = "MODE",
      description =
          "Repos not in the spec and not ignored: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}). report counts them as drift for --detailed-exitcode; fail"
              + " makes the plan fail.")
  Unmanaged unmanaged = Unmanaged.ignore;

  @Option(
      names = "--out",
      paramLabel = "PLAN.json",
      description =
          "Also save the plan to this file; `borgform apply PLAN.json` then applies exactly it.")
  String outFile;

  /** Set once the plan is on standard output: a failure after it writes no second document. */
  private boolean rendered;

  @Option(
      names = "--compact",
      description =
          "One line per change: its address and the names of the fields it sets, without their"
              + " values (text and markdown; for large plans). The saved plan is whole.")
  boolean compact;

  @Option(
      names = "--max-chars",
      paramLabel = "N",
      description =
          "With --output markdown: at most N characters (1000 or more), cut between whole table"
              + " rows with a note of what was left out; for a pull-request comment (GitHub takes"
              + " 65,536). The saved plan is whole.")
  Integer maxChars;

  PlanCommand(Environment env) {
    this.env = env;
  }

  @Override
  public String commandName() {
    return "plan";
  }

  @Override
  public int markdownMaxChars() {
    // An invalid --max-chars is itself the failure reported: that document is not cut.
    return maxChars == null || maxChars < MarkdownPlanRenderer.MIN_MAX_CHARS ? 0 : maxChars;
  }

  @Override
  public @Nullable Format failureFormat() {
    if (rendered) return null;
    return switch (output) {
      case text -> null;
      case json -> Format.JSON;
      case markdown -> Format.MARKDOWN;
    };
  }

  @Override
  public Integer call() {
    if (compact && output == Output.json) {
      throw new UsageException(
          "--compact applies to the text and markdown output, not to json",
          "Leave out --compact: the JSON plan is for tools and is always whole.");
    }
    if (maxChars != null && output != Output.markdown) {
      throw new UsageException(
          "--max-chars applies to --output markdown only",
          "Add --output markdown, or leave out --max-chars: the other outputs are never cut.");
    }
    if (maxChars != null && maxChars < MarkdownPlanRenderer.MIN_MAX_CHARS) {
      throw new UsageException(
          "--max-chars must be "
              + MarkdownPlanRenderer.MIN_MAX_CHARS
              + " or more: the counts, the plan hash and the note need that much",
          "For a GitHub comment pass --max-chars 65536, or leave it out for the whole plan.");
    }
    Specs.Prepared prepared = Specs.prepare(spec, global, env);
    try (EarlyRead<LiveState> early =
        EarlyRead.start(global, env, env.resolve(spec.file), s -> s.reader().read())) {
      DesiredState desired = prepared.load();
      if (outFile != null) {
        OutFiles.checkPlanTarget(env.resolve(outFile), outFile, env.resolve(spec.file));
      }
      return planAndShow(desired, early.await());
    }
  }

  /** The plan of {@code desired} against the account as read, shown and, with --out, saved. */
  private int planAndShow(DesiredState desired, EarlyRead.Opened<LiveState> opened) {
    try (Session session = opened.session()) {
      LiveState live = opened.value();
      Plan plan = new Planner().plan(desired, live).withTarget(session.target());
      rendered = true;
      renderer().render(plan, env.out());
      if (outFile != null) {
        String saved = new PlanCodec(ReasonText.WORDS).write(plan);
        OutFiles.refuseSecrets(saved, outFile, env.secrets());
        PlanFiles.write(env.resolve(outFile), outFile, saved);
        // Keep standard output machine-readable for json and markdown.
        PrintWriter note = output == Output.text ? env.out() : env.err();
        note.println();
        note.println("Saved the plan to " + outFile + ". To apply exactly this plan, run:");
        note.println("  borgform apply " + outFile);
        note.flush();
      }
      List<String> unmanagedRepos = unmanagedRepos(plan);
      if (unmanaged == Unmanaged.fail && !unmanagedRepos.isEmpty()) {
        throw new FailureException(
            unmanagedRepos.size()
                + (unmanagedRepos.size() == 1 ? " repo" : " repos")
                + " in the account "
                + (unmanagedRepos.size() == 1 ? "is" : "are")
                + " not in the spec (--unmanaged=fail): "
                + Names.printable(String.join(", ", unmanagedRepos)),
            "Add them to the spec (export shows them as a spec), list them in"
                + " policy.ignore.repos, or delete them (policy.pruneRepos: true and apply"
                + " --allow-destroy).",
            null);
      }
      boolean drift =
          !plan.isEmpty() || (unmanaged == Unmanaged.report && !unmanagedRepos.isEmpty());
      return detailedExitCode && drift ? ExitCodes.CHANGES_PRESENT : ExitCodes.OK;
    }
  }

  /** Names of the repos the plan leaves alone because the spec does not name them. */
  private static List<String> unmanagedRepos(Plan plan) {
    List<String> names = new ArrayList<>();
    for (PlanNote n : plan.notes()) {
      if (n.kind() == PlanNote.Kind.UNMANAGED
          && n.address() != null
          && n.address().kind() == ResourceKind.REPO) {
        names.add(n.address().name());
      }
    }
    return names;
  }

  private PlanRenderer renderer() {
    return switch (output) {
      case text -> new TextPlanRenderer(global.colors.style(env), compact);
      case json -> new JsonPlanRenderer();
      case markdown -> new MarkdownPlanRenderer(compact, maxChars == null ? 0 : maxChars);
    };
  }
}
