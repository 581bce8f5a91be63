package dev.borgform.planfile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of a plan document (docs/plan-format.md). Kept apart from the plan records so the
 * plan stays free of Jackson, and so the file format changes only on purpose.
 */
final class Docs {
  private Docs() {}

  @JsonPropertyOrder({
    "formatVersion",
    "planHash",
    "target",
    "liveDigest",
    "policy",
    "summary",
    "deletionGuard",
    "changes",
    "warnings",
    "leftAlone"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PlanDoc(
      String formatVersion,
      @Nullable String planHash,
      TargetDoc target,
      String liveDigest,
      PolicyDoc policy,
      SummaryDoc summary,
      @Nullable GuardDoc deletionGuard,
      @Nullable List<ChangeDoc> changes,
      @Nullable List<NoteDoc> warnings,
      @Nullable List<NoteDoc> leftAlone) {}

  /** The account the plan is for: the sandbox, or an endpoint URL (null for the sandbox). */
  @JsonPropertyOrder({"sandbox", "endpoint"})
  record TargetDoc(
      boolean sandbox, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String endpoint) {}

  /** What the spec allowed and declared; apply recomputes the rails from it. */
  @JsonPropertyOrder({
    "pruneKeys",
    "pruneRepos",
    "maxDeletePercent",
    "ignoreKeys",
    "ignoreRepos",
    "declaredKeys",
    "declaredRepos"
  })
  record PolicyDoc(
      boolean pruneKeys,
      boolean pruneRepos,
      int maxDeletePercent,
      List<String> ignoreKeys,
      List<String> ignoreRepos,
      int declaredKeys,
      int declaredRepos) {}

  @JsonPropertyOrder({"add", "change", "delete", "destroysBackups"})
  record SummaryDoc(int add, int change, int delete, boolean destroysBackups) {}

  @JsonPropertyOrder({
    "deletions",
    "keyDeletions",
    "repoDeletions",
    "liveObjects",
    "maxDeletePercent",
    "minLiveObjects",
    "percent",
    "everyKey",
    "everyRepo",
    "emptySpec",
    "exceeded"
  })
  record GuardDoc(
      int deletions,
      int keyDeletions,
      int repoDeletions,
      int liveObjects,
      int maxDeletePercent,
      int minLiveObjects,
      double percent,
      boolean everyKey,
      boolean everyRepo,
      boolean emptySpec,
      boolean exceeded) {}

  @JsonPropertyOrder({
    "address",
    "type",
    "name",
    "change",
    "actions",
    "phase",
    "liveId",
    "reason",
    "reasonCode",
    "reasonArgs",
    "destroysBackups",
    "fields",
    "before",
    "after",
    "replaces",
    "detach"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ChangeDoc(
      String address,
      String type,
      String name,
      String change,
      List<String> actions,
      int phase,
      @Nullable String liveId,
      String reason,
      @Nullable String reasonCode,
      @Nullable JsonNode reasonArgs,
      boolean destroysBackups,
      List<FieldDoc> fields,
      @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode before,
      @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode after,
      @Nullable List<LiveKeyDoc> replaces,
      @Nullable JsonNode detach) {}

  @JsonPropertyOrder({"field", "before", "after"})
  record FieldDoc(String field, JsonNode before, JsonNode after) {}

  @JsonPropertyOrder({"kind", "address", "message"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record NoteDoc(String kind, @Nullable String address, String message) {}

  /** A key as a change leaves it; {@code publicKey} is the full line {@code sshAdd} sends. */
  @JsonPropertyOrder({"name", "publicKey", "type", "fingerprint"})
  record NewKeyDoc(String name, String publicKey, String type, String fingerprint) {}

  /** A live key exactly as read from the account. */
  @JsonPropertyOrder({
    "id",
    "name",
    "keyData",
    "comment",
    "keyType",
    "bits",
    "hashMd5",
    "hashSha256",
    "addedAt"
  })
  record LiveKeyDoc(
      String id,
      String name,
      String keyData,
      String comment,
      String keyType,
      @Nullable Integer bits,
      String hashMd5,
      String hashSha256,
      String addedAt) {}

  // A live repo (the "before" of a repo change) and the settings a repo change sends ("after",
  // "detach") are JSON objects made by PlanCodec from the repo field table (model.RepoField): a
  // live repo by its wire names, id, name, region, the fields fixed at creation, the others in
  // BorgBase's order, then repoPath, currentUsage and createdAt; settings by their spec names,
  // name, region, then the fields in the spec's order, a group such as compaction as an object.

  @JsonPropertyOrder({"name", "id"})
  record KeyRefDoc(String name, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String id) {}
}
