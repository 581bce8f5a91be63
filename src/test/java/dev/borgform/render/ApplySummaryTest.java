package dev.borgform.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.ApplyReport;
import dev.borgform.apply.FailureKind;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.StepResult;
import dev.borgform.plan.Address;
import dev.borgform.plan.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apply's closing line as a table: a run that skipped changes for its token's level ({@code apply
 * --partial}) reads "Apply partial" and never "Apply complete!"; when it failed, it counts the
 * skipped changes too; a run that skipped nothing reads as before.
 */
class ApplySummaryTest {
  private static StepResult step(String repo, StepResult.Status status) {
    return new StepResult(
        Address.repo(repo),
        "create",
        Mutation.Kind.ADD_REPO,
        Phase.REPOS,
        status,
        "",
        status == StepResult.Status.FAILED ? FailureKind.SERVER : FailureKind.NONE);
  }

  private static ApplyReport report(StepResult.Status... statuses) {
    List<StepResult> steps = new ArrayList<>();
    for (int i = 0; i < statuses.length; i++) steps.add(step("r" + i, statuses[i]));
    return new ApplyReport(steps);
  }

  static Stream<Arguments> cases() {
    StepResult.Status done = StepResult.Status.APPLIED;
    StepResult.Status unknown = StepResult.Status.UNKNOWN;
    StepResult.Status failed = StepResult.Status.FAILED;
    StepResult.Status notAttempted = StepResult.Status.NOT_ATTEMPTED;
    return Stream.of(
        Arguments.of(
            "all applied",
            List.of(report(done, done)),
            true,
            0,
            "Apply complete! 2 applied, 0 failed, 0 not attempted."),
        Arguments.of(
            "partial, one skipped",
            List.of(report(done)),
            true,
            1,
            "Apply partial: 1 applied, 0 failed, 0 not attempted; 1 change skipped that a Create"
                + " Only token may not make (listed above)."),
        Arguments.of(
            "partial, two skipped",
            List.of(report(done, done)),
            true,
            2,
            "Apply partial: 2 applied, 0 failed, 0 not attempted; 2 changes skipped that a Create"
                + " Only token may not make (listed above)."),
        Arguments.of(
            "settled unknowns",
            List.of(report(unknown), report(done)),
            true,
            0,
            "Apply complete! 1 applied, 0 failed, 0 not attempted; 1 unknown outcome settled by"
                + " reading the account again."),
        Arguments.of(
            "partial with settled unknowns",
            List.of(report(unknown), report(done)),
            true,
            3,
            "Apply partial: 1 applied, 0 failed, 0 not attempted; 1 unknown outcome settled by"
                + " reading the account again; 3 changes skipped that a Create Only token may not"
                + " make (listed above)."),
        Arguments.of(
            "failed",
            List.of(report(done, failed, notAttempted)),
            false,
            0,
            "Apply failed. 1 applied, 1 failed, 1 not attempted."),
        Arguments.of(
            "partial, unknown",
            List.of(report(unknown)),
            false,
            1,
            "Apply failed. 0 applied, 0 failed, 1 outcome unknown, 0 not attempted; 1 change"
                + " skipped that a Create Only token may not make."),
        Arguments.of(
            "partial, failed",
            List.of(report(done, failed)),
            false,
            2,
            "Apply failed. 1 applied, 1 failed, 0 not attempted; 2 changes skipped that a Create"
                + " Only token may not make."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theClosingLineSaysWhatTheRunDid(
      String what, List<ApplyReport> rounds, boolean done, int skipped, String expected) {
    StringWriter s = new StringWriter();
    new ApplyReportRenderer(Style.plain())
        .summary(rounds, done, skipped, "Create Only", new PrintWriter(s, true));
    String line = s.toString().lines().filter(l -> !l.isEmpty()).findFirst().orElseThrow();
    assertThat(line).isEqualTo(expected);
    if (skipped > 0) assertThat(s.toString()).doesNotContain("complete");
  }
}
