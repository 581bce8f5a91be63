package dev.borgform.apply;

/**
 * What is known of the token's level without changing anything. BorgBase documents three levels:
 * Read Only (queries only), Create Only ({@code repoAdd}, {@code sshAdd}, {@code repoList}, {@code
 * sshList}) and Full Access. A query outside Create Only's four operations tells Create Only apart;
 * Read Only and Full Access read alike, so only a change could tell them apart, and borgform never
 * makes one to find out.
 */
public enum KnownLevel {
  /** Known without asking: the sandbox's own token. */
  FULL_ACCESS("Full Access"),
  /** The token reads more than the key and repo lists: Read Only or Full Access. */
  READ_ONLY_OR_FULL_ACCESS("Read Only or Full Access"),
  /** Refused a query outside the key and repo lists: it may add keys and repos, nothing else. */
  CREATE_ONLY("Create Only"),
  /** Not asked (nothing in the plan needed it), or the probe got no usable answer. */
  UNKNOWN("unknown");

  private final String displayName;

  KnownLevel(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  /** False only where the token is known to be unable to edit or delete. */
  public boolean mayEditOrDelete() {
    return this != CREATE_ONLY;
  }
}
