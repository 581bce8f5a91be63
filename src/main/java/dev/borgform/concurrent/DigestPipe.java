package dev.borgform.concurrent;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * An output stream whose bytes a {@link MessageDigest} takes in on a thread of its own, so that
 * making the bytes (writing a large document as JSON) and digesting them (SHA-256) run side by side
 * on two cores instead of one after the other. Bytes go over in blocks of {@value #BLOCK}, at most
 * {@value #AHEAD} blocks ahead of the digest. {@link #close} ends the input; {@link #digest} closes
 * and gives the digest of every byte written, in order.
 */
public final class DigestPipe extends OutputStream {
  private static final int BLOCK = 64 * 1024;
  private static final int AHEAD = 8;

  /** The end of the input (compared by identity). */
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(AHEAD);
  private final Supplier<byte[]> result;
  private byte[] block = new byte[BLOCK];
  private int used;
  private boolean closed;

  /** Digests into {@code digest}, which no one else may use meanwhile, on thread {@code name}. */
  public DigestPipe(MessageDigest digest, String name) {
    this.result =
        Meanwhile.start(
            true,
            name,
            () -> {
              while (true) {
                byte[] b = takeUninterruptibly();
                if (b == END) return digest.digest();
                digest.update(b);
              }
            });
  }

  @Override
  public void write(int b) {
    if (used == BLOCK) pass();
    block[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == BLOCK) pass();
      int n = Math.min(len, BLOCK - used);
      System.arraycopy(b, off, block, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  /** Ends the input; the digest thread finishes what it holds. Closing twice does nothing. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (used > 0) putUninterruptibly(Arrays.copyOf(block, used));
    putUninterruptibly(END);
  }

  /** The digest of everything written; closes this stream first. */
  public byte[] digest() {
    close();
    return result.get();
  }

  private void pass() {
    if (closed) throw new IllegalStateException("written after close");
    putUninterruptibly(block);
    block = new byte[BLOCK];
    used = 0;
  }

  // The two threads only ever wait for each other, and each keeps going: an interrupt is kept
  // for the caller to see, not acted on halfway through a digest.

  private void putUninterruptibly(byte[] b) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          blocks.put(b);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("ReferenceEquality") // END is told by identity: an empty block is not the end
  private byte[] takeUninterruptibly() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return blocks.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
