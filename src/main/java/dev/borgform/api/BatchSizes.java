package dev.borgform.api;

/**
 * What one run has learned about how many mutations the server (or a proxy in front of it) accepts
 * in one document. A server may cap the aliased fields of a document, or refuse a body above some
 * number of bytes (HTTP 413); either refusal comes before anything ran, so the batch can be split
 * and sent again. The size to try next is found by bisection between the largest size accepted and
 * the smallest refused, after one mutation alone has shown that the refusal was about the size: a
 * cap of 10 is found after a few refused requests and then used for the rest of the run, instead of
 * falling back to one mutation per request.
 *
 * <p>A byte limit accepts fewer large mutations (repo adds) than small ones (key deletes): a
 * refusal at or below the largest size accepted so far means the earlier success says nothing about
 * this document, so the lower bound is forgotten. One client serves one run, from one thread at a
 * time (the executor sends one batch after another); the fields are not shared beyond that.
 */
final class BatchSizes {
  private static final int UNBOUNDED = Integer.MAX_VALUE;

  /** The largest size the server accepted since the last refusal at or below it; 0: none. */
  private int accepted;

  /** The smallest size the server refused; {@link #UNBOUNDED} while none was. */
  private int refused = UNBOUNDED;

  /** How many of {@code wanted} mutations to put in the next document (at least one). */
  int next(int wanted) {
    if (refused == UNBOUNDED) return Math.max(1, wanted);
    // Nothing accepted since the refusal: one mutation alone tells a refused size from a refused
    // mutation (a wrong variable type refuses every document) at the cost of one request.
    if (accepted == 0) return 1;
    int size = refused - accepted <= 1 ? accepted : accepted + (refused - accepted) / 2;
    return Math.max(1, Math.min(wanted, size));
  }

  void accepted(int size) {
    if (size > accepted && size < refused) accepted = size;
  }

  /** A document of {@code size} (more than one) mutations was refused before anything ran. */
  void refused(int size) {
    if (size < 2) throw new IllegalArgumentException("a single mutation says nothing of sizes");
    refused = Math.min(refused, size);
    if (accepted >= refused) accepted = 0;
  }

  /** The size every later document is capped at, or 0 while no batch has been refused. */
  int learnedLimit() {
    return refused == UNBOUNDED ? 0 : next(UNBOUNDED - 1);
  }

  Snapshot snapshot() {
    return new Snapshot(accepted, refused);
  }

  void restore(Snapshot s) {
    accepted = s.accepted;
    refused = s.refused;
  }

  record Snapshot(int accepted, int refused) {}
}
