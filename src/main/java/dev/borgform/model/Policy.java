package dev.borgform.model;

import java.util.List;

/**
 * What the tool may do to objects the spec does not list. The defaults are the product's: prune
 * keys (they hold no data), never delete repos (they hold backups).
 */
public record Policy(
    boolean pruneKeys,
    boolean pruneRepos,
    List<String> ignoreKeys,
    List<String> ignoreRepos,
    int maxDeletePercent) {

  public static final int DEFAULT_MAX_DELETE_PERCENT = 30;

  public Policy {
    ignoreKeys = List.copyOf(ignoreKeys);
    ignoreRepos = List.copyOf(ignoreRepos);
  }

  public static Policy defaults() {
    return new Policy(true, false, List.of(), List.of(), DEFAULT_MAX_DELETE_PERCENT);
  }
}
