package dev.borgform.plan;

/**
 * The dependency order of apply (docs/architecture.md): keys exist before repos use them, repos
 * stop using keys before those keys go, and repos are deleted last.
 *
 * <p>Each phase carries the number the plan file writes (its {@code phase} property). The number is
 * stated, not taken from the constant's position: a phase added or moved in this list must not
 * renumber the phases of plan files already written.
 */
public enum Phase {
  ADD_KEYS(1),
  REPOS(2),
  DELETE_KEYS(3),
  DELETE_REPOS(4);

  private final int number;

  Phase(int number) {
    this.number = number;
  }

  /** The phase's number in the plan file and in docs/reliability.md (1 to 4). */
  public int number() {
    return number;
  }
}
