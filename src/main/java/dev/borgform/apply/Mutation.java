package dev.borgform.apply;

import dev.borgform.plan.RepoSettings;
import java.util.Objects;

/**
 * One write to the account, with every key reference resolved to an id. The API client turns a list
 * of these into GraphQL; nothing here knows the wire format (the operation names included: {@code
 * api} maps each {@link Kind} to its own).
 */
public sealed interface Mutation {

  /** What kind of write this is; a switch over it is checked for every kind by the compiler. */
  Kind kind();

  /** Calls the visitor's method for this kind of mutation. */
  <R> R accept(Visitor<R> visitor);

  /** The kinds of write, one per record below. */
  enum Kind {
    ADD_KEY,
    DELETE_KEY,
    ADD_REPO,
    EDIT_REPO,
    DELETE_REPO;

    /** True for the kinds that only add to the account (what a Create Only token may do). */
    public boolean adds() {
      return switch (this) {
        case ADD_KEY, ADD_REPO -> true;
        case DELETE_KEY, EDIT_REPO, DELETE_REPO -> false;
      };
    }
  }

  /** One method per kind: a new kind fails to compile until every consumer handles it. */
  interface Visitor<R> {
    R addKey(AddKey m);

    R deleteKey(DeleteKey m);

    R addRepo(AddRepo m);

    R editRepo(EditRepo m);

    R deleteRepo(DeleteRepo m);
  }

  record AddKey(String name, String publicKeyLine) implements Mutation {
    public AddKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(publicKeyLine, "publicKeyLine");
    }

    @Override
    public Kind kind() {
      return Kind.ADD_KEY;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.addKey(this);
    }
  }

  record DeleteKey(String id) implements Mutation {
    public DeleteKey {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public Kind kind() {
      return Kind.DELETE_KEY;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.deleteKey(this);
    }
  }

  /** {@code settings} must have every key reference resolved (no pending ids). */
  record AddRepo(RepoSettings settings) implements Mutation {
    public AddRepo {
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Kind kind() {
      return Kind.ADD_REPO;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.addRepo(this);
    }
  }

  record EditRepo(String id, RepoSettings settings) implements Mutation {
    public EditRepo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Kind kind() {
      return Kind.EDIT_REPO;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.editRepo(this);
    }
  }

  record DeleteRepo(String id) implements Mutation {
    public DeleteRepo {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public Kind kind() {
      return Kind.DELETE_REPO;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.deleteRepo(this);
    }
  }
}
