package dev.borgform.apply;

import java.util.List;

/**
 * Every mutation of an apply with its outcome, in the order they were (or would have been) sent.
 */
public record ApplyReport(List<StepResult> steps) {
  public ApplyReport {
    steps = List.copyOf(steps);
  }

  public long count(StepResult.Status status) {
    return steps.stream().filter(s -> s.status() == status).count();
  }

  public boolean succeeded() {
    return steps.stream().allMatch(s -> s.status() == StepResult.Status.APPLIED);
  }
}
