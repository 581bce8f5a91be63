package dev.borgform.testing;

import dev.borgform.cli.Interrupts;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C for in-process tests: {@link #interrupt()} does what the process's signal would. Without a
 * deferring scope the process would end at once, which a test records instead; so does the "stop at
 * once" of a second interrupt.
 */
public final class FakeInterrupts implements Interrupts {
  private volatile Runnable first;
  private volatile Runnable again;
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean stoppedAtOnce = new AtomicBoolean();
  private final AtomicInteger scopes = new AtomicInteger();

  @Override
  public Scope defer(Runnable first, Runnable again) {
    this.first = first;
    this.again = again;
    count.set(0);
    scopes.incrementAndGet();
    return () -> {
      this.first = null;
      this.again = null;
    };
  }

  /** One Ctrl-C. */
  public void interrupt() {
    Runnable f = first;
    Runnable a = again;
    if (f == null) {
      stoppedAtOnce.set(true);
      return;
    }
    if (count.incrementAndGet() == 1) {
      f.run();
    } else {
      a.run();
      stoppedAtOnce.set(true);
    }
  }

  /** True while a command defers interrupts. */
  public boolean deferring() {
    return first != null;
  }

  /** How often a command opened a deferring scope. */
  public int scopes() {
    return scopes.get();
  }

  /** True when an interrupt would have ended the process at once. */
  public boolean stoppedAtOnce() {
    return stoppedAtOnce.get();
  }
}
