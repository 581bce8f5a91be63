package dev.borgform.emulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bytes all requests together may hold in memory. A request reserves each chunk as it
 * arrives, so a slow client holds only what it has sent; a request that finds the budget spent is
 * answered 503 at once rather than waiting (waiting would let a burst of large bodies stall every
 * other client).
 */
final class BodyBudget {
  private final long capacity;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long capacity) {
    this.capacity = capacity;
  }

  /** Takes {@code n} bytes of the budget, or nothing and false if that would exceed it. */
  boolean reserve(long n) {
    while (true) {
      long now = used.get();
      if (now + n > capacity) {
        return false;
      }
      if (used.compareAndSet(now, now + n)) {
        return true;
      }
    }
  }

  void release(long n) {
    if (n > 0) {
      used.addAndGet(-n);
    }
  }
}
