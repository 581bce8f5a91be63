package dev.borgform.model;

import java.util.Optional;

/** Borg server version of a repo; the wire value is the constant's name (docs/borgbase-api.md). */
public enum BorgVersion {
  LATEST,
  V_1_1_X,
  V_1_2_X,
  V_1_4_X;

  public String wire() {
    return name();
  }

  public static Optional<BorgVersion> fromWire(String s) {
    for (BorgVersion v : values()) if (v.name().equals(s)) return Optional.of(v);
    return Optional.empty();
  }
}
