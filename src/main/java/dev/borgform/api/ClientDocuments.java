package dev.borgform.api;

import dev.borgform.apply.Mutation;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every GraphQL document borgform sends, made by the client's own code ({@link
 * BorgBaseClient#accountDocument()}, {@link BorgBaseClient#request}): the account read, and each
 * mutation with every argument it can carry. {@code doctor} checks these against the live schema,
 * so what it checks cannot drift from what {@code plan} and {@code apply} send. Also says what
 * stops working when part of one no longer fits: which command, which spec field.
 */
final class ClientDocuments {
  private ClientDocuments() {}

  /** One document: what it is for, and its text. */
  record Sent(String purpose, String document) {}

  static List<Sent> all() {
    List<Sent> out = new ArrayList<>();
    out.add(new Sent("the account read", BorgBaseClient.accountDocument()));
    for (Mutation m : everyMutation()) {
      out.add(
          new Sent(
              BorgBaseClient.operationName(m.kind()),
              BorgBaseClient.request(List.of(m)).document()));
    }
    out.add(new Sent("the read of borgform output", BorgBaseClient.outputsDocument()));
    return out;
  }

  /**
   * One mutation of each kind with every field set, so that each argument the client can send
   * appears in its document. Key lists name resolved ids, as they are when sent.
   */
  static List<Mutation> everyMutation() {
    List<KeyRef> keys = List.of(new KeyRef("k", "1"));
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    for (RepoField<?, ?> f : RepoField.TABLE.all()) values.put(f, f.isKeyList() ? keys : sample(f));
    RepoSettings every = new RepoSettings("r", Region.EU, values);
    return List.of(
        new Mutation.AddKey("k", "ssh-ed25519 AAAA k"),
        new Mutation.AddRepo(every),
        new Mutation.EditRepo("r", every),
        new Mutation.DeleteKey("1"),
        new Mutation.DeleteRepo("r"));
  }

  /** A value of the field, one that sends every argument it has (a quota that is on). */
  private static Object sample(RepoField<?, ?> f) {
    return switch (f.kind()) {
      case FLAG -> true;
      case NUMBER -> f.min();
      case CHOICE -> f.choices().values().iterator().next();
      case TIMEZONE -> "UTC";
      case QUOTA -> Quota.ofMegabytes(1000);
      case KEY_LIST -> List.of();
    };
  }

  /**
   * One mutation of each kind with as little set as the client ever sends: what it sends whatever
   * the spec says.
   */
  static List<Mutation> smallestMutations() {
    RepoSettings named = new RepoSettings("r", Region.EU, Map.of());
    return List.of(
        new Mutation.AddKey("k", "ssh-ed25519 AAAA k"),
        new Mutation.AddRepo(named),
        new Mutation.EditRepo("r", RepoSettings.EMPTY),
        new Mutation.DeleteKey("1"),
        new Mutation.DeleteRepo("r"));
  }

  /** What stops working when the operation (a mutation, or a field of the account read) fails. */
  static String breaks(String operation) {
    return switch (operation) {
      case "sshList", "repoList" ->
          "plan, apply and export: the account is read in one request, which the API would refuse"
              + " as a whole";
      case "sshAdd" -> "apply: adding a key (keys[]), and replacing one whose publicKey changed";
      case "repoAdd" -> "apply: creating a repo (repos[])";
      case "repoEdit" ->
          "apply: changing an existing repo, and moving repos to a replaced key (keys[].publicKey)";
      case "sshDelete" ->
          "apply: deleting a key not in the spec (policy.pruneKeys), and the last step of replacing"
              + " a key";
      case "repoDelete" ->
          "apply --allow-destroy: deleting a repo not in the spec (policy.pruneRepos)";
      default -> "apply and plan";
    };
  }

  /** The spec field each wire field of a repo carries. */
  private static final Map<String, String> REPO_FIELDS = repoFields();

  private static Map<String, String> repoFields() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String identity : List.of("id", "name", "region"))
      out.put(identity, "repos[]." + identity);
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      for (RepoField.Wire w : f.wire()) out.put(w.name(), "repos[]." + f.spec());
    }
    return Map.copyOf(out);
  }

  private static final Map<String, String> KEY_FIELDS =
      Map.of(
          "name", "keys[].name",
          "keyData", "keys[].publicKey",
          "comment", "keys[].publicKey (its comment)");

  /**
   * The spec field an argument or a read field carries, or null when none does (ids of keys, the
   * fields only {@code export} shows).
   */
  static @Nullable String specField(String operation, String name) {
    return switch (operation) {
      case "repoAdd", "repoEdit", "repoList" ->
          operation.equals("repoEdit") && name.equals("id") ? null : REPO_FIELDS.get(name);
      case "sshAdd", "sshList" -> KEY_FIELDS.get(name);
      default -> null;
    };
  }
}
