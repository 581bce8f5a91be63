package dev.borgform.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The fault rules of one server and their counters. Every rule looks at every GraphQL request and
 * counts the ones it matches; delays of all hitting rules add up, and the first hitting rule of any
 * other kind decides the answer. Thread-safe: requests are decided one at a time, so counts and the
 * seeded draws are reproducible for requests sent one after another.
 */
final class FaultPlan {
  /** What to do with one request. */
  record Decision(Duration delay, @Nullable FaultRule answer) {
    static final Decision NONE = new Decision(Duration.ZERO, null);

    boolean none() {
      return delay.isZero() && answer == null;
    }
  }

  private static final class Active {
    final FaultRule rule;
    final SplitMix64 random;
    long matched;

    Active(FaultRule rule, long seed) {
      this.rule = rule;
      this.random = new SplitMix64(seed);
    }

    boolean hits() {
      matched++;
      switch (rule.when()) {
        case NTH:
          return matched == rule.n();
        case FIRST:
          return matched <= rule.n();
        case RATE:
          return (random.nextLong() >>> 11) * 0x1.0p-53 < rule.rate();
        default:
          return true;
      }
    }
  }

  private final long seed;
  private final List<Active> rules = new ArrayList<>();
  private final Map<String, Long> injected = new TreeMap<>();
  private long added;

  FaultPlan(long seed, List<FaultRule> initial) {
    this.seed = seed;
    initial.forEach(this::add);
  }

  synchronized void add(FaultRule rule) {
    // Each rule draws from its own generator, so adding a rule never shifts another rule's draws.
    rules.add(new Active(rule, seed ^ (0x9E3779B97F4A7C15L * ++added)));
  }

  synchronized void clear() {
    rules.clear();
  }

  synchronized List<FaultRule> rules() {
    return rules.stream().map(a -> a.rule).toList();
  }

  /** Fault kinds injected so far, by {@link FaultRule.Kind#text()}, sorted by kind. */
  synchronized Map<String, Long> injected() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(injected));
  }

  /**
   * Decides one request; {@code operations} is only computed (the document parsed) when there are
   * rules.
   */
  synchronized Decision decide(Supplier<Set<String>> operationsOfRequest) {
    if (rules.isEmpty()) {
      return Decision.NONE;
    }
    Set<String> operations = operationsOfRequest.get();
    Duration delay = Duration.ZERO;
    FaultRule answer = null;
    for (Active a : rules) {
      if (!a.rule.matches(operations) || !a.hits()) {
        continue;
      }
      if (a.rule.kind() == FaultRule.Kind.DELAY) {
        delay = delay.plus(a.rule.delay());
        injected.merge(a.rule.kind().text(), 1L, Long::sum);
      } else if (answer == null) {
        answer = a.rule;
        injected.merge(a.rule.kind().text(), 1L, Long::sum);
      }
    }
    return new Decision(delay, answer);
  }
}
