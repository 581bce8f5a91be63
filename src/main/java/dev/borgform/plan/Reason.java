package dev.borgform.plan;

import java.util.List;
import java.util.Objects;

/**
 * Why a change is planned, as data: the planner says which case it is and with what names and ids,
 * and only the renderers turn it into words ({@code render.ReasonText}). The plan file writes each
 * kind under a stable code with its parameters, so a reader of the JSON never parses English.
 *
 * <p>Java 17 has no pattern matching for switch, so code that needs the kind takes a {@link
 * Visitor}: a new kind of reason adds a method there, and the words, the plan file's codes and the
 * tests fail to compile until each handles it.
 */
public sealed interface Reason
    permits Reason.None,
        Reason.KeyMaterialChanged,
        Reason.KeyRenamed,
        Reason.DuplicateKey,
        Reason.KeyNotInSpec,
        Reason.KeyListsMove,
        Reason.UnmanagedRepoUsesKeys,
        Reason.RepoPruned,
        Reason.LegacyText {

  /** No reason shown: the action says it all (a create, an edit of what the spec states). */
  None NONE = new None();

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of reason; see the type's comment for why there is no default. */
  interface Visitor<R> {
    R none(None r);

    R keyMaterialChanged(KeyMaterialChanged r);

    R keyRenamed(KeyRenamed r);

    R duplicateKey(DuplicateKey r);

    R keyNotInSpec(KeyNotInSpec r);

    R keyListsMove(KeyListsMove r);

    R unmanagedRepoUsesKeys(UnmanagedRepoUsesKeys r);

    R repoPruned(RepoPruned r);

    R legacyText(LegacyText r);
  }

  /** See {@link #NONE}. */
  record None() implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.none(this);
    }
  }

  /** A key replaced under its own name: the spec gives it another public key. */
  record KeyMaterialChanged() implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.keyMaterialChanged(this);
    }
  }

  /**
   * A key replaced under a new name (renamedFrom, or the same material under another name with
   * policy.pruneKeys).
   *
   * @param from the former names, in the order of the replaced keys' ids, each once
   * @param materialChanged the spec also gives the key another public key
   */
  record KeyRenamed(List<String> from, boolean materialChanged) implements Reason {
    public KeyRenamed {
      from = List.copyOf(from);
      if (from.isEmpty()) throw new IllegalArgumentException("a rename needs a former name");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.keyRenamed(this);
    }
  }

  /**
   * One of two live keys with the spec's name and material, left by an interrupted replace or a
   * concurrent apply: it is deleted and repos move to the one kept.
   *
   * @param name the key's name
   * @param id the id of the key deleted
   * @param keptId the id of the key kept, which repos move to
   */
  record DuplicateKey(String name, String id, String keptId) implements Reason {
    public DuplicateKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(keptId, "keptId");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.duplicateKey(this);
    }
  }

  /** A key deleted because the spec does not list it (policy.pruneKeys). */
  record KeyNotInSpec() implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.keyNotInSpec(this);
    }
  }

  /**
   * An edit of a managed repo that only moves its key lists off keys the plan replaces or deletes.
   */
  record KeyListsMove() implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.keyListsMove(this);
    }
  }

  /**
   * An edit of a repo the spec does not manage, moving it off keys the plan replaces or deletes.
   */
  record UnmanagedRepoUsesKeys() implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.unmanagedRepoUsesKeys(this);
    }
  }

  /**
   * A repo deleted because the spec does not list it and policy.pruneRepos is true.
   *
   * @param detaches it first lets go of keys this plan deletes (the delete carries a detach)
   */
  record RepoPruned(boolean detaches) implements Reason {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.repoPruned(this);
    }
  }

  /**
   * A reason read from a plan file as text alone, in words this borgform does not know as any kind:
   * shown as the file has it (neutralised like any text from a file), never interpreted.
   */
  record LegacyText(String text) implements Reason {
    public LegacyText {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.legacyText(this);
    }
  }
}
