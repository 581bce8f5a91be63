package dev.borgform.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request may cost the emulator, so that no request, and no slow or hostile client, can
 * stop it from answering others. The defaults are far above what real clients send and ask for
 * (docs/borgbase-api.md, "Limits"); tests lower them to reach them cheaply.
 *
 * @param maxBodyBytes a request body above this is refused with HTTP 413 before it is read
 * @param maxBufferedBodyBytes request bytes held in memory by all requests together; a request
 *     arriving while they are spent is answered 503 at once
 * @param maxDocumentTokens GraphQL tokens one document may hold
 * @param maxDepth how deeply one document may nest selections
 * @param maxFields fields one document may select, fragments expanded
 * @param maxAnswerValues values one answer may hold (every field of every list item counts), as
 *     estimated from the account before the document runs
 * @param maxAnswerBytes bytes one answer may take as JSON
 * @param maxConcurrentExecutions documents run at once; others wait for a turn
 * @param readTimeout time a client has to send a whole request, headers and body
 * @param writeTimeout time a client has to take the whole answer
 * @param queueTimeout how long a request waits for a turn before it is answered 503
 */
public record EmulatorLimits(
    int maxBodyBytes,
    long maxBufferedBodyBytes,
    int maxDocumentTokens,
    int maxDepth,
    int maxFields,
    long maxAnswerValues,
    int maxAnswerBytes,
    int maxConcurrentExecutions,
    Duration readTimeout,
    Duration writeTimeout,
    Duration queueTimeout) {

  /**
   * 4 MiB: about 2,800 of borgform's repoAdd mutations with every field (a batch of 100 measured
   * 150,025 bytes; its default batch is 50), and over 2,000 times the largest document of the other
   * public clients (1,653 bytes).
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /**
   * Twice a read of every field of 10,000 keys and 10,000 repos (490,002 values, 12.2 MB); three
   * times borgform's own read of that account (320,002 values, 8.3 MB).
   */
  public static final long DEFAULT_MAX_ANSWER_VALUES = 1_000_000;

  /** 980,004 values of this schema measured 24.5 MB of JSON. */
  public static final int DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024;

  public EmulatorLimits {
    positive("maxBodyBytes", maxBodyBytes);
    if (maxBufferedBodyBytes < maxBodyBytes) {
      throw new IllegalArgumentException("maxBufferedBodyBytes must be at least maxBodyBytes");
    }
    positive("maxDocumentTokens", maxDocumentTokens);
    positive("maxDepth", maxDepth);
    positive("maxFields", maxFields);
    if (maxAnswerValues < 1) {
      throw new IllegalArgumentException("maxAnswerValues must be at least 1");
    }
    positive("maxAnswerBytes", maxAnswerBytes);
    positive("maxConcurrentExecutions", maxConcurrentExecutions);
    positive("readTimeout", readTimeout);
    positive("writeTimeout", writeTimeout);
    positive("queueTimeout", queueTimeout);
  }

  /** The limits borgform's emulator runs with. */
  public static EmulatorLimits defaults() {
    // Bodies held at once: an eighth of the heap, so a burst of large bodies cannot exhaust it.
    long heapShare = Runtime.getRuntime().maxMemory() / 8;
    return new EmulatorLimits(
        DEFAULT_MAX_BODY_BYTES,
        Math.max(DEFAULT_MAX_BODY_BYTES, Math.min(heapShare, 256L * 1024 * 1024)),
        500_000,
        30,
        50_000,
        DEFAULT_MAX_ANSWER_VALUES,
        DEFAULT_MAX_ANSWER_BYTES,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30));
  }

  public EmulatorLimits withMaxBodyBytes(int n) {
    return new EmulatorLimits(
        n,
        Math.max(n, maxBufferedBodyBytes),
        maxDocumentTokens,
        maxDepth,
        maxFields,
        maxAnswerValues,
        maxAnswerBytes,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withMaxBufferedBodyBytes(long n) {
    return new EmulatorLimits(
        maxBodyBytes,
        n,
        maxDocumentTokens,
        maxDepth,
        maxFields,
        maxAnswerValues,
        maxAnswerBytes,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withMaxDepth(int n) {
    return new EmulatorLimits(
        maxBodyBytes,
        maxBufferedBodyBytes,
        maxDocumentTokens,
        n,
        maxFields,
        maxAnswerValues,
        maxAnswerBytes,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withMaxFields(int n) {
    return new EmulatorLimits(
        maxBodyBytes,
        maxBufferedBodyBytes,
        maxDocumentTokens,
        maxDepth,
        n,
        maxAnswerValues,
        maxAnswerBytes,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withMaxAnswerValues(long n) {
    return new EmulatorLimits(
        maxBodyBytes,
        maxBufferedBodyBytes,
        maxDocumentTokens,
        maxDepth,
        maxFields,
        n,
        maxAnswerBytes,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withMaxAnswerBytes(int n) {
    return new EmulatorLimits(
        maxBodyBytes,
        maxBufferedBodyBytes,
        maxDocumentTokens,
        maxDepth,
        maxFields,
        maxAnswerValues,
        n,
        maxConcurrentExecutions,
        readTimeout,
        writeTimeout,
        queueTimeout);
  }

  public EmulatorLimits withTimeouts(Duration read, Duration write) {
    return new EmulatorLimits(
        maxBodyBytes,
        maxBufferedBodyBytes,
        maxDocumentTokens,
        maxDepth,
        maxFields,
        maxAnswerValues,
        maxAnswerBytes,
        maxConcurrentExecutions,
        read,
        write,
        queueTimeout);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
