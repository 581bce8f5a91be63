package dev.borgform.emulator;

/**
 * A tiny seeded generator whose whole position is one {@code long}, so the state file can store it
 * and a restarted emulator continues the same sequence (java.util.Random does not expose its
 * state). Not for secrets: tokens come from SecureRandom.
 */
final class SplitMix64 {
  private long state;

  SplitMix64(long state) {
    this.state = state;
  }

  long state() {
    return state;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound); rejection sampling avoids modulo bias. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
    long r;
    do {
      r = nextLong() >>> 1;
    } while (r >= limit);
    return (int) (r % bound);
  }
}
