package dev.borgform.plan;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One planned change to the account. Changes are plain data: the planner makes them without I/O,
 * renderers print them, the executor turns them into API calls. Java 17 has no pattern matching for
 * switch, so code that needs the subtype takes a {@link Visitor}: a new kind of change adds a
 * method there, and every consumer fails to compile until it handles it (an {@code instanceof}
 * chain would only fail at run time). Code that does not need the subtype uses these accessors.
 */
public sealed interface Change
    permits KeyCreate, KeyReplace, KeyDelete, RepoCreate, RepoUpdate, RepoDelete {

  Address address();

  Action action();

  /** Field-level before and after, in display order. */
  List<FieldChange> fields();

  /**
   * Why the change is planned, for the reader only, as data ({@code render.ReasonText} gives the
   * words); {@link Reason#NONE} when the action says it all.
   */
  Reason reason();

  /** The apply phase the change belongs to; orders the plan (deletions come last). */
  Phase phase();

  /** The id of the live object this change acts on, or null for a create. */
  @Nullable String liveId();

  /** Calls the visitor's method for this kind of change. */
  <R> R accept(Visitor<R> visitor);

  /** One method per kind of change; see the type's comment for why there is no default. */
  interface Visitor<R> {
    R keyCreate(KeyCreate c);

    R keyReplace(KeyReplace c);

    R keyDelete(KeyDelete c);

    R repoCreate(RepoCreate c);

    R repoUpdate(RepoUpdate c);

    R repoDelete(RepoDelete c);
  }

  /** True only for deleting a repo, which destroys its backups. */
  default boolean destroysBackups() {
    return false;
  }
}
