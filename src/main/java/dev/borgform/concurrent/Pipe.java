package dev.borgform.concurrent;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Items made on a thread of their own and taken, in order, by one consumer: a producer that runs
 * ahead of its consumer, so that on two cores the two take the longer of their times, not the sum.
 * Used for SnakeYAML's parser, which turns a large spec into events while its composer, on the
 * caller's thread, turns the events into nodes.
 *
 * <p>The consumer sees exactly what it would see calling the source itself: the same items in the
 * same order, then the end, or, where the source threw, the same exception at that very point and
 * nothing after it. Items travel in batches (a hand-over per item would cost more than most items
 * take to make), and at most {@link #DEPTH} batches wait, so a producer never runs far ahead.
 *
 * <p>{@link #close} stops the producer and waits for its thread to end; a consumer that stops early
 * (on an error of its own) must call it. Waiting, for an item or for the end, goes on when the
 * consumer is interrupted (the work is CPU alone, bounded by the input) and keeps the interrupt for
 * the consumer to see. The thread is a daemon.
 */
public final class Pipe<T> implements AutoCloseable {
  /** Where the items come from: the next one, or null at the end. May throw; that ends it too. */
  @FunctionalInterface
  public interface Source<T> {
    @Nullable T next();
  }

  /** Batches that may wait for the consumer. */
  static final int DEPTH = 16;

  /** What ends the items: the end of the source, or what it threw. */
  private record End(@Nullable Throwable thrown) {}

  private final BlockingQueue<Object[]> batches = new ArrayBlockingQueue<>(DEPTH);
  private final Thread producer;
  private Object[] batch = new Object[0];
  private int next;

  private Pipe(String name, int batchSize, Source<T> source) {
    producer = new Thread(() -> produce(batchSize, source), name);
    producer.setDaemon(true);
    producer.start();
  }

  /**
   * The items of {@code source}, made on a new thread named {@code name} and passed on {@code
   * batchSize} at a time.
   */
  public static <T> Pipe<T> start(String name, int batchSize, Source<T> source) {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize " + batchSize);
    return new Pipe<>(name, batchSize, source);
  }

  private void produce(int batchSize, Source<T> source) {
    Object[] b = new Object[batchSize];
    int n = 0;
    try {
      while (true) {
        T item;
        try {
          item = source.next();
        } catch (RuntimeException | Error e) {
          b[n++] = new End(e);
          batches.put(Arrays.copyOf(b, n));
          return;
        }
        if (item == null) {
          b[n++] = new End(null);
          batches.put(Arrays.copyOf(b, n));
          return;
        }
        b[n++] = item;
        if (n == batchSize) {
          batches.put(b);
          b = new Object[batchSize];
          n = 0;
        }
        if (Thread.currentThread().isInterrupted()) return;
      }
    } catch (InterruptedException e) {
      // close(): the consumer wants no more.
    }
  }

  /** The next item without taking it; null at the end. Throws what the source threw there. */
  public @Nullable T peek() {
    if (next == batch.length) {
      batch = awaitBatch();
      next = 0;
    }
    Object o = batch[next];
    if (o instanceof End end) {
      Throwable t = end.thrown();
      if (t == null) return null;
      if (t instanceof RuntimeException r) throw r;
      throw (Error) t;
    }
    @SuppressWarnings("unchecked") // Only the producer's items and End are ever put in a batch.
    T item = (T) o;
    return item;
  }

  /** The next item, taken; null at the end (and on every call after it). */
  public @Nullable T take() {
    T item = peek();
    if (item != null) next++;
    return item;
  }

  private Object[] awaitBatch() {
    return Uninterruptibly.await(batches::take);
  }

  /** Stops the producer, if it still runs, and waits until its thread has ended. */
  @Override
  public void close() {
    producer.interrupt();
    Uninterruptibly.await(
        () -> {
          producer.join();
          return true;
        });
  }
}
