package dev.borgform.apply;

import dev.borgform.plan.RepoSettings;
import java.util.Objects;

/**
 * One write to the account, with every key reference resolved to an id. The API client turns a list
 * of these into GraphQL; nothing here knows the wire format.
 */
public sealed interface Mutation {

  /** The API operation name, for reports and request accounting. */
  String operation();

  record AddKey(String name, String publicKeyLine) implements Mutation {
    public AddKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(publicKeyLine, "publicKeyLine");
    }

    @Override
    public String operation() {
      return "sshAdd";
    }
  }

  record DeleteKey(String id) implements Mutation {
    public DeleteKey {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String operation() {
      return "sshDelete";
    }
  }

  /** {@code settings} must have every key reference resolved (no pending ids). */
  record AddRepo(RepoSettings settings) implements Mutation {
    public AddRepo {
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String operation() {
      return "repoAdd";
    }
  }

  record EditRepo(String id, RepoSettings settings) implements Mutation {
    public EditRepo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String operation() {
      return "repoEdit";
    }
  }

  record DeleteRepo(String id) implements Mutation {
    public DeleteRepo {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String operation() {
      return "repoDelete";
    }
  }
}
