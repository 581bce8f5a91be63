package dev.borgform.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request counters of one emulator, the same numbers {@code GET /emulator/stats} serves.
 *
 * @param requests every {@code POST /graphql} served, including ones answered with HTTP 400
 * @param perOperation executed documents: once under {@code "query"} per query document, and once
 *     per distinct mutation field name per mutation document
 * @param fields executed top-level fields by field name (each alias counts)
 */
public record EmulatorStats(
    long requests, Map<String, Long> perOperation, Map<String, Long> fields) {

  public EmulatorStats {
    // Sorted, immutable copies: callers compare and print these, and must not see later updates.
    perOperation = Collections.unmodifiableMap(new TreeMap<>(perOperation));
    fields = Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /** Count for one operation key, 0 if never seen. */
  public long operation(String name) {
    return perOperation.getOrDefault(name, 0L);
  }

  /** Count for one top-level field name, 0 if never executed. */
  public long field(String name) {
    return fields.getOrDefault(name, 0L);
  }
}
