package dev.borgform.model;

import java.util.Optional;

public enum CompactionUnit {
  DAYS("days"),
  WEEKS("weeks"),
  MONTHS("months");

  private final String wire;

  CompactionUnit(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<CompactionUnit> fromWire(String s) {
    for (CompactionUnit u : values()) if (u.wire.equals(s)) return Optional.of(u);
    return Optional.empty();
  }
}
