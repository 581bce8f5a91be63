package dev.borgform.emulator;

import graphql.language.OperationDefinition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe request counters of one server (never static: several emulators may run in one JVM).
 */
final class StatsRecorder {
  private long requests;
  private final Map<String, Long> perOperation = new TreeMap<>();
  private final Map<String, Long> fields = new TreeMap<>();

  synchronized void requestReceived() {
    requests++;
  }

  /**
   * Records an executed document: a query once under "query", a mutation once per distinct mutation
   * field, and every executed top-level field (aliases included) under its name.
   */
  synchronized void executed(OperationDefinition.Operation operation, List<String> executedFields) {
    if (operation == OperationDefinition.Operation.QUERY) {
      perOperation.merge("query", 1L, Long::sum);
    } else if (operation == OperationDefinition.Operation.MUTATION) {
      for (String field : new LinkedHashSet<>(executedFields)) {
        perOperation.merge(field, 1L, Long::sum);
      }
    }
    for (String field : executedFields) {
      fields.merge(field, 1L, Long::sum);
    }
  }

  synchronized EmulatorStats snapshot() {
    return new EmulatorStats(requests, perOperation, fields);
  }

  synchronized void reset() {
    requests = 0;
    perOperation.clear();
    fields.clear();
  }
}
