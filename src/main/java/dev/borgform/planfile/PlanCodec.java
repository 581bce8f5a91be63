package dev.borgform.planfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.borgform.diag.Printable;
import dev.borgform.model.BorgVersion;
import dev.borgform.model.CompactionUnit;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoFormat;
import dev.borgform.model.SshPublicKey;
import dev.borgform.plan.Address;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.FieldChange;
import dev.borgform.plan.KeyCreate;
import dev.borgform.plan.KeyDelete;
import dev.borgform.plan.KeyRef;
import dev.borgform.plan.KeyReplace;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.plan.RepoUpdate;
import dev.borgform.plan.ResourceKind;
import dev.borgform.planfile.Docs.ChangeDoc;
import dev.borgform.planfile.Docs.CompactionDoc;
import dev.borgform.planfile.Docs.FieldDoc;
import dev.borgform.planfile.Docs.GuardDoc;
import dev.borgform.planfile.Docs.KeyRefDoc;
import dev.borgform.planfile.Docs.LiveKeyDoc;
import dev.borgform.planfile.Docs.LiveRepoDoc;
import dev.borgform.planfile.Docs.NewKeyDoc;
import dev.borgform.planfile.Docs.NoteDoc;
import dev.borgform.planfile.Docs.PlanDoc;
import dev.borgform.planfile.Docs.SettingsDoc;
import dev.borgform.planfile.Docs.SummaryDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON plan document, both ways. The same document is what {@code plan --output json} prints,
 * what {@code plan --out PLAN.json} saves and what {@code apply PLAN.json} runs, so what a team
 * reviewed is byte for byte what gets applied. It carries every change with the full data apply
 * needs (no spec is read at apply time) and the digest of the live state it was made against, which
 * apply compares with the account before running anything.
 *
 * <p>The document holds no secret: the API token never reaches the plan, and public keys are
 * public.
 */
public final class PlanCodec {
  /** Minor versions add fields (readers ignore unknown ones); a new major version breaks. */
  public static final String FORMAT_VERSION = "1.0";

  private static final String MAJOR = "1.";

  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final ObjectWriter pretty =
      json.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator("")));

  // ---- writing -------------------------------------------------------------------------------

  /** The plan as a pretty-printed JSON document ending in a newline. */
  public String write(Plan plan) {
    List<ChangeDoc> changes = new ArrayList<>();
    for (Change c : plan.changes()) changes.add(change(c));
    List<NoteDoc> warnings = new ArrayList<>();
    List<NoteDoc> leftAlone = new ArrayList<>();
    for (PlanNote n : plan.notes()) {
      NoteDoc d =
          new NoteDoc(
              n.kind().name().toLowerCase(Locale.ROOT),
              n.address() == null ? null : n.address().toString(),
              n.message());
      (n.kind() == PlanNote.Kind.WARNING ? warnings : leftAlone).add(d);
    }
    Plan.Summary s = plan.summary();
    DeletionGuard g = plan.deletionGuard();
    PlanDoc doc =
        new PlanDoc(
            FORMAT_VERSION,
            plan.liveDigest(),
            new SummaryDoc(s.add(), s.change(), s.delete(), plan.destroysBackups()),
            new GuardDoc(
                g.deletions(),
                g.liveObjects(),
                g.maxPercent(),
                DeletionGuard.MIN_LIVE_OBJECTS,
                Math.round(g.percent() * 10) / 10.0,
                g.exceeded()),
            changes,
            warnings,
            leftAlone);
    try {
      return pretty.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan could not be written as JSON", e);
    }
  }

  private ChangeDoc change(Change c) {
    List<FieldDoc> fields = new ArrayList<>();
    for (FieldChange f : c.fields()) {
      fields.add(new FieldDoc(f.field(), value(f.before()), value(f.after())));
    }
    JsonNode before = NullNode.instance;
    JsonNode after = NullNode.instance;
    List<LiveKeyDoc> replaces = null;
    SettingsDoc detach = null;
    String name = c.address().name();
    String kind;
    if (c instanceof KeyCreate k) {
      kind = "keyCreate";
      after = json.valueToTree(newKey(k.name(), k.publicKey()));
    } else if (c instanceof KeyReplace k) {
      kind = "keyReplace";
      before = json.valueToTree(liveKey(k.previous().get(0)));
      after = json.valueToTree(newKey(k.name(), k.publicKey()));
      replaces = k.previous().stream().map(PlanCodec::liveKey).toList();
    } else if (c instanceof KeyDelete k) {
      kind = "keyDelete";
      before = json.valueToTree(liveKey(k.key()));
    } else if (c instanceof RepoCreate r) {
      kind = "repoCreate";
      after = json.valueToTree(settings(r.settings()));
    } else if (c instanceof RepoUpdate r) {
      kind = "repoUpdate";
      before = json.valueToTree(liveRepo(r.before()));
      after = json.valueToTree(settings(r.patch()));
    } else if (c instanceof RepoDelete r) {
      kind = "repoDelete";
      before = json.valueToTree(liveRepo(r.repo()));
      detach = r.detach() == null ? null : settings(r.detach());
    } else {
      throw new IllegalStateException("unknown change " + c.getClass());
    }
    return new ChangeDoc(
        c.address().toString(),
        c.address().kind().prefix(),
        name,
        kind,
        c.action().jsonActions(),
        c.phase().ordinal() + 1,
        c.liveId(),
        c.reason(),
        c.destroysBackups(),
        fields,
        before,
        after,
        replaces,
        detach);
  }

  private static NewKeyDoc newKey(String name, SshPublicKey k) {
    return new NewKeyDoc(name, k.toLine(), k.type(), "SHA256:" + k.sha256Fingerprint());
  }

  private static LiveKeyDoc liveKey(LiveKey k) {
    return new LiveKeyDoc(
        k.id(),
        k.name(),
        k.keyData(),
        k.comment(),
        k.keyType(),
        k.bits(),
        k.hashMd5(),
        k.hashSha256(),
        k.addedAt());
  }

  private static LiveRepoDoc liveRepo(LiveRepo r) {
    return new LiveRepoDoc(
        r.id(),
        r.name(),
        r.region(),
        r.format(),
        r.quota(),
        r.quotaEnabled(),
        r.alertDays(),
        r.appendOnly(),
        r.appendOnlyKeys(),
        r.fullAccessKeys(),
        r.rsyncKeys(),
        r.sftpEnabled(),
        r.borgVersion(),
        r.compactionEnabled(),
        r.compactionInterval(),
        r.compactionIntervalUnit(),
        r.compactionHour(),
        r.compactionHourTimezone(),
        r.repoPath(),
        r.currentUsage(),
        r.createdAt());
  }

  private static SettingsDoc settings(RepoSettings s) {
    CompactionDoc c =
        s.compactionEnabled() == null
                && s.compactionInterval() == null
                && s.compactionUnit() == null
                && s.compactionHour() == null
                && s.compactionTimezone() == null
            ? null
            : new CompactionDoc(
                s.compactionEnabled(),
                s.compactionInterval(),
                s.compactionUnit() == null ? null : s.compactionUnit().wire(),
                s.compactionHour(),
                s.compactionTimezone());
    return new SettingsDoc(
        s.name(),
        s.region() == null ? null : s.region().wire(),
        s.format() == null ? null : s.format().wire(),
        s.quota() == null ? null : quota(s.quota()),
        s.alertDays(),
        refs(s.appendOnlyKeys()),
        refs(s.fullAccessKeys()),
        refs(s.rsyncKeys()),
        s.appendOnly(),
        s.sftpEnabled(),
        s.borgVersion() == null ? null : s.borgVersion().wire(),
        c);
  }

  private static Object quota(Quota q) {
    return q.enabled() ? (Object) q.megabytes() : "none";
  }

  private static List<KeyRefDoc> refs(List<KeyRef> refs) {
    return refs == null ? null : refs.stream().map(r -> new KeyRefDoc(r.name(), r.id())).toList();
  }

  /** A review value as JSON: key lists as {name, id} objects, quotas as MB or "none". */
  private JsonNode value(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) return NullNode.instance;
    if (v instanceof Quota q) return q.enabled() ? f.numberNode(q.megabytes()) : f.textNode("none");
    if (v instanceof List<?> l) {
      ArrayNode a = f.arrayNode();
      for (Object o : l) {
        if (o instanceof KeyRef r) {
          a.add(json.valueToTree(new KeyRefDoc(r.name(), r.id())));
        } else {
          a.add(value(o));
        }
      }
      return a;
    }
    if (v instanceof Boolean b) return f.booleanNode(b);
    if (v instanceof Integer i) return f.numberNode(i);
    if (v instanceof Long l) return f.numberNode(l);
    if (v instanceof Double d) return f.numberNode(d);
    return f.textNode(v.toString());
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The plan a document describes; throws {@link PlanFileException} if it is not one. */
  public Plan read(String text) {
    try {
      JsonNode tree = json.readTree(text);
      if (tree == null || !tree.isObject()) throw new PlanFileException("it is not a JSON object");
      JsonNode version = tree.get("formatVersion");
      if (version == null || !version.isTextual()) {
        throw new PlanFileException("it has no formatVersion, so it is not a borgform plan");
      }
      if (!version.asText().startsWith(MAJOR)) {
        throw new PlanFileException(
            "its formatVersion is "
                + version.asText()
                + "; this borgform reads version "
                + MAJOR
                + "x");
      }
      return plan(json.treeToValue(tree, PlanDoc.class));
    } catch (JsonProcessingException e) {
      // Jackson's own words quote the text it could not read, and a wrong file given as PLAN.json
      // may hold anything (a password file): say where, never what.
      throw new PlanFileException("it is not a valid plan document: " + where(e), e);
    } catch (PlanFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PlanFileException("it is damaged: " + e.getMessage(), e);
    }
  }

  private static String where(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
        && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".")
              .append(Printable.excerpt(ref.getFieldName(), 40));
        } else {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return "a value of the wrong kind at " + path;
    }
    var at = e.getLocation();
    String pos =
        at == null || at.getLineNr() < 1
            ? ""
            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return (e instanceof com.fasterxml.jackson.core.JsonParseException ? "not JSON" : "unreadable")
        + pos;
  }

  private Plan plan(PlanDoc doc) throws JsonProcessingException {
    require(doc.liveDigest(), "liveDigest");
    require(doc.changes(), "changes");
    require(doc.deletionGuard(), "deletionGuard");
    List<Change> changes = new ArrayList<>();
    for (ChangeDoc c : doc.changes()) changes.add(change(c));
    List<PlanNote> notes = new ArrayList<>();
    if (doc.warnings() != null) for (NoteDoc n : doc.warnings()) notes.add(note(n));
    if (doc.leftAlone() != null) for (NoteDoc n : doc.leftAlone()) notes.add(note(n));
    GuardDoc g = doc.deletionGuard();
    return new Plan(
        changes,
        notes,
        doc.liveDigest(),
        new DeletionGuard(g.deletions(), g.liveObjects(), g.maxDeletePercent()));
  }

  private Change change(ChangeDoc c) throws JsonProcessingException {
    String kind = require(c.change(), "change");
    String reason = c.reason() == null ? "" : c.reason();
    switch (kind) {
      case "keyCreate" -> {
        NewKeyDoc k = json.treeToValue(require(c.after(), "after"), NewKeyDoc.class);
        return new KeyCreate(require(k.name(), "after.name"), publicKey(k.publicKey()));
      }
      case "keyReplace" -> {
        NewKeyDoc k = json.treeToValue(require(c.after(), "after"), NewKeyDoc.class);
        List<LiveKey> previous =
            require(c.replaces(), "replaces").stream().map(PlanCodec::liveKey).toList();
        return new KeyReplace(
            require(k.name(), "after.name"), previous, publicKey(k.publicKey()), reason);
      }
      case "keyDelete" -> {
        return new KeyDelete(
            liveKey(json.treeToValue(require(c.before(), "before"), LiveKeyDoc.class)), reason);
      }
      case "repoCreate" -> {
        return new RepoCreate(
            settings(json.treeToValue(require(c.after(), "after"), SettingsDoc.class)));
      }
      case "repoUpdate" -> {
        LiveRepo before =
            liveRepo(json.treeToValue(require(c.before(), "before"), LiveRepoDoc.class));
        RepoSettings patch =
            settings(json.treeToValue(require(c.after(), "after"), SettingsDoc.class));
        List<FieldChange> fields = new ArrayList<>();
        for (FieldDoc f : require(c.fields(), "fields")) {
          fields.add(
              new FieldChange(
                  f.field(), unvalue(f.field(), f.before()), unvalue(f.field(), f.after())));
        }
        return new RepoUpdate(require(c.name(), "name"), before, patch, fields, reason);
      }
      case "repoDelete" -> {
        LiveRepo repo =
            liveRepo(json.treeToValue(require(c.before(), "before"), LiveRepoDoc.class));
        return new RepoDelete(repo, c.detach() == null ? null : settings(c.detach()));
      }
      default -> throw new PlanFileException("it has a change of unknown kind \"" + kind + "\"");
    }
  }

  private static SshPublicKey publicKey(String line) {
    try {
      return SshPublicKey.parse(require(line, "publicKey"));
    } catch (InvalidPublicKeyException e) {
      throw new PlanFileException("it holds a key that is not valid: " + e.getMessage());
    }
  }

  private static LiveKey liveKey(LiveKeyDoc k) {
    return new LiveKey(
        require(k.id(), "id"),
        k.name(),
        k.keyData(),
        k.comment(),
        k.keyType(),
        k.bits(),
        k.hashMd5(),
        k.hashSha256(),
        k.addedAt());
  }

  private static LiveRepo liveRepo(LiveRepoDoc r) {
    return new LiveRepo(
        require(r.id(), "id"),
        r.name(),
        r.region(),
        r.quota(),
        r.quotaEnabled(),
        r.alertDays(),
        r.appendOnly(),
        r.appendOnlyKeys(),
        r.fullAccessKeys(),
        r.rsyncKeys(),
        r.sftpEnabled(),
        r.borgVersion(),
        r.format(),
        r.compactionEnabled(),
        r.compactionInterval(),
        r.compactionIntervalUnit(),
        r.compactionHour(),
        r.compactionHourTimezone(),
        r.repoPath(),
        r.currentUsage(),
        r.createdAt());
  }

  private static RepoSettings settings(SettingsDoc s) {
    CompactionDoc c =
        s.compaction() == null ? new CompactionDoc(null, null, null, null, null) : s.compaction();
    return new RepoSettings(
        s.name(),
        wire(s.region(), Region::fromWire, "region"),
        s.quota() == null ? null : unquota(s.quota()),
        s.alertDays(),
        unrefs(s.appendOnlyKeys()),
        unrefs(s.fullAccessKeys()),
        unrefs(s.rsyncKeys()),
        s.appendOnly(),
        s.sftpEnabled(),
        wire(s.borgVersion(), BorgVersion::fromWire, "borgVersion"),
        wire(s.format(), RepoFormat::fromWire, "format"),
        c.enabled(),
        c.interval(),
        wire(c.unit(), CompactionUnit::fromWire, "compaction.unit"),
        c.hour(),
        c.timezone());
  }

  private static <E> E wire(String value, Function<String, Optional<E>> parse, String field) {
    if (value == null) return null;
    return parse
        .apply(value)
        .orElseThrow(() -> new PlanFileException("its " + field + " \"" + value + "\" is unknown"));
  }

  private static Quota unquota(Object q) {
    if ("none".equals(q)) return Quota.none();
    if (q instanceof Number n) return Quota.ofMegabytes(n.longValue());
    throw new PlanFileException("it has a quota that is neither a number of MB nor \"none\"");
  }

  private static List<KeyRef> unrefs(List<KeyRefDoc> refs) {
    return refs == null
        ? null
        : refs.stream().map(r -> new KeyRef(require(r.name(), "key name"), r.id())).toList();
  }

  private static Object unvalue(String field, JsonNode v) {
    if (v == null || v.isNull()) return null;
    if (field.equals("quota"))
      return v.isTextual() ? unquota(v.asText()) : unquota(v.numberValue());
    if (v.isArray()) {
      List<KeyRef> refs = new ArrayList<>();
      for (JsonNode r : v) {
        JsonNode id = r.get("id");
        refs.add(
            new KeyRef(r.path("name").asText(), id == null || id.isNull() ? null : id.asText()));
      }
      return List.copyOf(refs);
    }
    if (v.isBoolean()) return v.booleanValue();
    if (v.isInt()) return v.intValue();
    if (v.isIntegralNumber()) return v.longValue();
    if (v.isNumber()) return v.doubleValue();
    return v.asText();
  }

  private static PlanNote note(NoteDoc n) {
    PlanNote.Kind kind;
    try {
      kind = PlanNote.Kind.valueOf(require(n.kind(), "kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PlanFileException("it has a note of unknown kind \"" + n.kind() + "\"");
    }
    return new PlanNote(
        kind, n.address() == null ? null : address(n.address()), require(n.message(), "message"));
  }

  private static Address address(String text) {
    int dot = text.indexOf('.');
    if (dot > 0) {
      String prefix = text.substring(0, dot);
      for (ResourceKind k : ResourceKind.values()) {
        if (k.prefix().equals(prefix)) return new Address(k, text.substring(dot + 1));
      }
    }
    throw new PlanFileException(
        "it has an address \"" + text + "\" that is neither key.NAME nor repo.NAME");
  }

  private static <T> T require(T value, String field) {
    if (value == null) throw new PlanFileException("it has no \"" + field + "\"");
    return value;
  }
}
