package dev.borgform.plan;

/**
 * The dependency order of apply (docs/architecture.md): keys exist before repos use them, repos
 * stop using keys before those keys go, and repos are deleted last.
 */
public enum Phase {
  ADD_KEYS,
  REPOS,
  DELETE_KEYS,
  DELETE_REPOS
}
