package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.emulator.EmulatorConfig;
import dev.borgform.emulator.EmulatorServer;
import dev.borgform.emulator.FaultRule;
import dev.borgform.emulator.TokenLevel;
import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.FaultScenario;
import dev.borgform.testing.Golden;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mutation kind x every fault the emulator injects x the first, middle and last mutation of
 * its kind (batch size 1, so the Nth request of an operation is its Nth mutation), plus every fault
 * on a whole batch (default batch size) and on the account read. Each cell: one apply with the
 * fault, then at most one more without; the account must then match the spec exactly (plan shows no
 * changes), with no duplicate, every kept repo under its old id, and every mutation executed by the
 * server exactly once in total (nothing made twice, even for a moment).
 *
 * <p>The outcome table is written into docs/reliability.md between markers and checked against it;
 * {@code -Dgolden.update=true} rewrites it there.
 */
class FaultMatrixIT {
  /** Short enough that a hung request costs little; far above what the emulator needs. */
  private static final String HANG_TIMEOUT = "1500ms";

  private static final List<String> FAULTS =
      List.of("delay=50ms", "error=503", "ratelimit=0", "lost", "malformed", "truncated", "hang");

  @TempDir static Path dir;

  /** One cell of the matrix: where the fault hits and what came of it. */
  private record Cell(String row, String operation, int position, int batchSize, String fault) {
    String rule() {
      return operation + ":" + fault + "@" + position;
    }

    String column() {
      int eq = fault.indexOf('=');
      return eq < 0 ? fault : fault.substring(0, eq);
    }
  }

  private record Outcome(Cell cell, String code, List<String> problems) {}

  @Test
  void everyFaultAtEveryMutationLeavesTheAccountAsTheSpecSays() throws Exception {
    Path spec = FaultScenario.writeSpec(dir);
    List<Cell> cells = new ArrayList<>();
    for (String fault : FAULTS) cells.add(new Cell("read (query #1)", "query", 1, 1, fault));
    for (String op : FaultScenario.OPERATIONS) {
      for (int pos : new int[] {1, 2, 3}) {
        String which = pos == 1 ? "first" : pos == 2 ? "middle" : "last";
        for (String fault : FAULTS)
          cells.add(new Cell(op + " #" + pos + " (" + which + ")", op, pos, 1, fault));
      }
    }
    for (String op : FaultScenario.OPERATIONS) {
      for (String fault : FAULTS) cells.add(new Cell(op + " (batched)", op, 1, 50, fault));
    }

    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Cell c : cells) futures.add(pool.submit(() -> run(c, spec)));
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : futures) outcomes.add(f.get());
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;

    List<String> problems = new ArrayList<>();
    for (Outcome o : outcomes) {
      for (String p : o.problems())
        problems.add(o.cell().rule() + " (batch " + o.cell().batchSize() + "): " + p);
    }
    assertThat(problems).as("cells that broke a promise").isEmpty();
    checkTableInDoc(table(outcomes));
    System.out.printf("fault matrix: %d cells in %.1f s%n", cells.size(), seconds);
  }

  private Outcome run(Cell cell, Path spec) throws IOException {
    List<String> problems = new ArrayList<>();
    try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.inMemory())) {
      FaultScenario.Before before = FaultScenario.seed(emulator);
      Map<String, String> env =
          Map.of(
              "BORGBASE_API_URL", emulator.graphqlUrl().toString(),
              "BORGBASE_TOKEN", emulator.token(TokenLevel.FULL_ACCESS));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "apply",
                  "-f",
                  spec.toString(),
                  "--auto-approve",
                  "--allow-destroy",
                  "--batch-size=" + cell.batchSize()));
      if (cell.fault().equals("hang")) args.add("--timeout=" + HANG_TIMEOUT);

      emulator.addFault(FaultRule.parse(cell.rule()));
      Result first = CliRun.run(env, args.toArray(String[]::new));
      emulator.clearFaults();
      if (emulator.injectedFaults().isEmpty()) problems.add("the fault never struck");

      String code;
      if (first.exitCode() == 0) {
        code =
            first.out().contains("Reading the account again to see what is left")
                ? "re-planned"
                : first.err().contains("so the change is sent again")
                    ? "re-sent"
                    : first.err().contains("trying again in") ? "read retried" : "ok";
        problems.addAll(expectedMessages(cell, code, first));
      } else {
        // A failure must say what happened and what to do; the next apply must finish the job.
        if (!first.err().startsWith("Error: ")) problems.add("no clear error:\n" + first);
        Result second =
            CliRun.run(env, "apply", "-f", spec.toString(), "--auto-approve", "--allow-destroy");
        if (second.exitCode() != 0) problems.add("a second apply did not converge:\n" + second);
        code = "failed (exit " + first.exitCode() + "), 2nd apply ok";
      }
      Result plan = CliRun.run(env, "plan", "-f", spec.toString(), "--detailed-exitcode");
      if (plan.exitCode() != 0)
        problems.add("plan is not empty afterwards:\n" + plan + "\nfirst apply:\n" + first);
      problems.addAll(FaultScenario.problems(emulator, before));
      // Nothing made or done twice: each mutation ran on the server exactly once in all.
      for (String op : FaultScenario.OPERATIONS) {
        long ran = emulator.stats().field(op);
        if (ran != FaultScenario.EACH)
          problems.add(op + " ran " + ran + " times, want " + FaultScenario.EACH);
      }
      return new Outcome(cell, code, problems);
    }
  }

  /**
   * What the user is told, per fault: the reason of the unknown outcome, and how it was settled.
   */
  private static List<String> expectedMessages(Cell cell, String code, Result r) {
    List<String> out = new ArrayList<>();
    String column = cell.column();
    boolean read = cell.operation().equals("query");
    String want =
        switch (column) {
          case "delay" -> "ok";
          case "ratelimit" -> read ? "read retried" : "re-sent";
          default -> read ? "read retried" : "re-planned";
        };
    if (!code.equals(want)) out.add("outcome " + code + ", want " + want + ":\n" + r);
    if (code.equals("re-planned")) {
      String reason =
          switch (column) {
            case "error" ->
                "OUTCOME UNKNOWN: BorgBase answered HTTP 503 (Service unavailable); the change may or may not have been made";
            case "malformed" ->
                "OUTCOME UNKNOWN: BorgBase's answer was not understood (the answer is not JSON, HTTP 200); the change may or may not have been made";
            case "hang" ->
                "OUTCOME UNKNOWN: no complete answer from BorgBase (SocketTimeoutException";
            default -> "OUTCOME UNKNOWN: no complete answer from BorgBase (";
          };
      if (!r.out().contains(reason)) out.add("stdout lacks \"" + reason + "\":\n" + r);
      if (!r.out()
          .contains(
              "; nothing is sent again blindly. Reading the account again to see what is left (round 2 of 3).")) {
        out.add("no round 2 announced:\n" + r);
      }
      if (!r.out()
          .matches(
              "(?s).*Apply complete! \\d+ applied, 0 failed, 0 not attempted; \\d+ unknown outcomes? settled by reading the account again\\.\n.*")) {
        out.add("no closing line for a settled apply:\n" + r);
      }
    }
    if (code.equals("re-sent")
        && !r.err()
            .contains(
                "Note: BorgBase is limiting the request rate (HTTP 429); nothing was made, so the change is sent again in 0.0 s (attempt 2 of 5)")) {
      out.add("no note about the re-send:\n" + r);
    }
    if (code.equals("ok")
        && !r.out().contains("Apply complete! 15 applied, 0 failed, 0 not attempted.\n")) {
      out.add("no plain closing line:\n" + r);
    }
    return out;
  }

  // ---- the table in docs/reliability.md ------------------------------------------------------

  private static final String START = "<!-- fault-matrix:start (generated by FaultMatrixIT) -->\n";
  private static final String END = "<!-- fault-matrix:end -->";

  private static String table(List<Outcome> outcomes) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (Outcome o : outcomes) {
      rows.computeIfAbsent(o.cell().row(), r -> new LinkedHashMap<>())
          .put(o.cell().column(), o.code());
      if (!columns.contains(o.cell().column())) columns.add(o.cell().column());
    }
    StringBuilder sb =
        new StringBuilder("| mutation (position) | " + String.join(" | ", columns) + " |\n");
    sb.append("|---").append("|---".repeat(columns.size())).append("|\n");
    for (Map.Entry<String, Map<String, String>> row : rows.entrySet()) {
      sb.append("| ").append(row.getKey());
      for (String c : columns) sb.append(" | ").append(row.getValue().get(c));
      sb.append(" |\n");
    }
    return sb.toString();
  }

  private static void checkTableInDoc(String table) {
    Golden.checkSection(Path.of("docs", "reliability.md"), START, END, table, "fault-matrix.md");
  }
}
