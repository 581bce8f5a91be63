package dev.borgform.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** An in-memory output stream that refuses to grow past a limit (an answer being encoded). */
final class LimitedBuffer extends OutputStream {
  /** Thrown by a write that would pass the limit. */
  static final class Full extends IOException {
    private static final long serialVersionUID = 1L;

    Full() {
      super("limit reached");
    }

    /** True if {@code e}, or what it wraps, is a Full. */
    static boolean in(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof Full) {
          return true;
        }
      }
      return false;
    }
  }

  private final ByteArrayOutputStream bytes;
  private final int limit;

  LimitedBuffer(int limit) {
    this.limit = limit;
    this.bytes = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
  }

  @Override
  public void write(int b) throws IOException {
    if (bytes.size() + 1 > limit) {
      throw new Full();
    }
    bytes.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if ((long) bytes.size() + len > limit) {
      throw new Full();
    }
    bytes.write(b, off, len);
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
