package dev.borgform.bench;

import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner alone, steady state: {@code size} keys and {@code size} repos against an empty, a
 * matching and a drifted account. Run through {@link BenchMain} ({@code mvn -B -Pbench verify}).
 * The heap is capped at 256 MB as for the CLI.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class PlannerBench {
  @Param({"10", "100", "1000", "10000"})
  public int size;

  @Param({"EMPTY", "CONVERGED", "DRIFTED"})
  public Accounts.Scenario scenario;

  private DesiredState desired;
  private LiveState live;
  private final Planner planner = new Planner();

  @Setup
  public void setUp() {
    desired = Accounts.desired(size);
    live = Accounts.live(size, scenario);
  }

  @Benchmark
  public Plan plan() {
    return planner.plan(desired, live);
  }
}
