package dev.borgform.plan;

public enum ResourceKind {
  KEY("key"),
  REPO("repo");

  private final String prefix;

  ResourceKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
