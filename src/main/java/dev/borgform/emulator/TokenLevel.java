package dev.borgform.emulator;

import java.util.Locale;

/** The three permission levels BorgBase lets an API token have (Account &gt; API in the web UI). */
public enum TokenLevel {
  READ_ONLY("read", "Read Only"),
  CREATE_ONLY("create", "Create Only"),
  FULL_ACCESS("full", "Full Access");

  private final String cliName;
  private final String displayName;

  TokenLevel(String cliName, String displayName) {
    this.cliName = cliName;
    this.displayName = displayName;
  }

  /** The short name used on the command line: {@code read}, {@code create} or {@code full}. */
  public String cliName() {
    return cliName;
  }

  /** BorgBase's own wording, as used in its docs and in the emulator's permission errors. */
  public String displayName() {
    return displayName;
  }

  /** Parses a {@link #cliName()} (case-insensitive). */
  public static TokenLevel fromCliName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (TokenLevel level : values()) {
      if (level.cliName.equals(wanted)) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "Unknown token level '" + name + "' (expected read, create or full)");
  }
}
