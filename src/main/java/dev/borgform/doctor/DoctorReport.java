package dev.borgform.doctor;

import java.util.List;
import java.util.Objects;

/**
 * What {@code borgform doctor} found for one endpoint: the checks in the order they ran. It passes
 * when no check failed; warnings do not fail it (they still work today).
 */
public record DoctorReport(String endpoint, List<Check> checks) {
  public DoctorReport {
    Objects.requireNonNull(endpoint, "endpoint");
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().noneMatch(c -> c.status() == Status.FAILED);
  }

  public long count(Status s) {
    return checks.stream().filter(c -> c.status() == s).count();
  }
}
