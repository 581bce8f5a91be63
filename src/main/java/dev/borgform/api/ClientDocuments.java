package dev.borgform.api;

import dev.borgform.apply.Mutation;
import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoFormat;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.RepoSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    RepoSettings every =
        new RepoSettings(
            "r",
            Region.EU,
            Quota.ofMegabytes(1000),
            1,
            keys,
            keys,
            keys,
            true,
            true,
            BorgVersion.LATEST,
            RepoFormat.BORG1,
            true,
            6,
            CompactionUnit.WEEKS,
            14,
            "UTC");
    return List.of(
        new Mutation.AddKey("k", "ssh-ed25519 AAAA k"),
        new Mutation.AddRepo(every),
        new Mutation.EditRepo("r", every),
        new Mutation.DeleteKey("1"),
        new Mutation.DeleteRepo("r"));
  }

  /**
   * One mutation of each kind with as little set as the client ever sends: what it sends whatever
   * the spec says.
   */
  static List<Mutation> smallestMutations() {
    RepoSettings named =
        new RepoSettings(
            "r", Region.EU, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);
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

  private static final Map<String, String> REPO_FIELDS =
      Map.ofEntries(
          Map.entry("id", "repos[].id"),
          Map.entry("name", "repos[].name"),
          Map.entry("region", "repos[].region"),
          Map.entry("quota", "repos[].quota"),
          Map.entry("quotaEnabled", "repos[].quota"),
          Map.entry("alertDays", "repos[].alertDays"),
          Map.entry("appendOnly", "repos[].appendOnly"),
          Map.entry("appendOnlyKeys", "repos[].appendOnlyKeys"),
          Map.entry("fullAccessKeys", "repos[].fullAccessKeys"),
          Map.entry("rsyncKeys", "repos[].rsyncKeys"),
          Map.entry("sftpEnabled", "repos[].sftpEnabled"),
          Map.entry("borgVersion", "repos[].borgVersion"),
          Map.entry("format", "repos[].format"),
          Map.entry("compactionEnabled", "repos[].compaction.enabled"),
          Map.entry("compactionInterval", "repos[].compaction.interval"),
          Map.entry("compactionIntervalUnit", "repos[].compaction.unit"),
          Map.entry("compactionHour", "repos[].compaction.hour"),
          Map.entry("compactionHourTimezone", "repos[].compaction.timezone"));

  private static final Map<String, String> KEY_FIELDS =
      Map.of(
          "name", "keys[].name",
          "keyData", "keys[].publicKey",
          "comment", "keys[].publicKey (its comment)");

  /**
   * The spec field an argument or a read field carries, or null when none does (ids of keys, the
   * fields only {@code export} shows).
   */
  static String specField(String operation, String name) {
    return switch (operation) {
      case "repoAdd", "repoEdit", "repoList" ->
          operation.equals("repoEdit") && name.equals("id") ? null : REPO_FIELDS.get(name);
      case "sshAdd", "sshList" -> KEY_FIELDS.get(name);
      default -> null;
    };
  }
}
