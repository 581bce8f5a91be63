package dev.borgform.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** BorgBase's two regions; fixed when a repo is created. */
public enum Region {
  EU("eu"),
  US("us");

  private final String wire;

  Region(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Region> fromWire(@Nullable String s) {
    for (Region r : values()) if (r.wire.equals(s)) return Optional.of(r);
    return Optional.empty();
  }
}
