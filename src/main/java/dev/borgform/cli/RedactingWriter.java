package dev.borgform.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes through to another writer with every secret of the run replaced by {@code [REDACTED]}.
 * Text is passed on line by line; on flush, all but a tail that might be the start of a secret is
 * passed on too, so prompts appear at once and a secret split across writes is still caught.
 */
final class RedactingWriter extends Writer {
  private final Writer out;
  private final Secrets secrets;
  private final StringBuilder pending = new StringBuilder();

  RedactingWriter(Writer out, Secrets secrets) {
    super(out);
    this.out = out;
    this.secrets = secrets;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    synchronized (lock) {
      pending.append(buf, off, len);
      int nl = pending.lastIndexOf("\n");
      if (nl >= 0) {
        out.write(secrets.redact(pending.substring(0, nl + 1)));
        pending.delete(0, nl + 1);
      }
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (lock) {
      String text = secrets.redact(pending.toString());
      int keep = secrets.possiblePrefixAtEnd(text);
      out.write(text, 0, text.length() - keep);
      pending.setLength(0);
      pending.append(text, text.length() - keep, text.length());
      out.flush();
    }
  }

  /**
   * Passes on everything still held back: the run is over, so no more text can follow. The writer
   * underneath belongs to the caller and stays open.
   */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      out.write(secrets.redact(pending.toString()));
      pending.setLength(0);
      out.flush();
    }
  }
}
