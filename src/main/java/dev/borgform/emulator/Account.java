package dev.borgform.emulator;

import java.util.LinkedHashMap;

/**
 * The whole emulated BorgBase account plus the counters that keep ids unique across restarts.
 * Insertion-ordered maps give list results in creation order.
 */
final class Account {
  /** [GUESS] Real key ids are small integers ("481", "1786"); starting at 1000 looks alike. */
  static final long FIRST_KEY_ID = 1000;

  long nextKeyId = FIRST_KEY_ID;
  SplitMix64 random;
  final LinkedHashMap<Long, StoredKey> keys = new LinkedHashMap<>();
  final LinkedHashMap<String, StoredRepo> repos = new LinkedHashMap<>();

  Account(long rngState) {
    this.random = new SplitMix64(rngState);
  }

  /**
   * Copy for copy-on-write: maps are new, entries (immutable or never edited in place) are shared.
   */
  Account copy() {
    Account c = new Account(random.state());
    c.nextKeyId = nextKeyId;
    c.keys.putAll(keys);
    c.repos.putAll(repos);
    return c;
  }
}
