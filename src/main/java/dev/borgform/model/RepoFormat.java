package dev.borgform.model;

import java.util.Optional;

/** The backup tool a repo serves; fixed when a repo is created. */
public enum RepoFormat {
  BORG1("borg1"),
  RESTIC("restic");

  private final String wire;

  RepoFormat(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<RepoFormat> fromWire(String s) {
    for (RepoFormat f : values()) if (f.wire.equals(s)) return Optional.of(f);
    return Optional.empty();
  }
}
