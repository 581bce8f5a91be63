package dev.borgform.emulator;

/**
 * The whole emulated BorgBase account plus the counters that keep ids unique across restarts.
 * Tables keep creation order, so list results come in creation order.
 *
 * <p>A write runs between {@link #begin()} and {@link #commit()} or {@link #rollback()}: the
 * mutation works on the account itself, its changes held apart by each {@link Table}, and a
 * rollback (the mutation threw, or its journal line could not be written) leaves the account as it
 * was before, counters included.
 */
final class Account {
  /** [GUESS] Real key ids are small integers ("481", "1786"); starting at 1000 looks alike. */
  static final long FIRST_KEY_ID = 1000;

  long nextKeyId = FIRST_KEY_ID;
  SplitMix64 random;
  final Table<Long, StoredKey> keys = new Table<>();
  final Table<String, StoredRepo> repos = new Table<>();

  private long nextKeyIdBefore;
  private long rngStateBefore;

  Account(long rngState) {
    this.random = new SplitMix64(rngState);
  }

  void begin() {
    nextKeyIdBefore = nextKeyId;
    rngStateBefore = random.state();
    keys.begin();
    repos.begin();
  }

  /** Whether the open write changed anything: an object or a counter. */
  boolean changed() {
    return nextKeyId != nextKeyIdBefore
        || random.state() != rngStateBefore
        || !keys.changes().isEmpty()
        || !repos.changes().isEmpty();
  }

  void commit() {
    keys.commit();
    repos.commit();
  }

  void rollback() {
    keys.rollback();
    repos.rollback();
    nextKeyId = nextKeyIdBefore;
    random = new SplitMix64(rngStateBefore);
  }
}
