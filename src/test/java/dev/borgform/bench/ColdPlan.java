package dev.borgform.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.live.LiveState;
import dev.borgform.model.DesiredState;
import dev.borgform.plan.Plan;
import dev.borgform.planner.Planner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * One planning run in a fresh JVM, as the CLI plans: cold, no warm-up. Prints one JSON line with
 * the wall and CPU time of that single call and the heap it used. Arguments: size scenario.
 */
public final class ColdPlan {
  private ColdPlan() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Accounts.Scenario scenario = Accounts.Scenario.valueOf(args[1]);
    DesiredState desired = Accounts.desired(n);
    LiveState live = Accounts.live(n, scenario);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Probe probe = Probe.start();
    long threadCpu = threads.getCurrentThreadCpuTime();
    Plan plan = new Planner().plan(desired, live);
    threadCpu = threads.getCurrentThreadCpuTime() - threadCpu;
    Map<String, Object> m = probe.stop();
    m.put("threadCpuMs", threadCpu / 1_000_000.0);
    m.put("changes", plan.changes().size());
    System.out.println(new ObjectMapper().writeValueAsString(m));
  }
}
