package dev.borgform.plan;

import java.util.Comparator;
import java.util.Objects;

/** {@code key.web-01} or {@code repo.web-01}: how a plan names an object, stable across runs. */
public record Address(ResourceKind kind, String name) implements Comparable<Address> {
  private static final Comparator<Address> ORDER =
      Comparator.comparing(Address::kind).thenComparing(Address::name);

  public Address {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Address key(String name) {
    return new Address(ResourceKind.KEY, name);
  }

  public static Address repo(String name) {
    return new Address(ResourceKind.REPO, name);
  }

  @Override
  public int compareTo(Address o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind.prefix() + "." + name;
  }
}
