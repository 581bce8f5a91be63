package dev.borgform.plan;

import java.util.List;

/**
 * One planned change to the account. Changes are plain data: the planner makes them without I/O,
 * renderers print them, the executor turns them into API calls. Java 17 has no pattern matching for
 * switch, so code that needs the subtype uses {@code instanceof}; code that does not uses these
 * accessors.
 */
public sealed interface Change
    permits KeyCreate, KeyReplace, KeyDelete, RepoCreate, RepoUpdate, RepoDelete {

  Address address();

  Action action();

  /** Field-level before and after, in display order. */
  List<FieldChange> fields();

  /** Why the change is planned, for the reader only; empty when the action says it all. */
  String reason();

  /** The apply phase the change belongs to; orders the plan (deletions come last). */
  Phase phase();

  /** The id of the live object this change acts on, or null for a create. */
  String liveId();

  /** True only for deleting a repo, which destroys its backups. */
  default boolean destroysBackups() {
    return false;
  }
}
