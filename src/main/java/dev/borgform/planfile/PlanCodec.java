package dev.borgform.planfile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.concurrent.Meanwhile;
import dev.borgform.concurrent.Uninterruptibly;
import dev.borgform.diag.Printable;
import dev.borgform.model.InvalidPublicKeyException;
import dev.borgform.model.LiveKey;
import dev.borgform.model.LiveRepo;
import dev.borgform.model.Names;
import dev.borgform.model.Quota;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
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
import dev.borgform.plan.PlanPolicy;
import dev.borgform.plan.Reason;
import dev.borgform.plan.RepoCreate;
import dev.borgform.plan.RepoDelete;
import dev.borgform.plan.RepoSettings;
import dev.borgform.plan.RepoUpdate;
import dev.borgform.plan.ResourceKind;
import dev.borgform.plan.Target;
import dev.borgform.planfile.Docs.ChangeDoc;
import dev.borgform.planfile.Docs.FieldDoc;
import dev.borgform.planfile.Docs.GuardDoc;
import dev.borgform.planfile.Docs.KeyRefDoc;
import dev.borgform.planfile.Docs.LiveKeyDoc;
import dev.borgform.planfile.Docs.NewKeyDoc;
import dev.borgform.planfile.Docs.NoteDoc;
import dev.borgform.planfile.Docs.PlanDoc;
import dev.borgform.planfile.Docs.PolicyDoc;
import dev.borgform.planfile.Docs.SummaryDoc;
import dev.borgform.planfile.Docs.TargetDoc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The JSON plan document, both ways. The same document is what {@code plan --output json} prints,
 * what {@code plan --out PLAN.json} saves and what {@code apply PLAN.json} runs. It carries every
 * change with the full data apply needs (no spec is read at apply time), the digest of the live
 * state it was made against, the account it is for, what the spec allowed, and a hash over all of
 * it ({@code planHash}).
 *
 * <p>Reading trusts nothing a file states that can be derived: each change is decoded from what it
 * sends and its live {@code before}, written again, and must come out exactly as the file has it
 * (so review lines, actions, phase and flags cannot disagree with what is sent); the summary must
 * be what the changes give; the hash must match. The deletion guard in the file is for readers only
 * and is never read back: apply recomputes it.
 *
 * <p>The document holds no secret: the API token never reaches the plan, and public keys are
 * public.
 */
public final class PlanCodec {
  /**
   * 1.1 added planHash, target and policy; a 1.0 plan carries no hash and is refused. Plans are
   * short-lived (made, reviewed, applied), so apply reads only the version it writes.
   */
  public static final String FORMAT_VERSION = "1.1";

  /** Hex digits of the short hash that plans and apply show; 64 bits, as a reviewer compares. */
  public static final int SHORT_HASH_DIGITS = 16;

  private static final String HASH_PREFIX = "sha256:";

  /** The document's fields; a file with any other is not one borgform wrote. */
  private static final Set<String> FIELDS =
      Set.of(
          "formatVersion",
          "planHash",
          "target",
          "liveDigest",
          "policy",
          "summary",
          "deletionGuard",
          "changes",
          "warnings",
          "leftAlone");

  /** A change's fields that restate its {@code reason} as data; see {@link #hashOf}. */
  private static final Set<String> REASON_DATA = Set.of("reasonCode", "reasonArgs");

  private final RepoField.Table fields;
  private final ReasonWords words;

  /** A codec of the repo fields of {@link RepoField#TABLE}, writing reasons in {@code words}. */
  public PlanCodec(ReasonWords words) {
    this(RepoField.TABLE, words);
  }

  /** A codec of the repo fields of {@code fields}, writing reasons in {@code words}. */
  public PlanCodec(RepoField.Table fields, ReasonWords words) {
    this.fields = fields;
    this.words = words;
  }

  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Sorted keys, no whitespace: the one byte form the hash is taken over. */
  private final ObjectMapper canonicalMapper =
      new ObjectMapper()
          .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true)
          .configure(SerializationFeature.FLUSH_AFTER_WRITE_VALUE, false);

  private final ObjectWriter canonical = canonicalMapper.writer();

  /**
   * {@link #canonical} for the document's records themselves, not their trees: every record's
   * properties sorted by name whatever order it declares for the file, which is the order its tree
   * has when {@code canonical} writes it. Writing a change this way skips making its tree, which
   * was half the time of hashing a large plan. {@code PlanHashTest} holds the bytes to the tree's.
   */
  private final ObjectWriter canonicalRecords =
      canonicalMapper.copy().setAnnotationIntrospector(new NameOrder()).writer();

  /**
   * Jackson's annotations, except that properties are in name order, never a declared one, and a
   * change's {@link #REASON_DATA} is left out, as {@link #hashOf} leaves it out of a file.
   */
  private static final class NameOrder extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean hasIgnoreMarker(AnnotatedMember m) {
      return (m.getDeclaringClass() == ChangeDoc.class && REASON_DATA.contains(m.getName()))
          || super.hasIgnoreMarker(m);
    }

    @Override
    public String @Nullable [] findSerializationPropertyOrder(AnnotatedClass ac) {
      return null;
    }

    @Override
    public Boolean findSerializationSortAlphabetically(Annotated ann) {
      return Boolean.TRUE;
    }
  }

  private final ObjectWriter pretty = JsonLayout.pretty(json);

  // ---- writing -------------------------------------------------------------------------------

  /** The plan as a pretty-printed JSON document ending in a newline. */
  public String write(Plan plan) {
    PlanDoc unsealed = doc(plan, null, guard(plan.deletionGuard()));
    List<ChangeDoc> changes = unsealed.changes() == null ? List.of() : unsealed.changes();
    PlanDoc doc = withHash(unsealed, hashOfDoc(unsealed, new ChangeChunks<>(changes, c -> c)));
    try {
      return pretty.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan could not be written as JSON", e);
    }
  }

  /**
   * The plan's hash, {@code sha256:} and 64 hex digits: what {@code write} records as {@code
   * planHash}. It covers everything the document holds except the deletion guard (which apply
   * recomputes), so two plans with one hash send the same changes to the same account.
   */
  public String hash(Plan plan) {
    return hashOfDoc(doc(plan, null, null, null), chunksOf(plan));
  }

  /** Plans of fewer changes are hashed at once by {@link #hashMeanwhile}: it takes milliseconds. */
  static final int HASH_MEANWHILE_FROM = 1000;

  /** Changes written to the hash's bytes at a time by one thread ({@link ChangeChunks}). */
  static final int CHANGES_PER_CHUNK = 64;

  /** See {@link #CHANGES_PER_CHUNK}; tests set it to make many chunks of a small plan. */
  private int changesPerChunk = CHANGES_PER_CHUNK;

  /** This codec, writing the hash's changes {@code n} at a time. */
  PlanCodec changesPerChunk(int n) {
    changesPerChunk = n;
    return this;
  }

  /**
   * {@link #hash} of {@code plan}, computed on a thread of its own ({@link Meanwhile}) while the
   * caller prints the plan the hash ends. A plan of 20,000 changes is SHA-256 over some 12 MB of
   * JSON, which takes longer than writing its text; side by side the two take the longer of them,
   * and the caller, once it asks for the hash, writes the changes' JSON from the last back while
   * the hash's thread writes and digests from the first ({@link ChangeChunks}).
   */
  public Supplier<String> hashMeanwhile(Plan plan) {
    if (plan.changes().size() < HASH_MEANWHILE_FROM) {
      String hash = hash(plan);
      return () -> hash;
    }
    ChangeChunks<Change> chunks = chunksOf(plan);
    Supplier<String> hash =
        Meanwhile.start(
            true, "borgform-plan-hash", () -> hashOfDoc(doc(plan, null, null, null), chunks));
    return () -> {
      chunks.writeFromTheEnd();
      return hash.get();
    };
  }

  /** {@link #hash}, with every change's JSON written before digesting starts (for tests). */
  String hashWrittenFromTheEnd(Plan plan) {
    ChangeChunks<Change> chunks = chunksOf(plan);
    chunks.writeFromTheEnd();
    return hashOfDoc(doc(plan, null, null, null), chunks);
  }

  private ChangeChunks<Change> chunksOf(Plan plan) {
    return new ChangeChunks<>(plan.changes(), this::change);
  }

  /**
   * A plan's changes as the canonical JSON the hash covers, in chunks of {@link #CHANGES_PER_CHUNK}
   * that either of two threads may write: the hash's thread takes them first to last, writing each
   * no one has claimed and digesting it, while a thread waiting for the hash writes them from the
   * last back ({@link #writeFromTheEnd}) until the two meet. A chunk holds the array's elements
   * with the commas between them, so the chunks one after another are the bytes one generator
   * writes for the whole array ({@code PlanHashTest}).
   */
  private final class ChangeChunks<T> {
    private final List<T> changes;
    private final Function<T, ChangeDoc> docOf;
    private final int size;
    private final int count;
    private final AtomicIntegerArray claimed;
    private final AtomicReferenceArray<byte[]> written;
    private volatile @Nullable RuntimeException failed;

    ChangeChunks(List<T> changes, Function<T, ChangeDoc> docOf) {
      this.changes = changes;
      this.docOf = docOf;
      this.size = changesPerChunk;
      this.count = (changes.size() + size - 1) / size;
      this.claimed = new AtomicIntegerArray(count);
      this.written = new AtomicReferenceArray<>(count);
    }

    int count() {
      return count;
    }

    /** Chunk {@code i}'s bytes: written here unless another thread has claimed it. */
    byte[] take(int i) {
      if (claimed.compareAndSet(i, 0, 1)) return write(i);
      return Uninterruptibly.await(
          () -> {
            synchronized (this) {
              while (true) {
                byte[] b = written.getAndSet(i, null);
                if (b != null) return b;
                RuntimeException f = failed;
                if (f != null) throw f;
                wait();
              }
            }
          });
    }

    /** Writes the chunks no one has claimed, from the last back, until one is claimed. */
    void writeFromTheEnd() {
      for (int i = count - 1; i >= 0 && claimed.compareAndSet(i, 0, 1); i--) {
        byte[] b;
        try {
          b = write(i);
        } catch (RuntimeException e) {
          synchronized (this) {
            failed = e;
            notifyAll();
          }
          throw e;
        }
        synchronized (this) {
          written.set(i, b);
          notifyAll();
        }
      }
    }

    private byte[] write(int i) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int end = Math.min(changes.size(), (i + 1) * size);
      try {
        for (int k = i * size; k < end; k++) {
          if (k > 0) out.write(',');
          out.write(canonicalRecords.writeValueAsBytes(docOf.apply(changes.get(k))));
        }
      } catch (IOException e) {
        throw new IllegalStateException("a plan could not be written as JSON", e);
      }
      return out.toByteArray();
    }
  }

  /**
   * {@link #hashOf} of {@code doc} as a tree, computed without making that tree: the top level is
   * written in sorted order by hand and each change is made a tree of its own, written into the
   * digest and dropped. A plan of 20,000 changes is some 20 MB of JSON; held whole as a tree it
   * filled most of a 256 MB heap and took seconds. The bytes digested are the same ({@code
   * PlanHashTest} compares the two for every kind of document).
   */
  private String hashOfDoc(PlanDoc doc, ChangeChunks<?> changes) {
    // The top level without its changes (NON_NULL leaves a null list out), planHash or guard.
    ObjectNode top =
        json.valueToTree(
            new PlanDoc(
                doc.formatVersion(),
                null,
                doc.target(),
                doc.liveDigest(),
                doc.policy(),
                doc.summary(),
                null,
                null,
                doc.warnings(),
                doc.leftAlone()));
    NavigableSet<String> names = new TreeSet<>();
    top.fieldNames().forEachRemaining(names::add);
    names.add("changes");
    MessageDigest sha = sha256();
    OutputStream digested = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
    try (JsonGenerator g = canonicalMapper.createGenerator(digested)) {
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        if (name.equals("changes")) {
          // The elements go in as the chunks' bytes, between the generator's brackets.
          g.writeStartArray();
          g.flush();
          for (int i = 0; i < changes.count(); i++) digested.write(changes.take(i));
          g.writeEndArray();
        } else {
          canonical.writeValue(g, top.get(name));
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("a plan could not be written as JSON", e);
    }
    return HASH_PREFIX + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The short form plans and apply show: the first {@value #SHORT_HASH_DIGITS} hex digits. */
  public static String shortHash(String hash) {
    String hex = hash.startsWith(HASH_PREFIX) ? hash.substring(HASH_PREFIX.length()) : hash;
    return hex.substring(0, Math.min(SHORT_HASH_DIGITS, hex.length()));
  }

  /**
   * The hash of a document as parsed: SHA-256 over its canonical JSON (keys sorted, no whitespace),
   * leaving out {@code planHash}, {@code deletionGuard}, and each change's {@code reasonCode} and
   * {@code reasonArgs}. Formatting and key order of a file do not change it; any other value does.
   *
   * <p>The reason's code and arguments are left out because they restate its {@code reason} text,
   * which the hash covers, and reading refuses a file whose code does not give exactly its text: so
   * the hash still pins them, and a plan has the same hash as when plan files carried the text
   * alone (a hash reviewed on a file written before codes existed still matches, and so do the
   * hashes every plan showed before).
   */
  public String hashOf(JsonNode document) {
    // Shallow copies of the document and of each change with a code leave those fields out; the
    // values below them are shared, not copied (plans of thousands of changes are hashed twice).
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : document.properties()) {
      if (e.getKey().equals("changes") && e.getValue().isArray()) {
        ArrayNode changes = copy.putArray("changes");
        for (JsonNode c : e.getValue()) changes.add(withoutReasonData(c));
      } else if (!e.getKey().equals("planHash") && !e.getKey().equals("deletionGuard")) {
        copy.set(e.getKey(), e.getValue());
      }
    }
    try {
      byte[] bytes = canonical.writeValueAsBytes(copy);
      byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HASH_PREFIX + HexFormat.of().formatHex(h);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a plan could not be written as JSON", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** A change as hashed, and as a file written before reason codes has it. */
  private static JsonNode withoutReasonData(JsonNode change) {
    if (!change.isObject() || REASON_DATA.stream().noneMatch(change::has)) return change;
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : change.properties()) {
      if (!REASON_DATA.contains(e.getKey())) c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  private PlanDoc doc(Plan plan, @Nullable String hash, @Nullable GuardDoc guard) {
    List<ChangeDoc> changes = new ArrayList<>();
    for (Change c : plan.changes()) changes.add(change(c));
    return doc(plan, hash, guard, changes);
  }

  /** The document with {@code changes} as its changes (null: left out). */
  private PlanDoc doc(
      Plan plan,
      @Nullable String hash,
      @Nullable GuardDoc guard,
      @Nullable List<ChangeDoc> changes) {
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
    PlanPolicy p = plan.policy();
    return new PlanDoc(
        FORMAT_VERSION,
        hash,
        new TargetDoc(plan.target().sandbox(), plan.target().endpoint()),
        plan.liveDigest(),
        new PolicyDoc(
            p.pruneKeys(),
            p.pruneRepos(),
            p.maxDeletePercent(),
            p.ignoreKeys(),
            p.ignoreRepos(),
            p.declaredKeys(),
            p.declaredRepos()),
        new SummaryDoc(s.add(), s.change(), s.delete(), plan.destroysBackups()),
        guard,
        changes,
        warnings,
        leftAlone);
  }

  private static PlanDoc withHash(PlanDoc d, String hash) {
    return new PlanDoc(
        d.formatVersion(),
        hash,
        d.target(),
        d.liveDigest(),
        d.policy(),
        d.summary(),
        d.deletionGuard(),
        d.changes(),
        d.warnings(),
        d.leftAlone());
  }

  private static GuardDoc guard(DeletionGuard g) {
    return new GuardDoc(
        g.deletions(),
        g.keyDeletions(),
        g.repoDeletions(),
        g.liveObjects(),
        g.maxPercent(),
        DeletionGuard.MIN_LIVE_OBJECTS,
        Math.round(g.percent() * 10) / 10.0,
        g.everyKey(),
        g.everyRepo(),
        g.emptySpec(),
        g.exceeded());
  }

  private ChangeDoc change(Change c) {
    Coded coded = coded(c.reason());
    List<FieldDoc> fields = new ArrayList<>();
    for (FieldChange f : c.fields()) {
      fields.add(new FieldDoc(f.field(), value(f.before()), value(f.after())));
    }
    Parts parts =
        c.accept(
            new Change.Visitor<Parts>() {
              @Override
              public Parts keyCreate(KeyCreate k) {
                return new Parts(
                    "keyCreate",
                    NullNode.instance,
                    newKeyTree(newKey(k.name(), k.publicKey())),
                    null,
                    null);
              }

              @Override
              public Parts keyReplace(KeyReplace k) {
                return new Parts(
                    "keyReplace",
                    json.valueToTree(liveKey(k.previous().get(0))),
                    newKeyTree(newKey(k.name(), k.publicKey())),
                    k.previous().stream().map(PlanCodec::liveKey).toList(),
                    null);
              }

              @Override
              public Parts keyDelete(KeyDelete k) {
                return new Parts(
                    "keyDelete", json.valueToTree(liveKey(k.key())), NullNode.instance, null, null);
              }

              @Override
              public Parts repoCreate(RepoCreate r) {
                return new Parts(
                    "repoCreate", NullNode.instance, settings(r.settings()), null, null);
              }

              @Override
              public Parts repoUpdate(RepoUpdate r) {
                return new Parts(
                    "repoUpdate", liveRepo(r.before()), settings(r.patch()), null, null);
              }

              @Override
              public Parts repoDelete(RepoDelete r) {
                RepoSettings detach = r.detach();
                return new Parts(
                    "repoDelete",
                    liveRepo(r.repo()),
                    NullNode.instance,
                    null,
                    detach == null ? null : settings(detach));
              }
            });
    return new ChangeDoc(
        c.address().toString(),
        c.address().kind().prefix(),
        c.address().name(),
        parts.kind(),
        c.action().jsonActions(),
        c.phase().number(),
        c.liveId(),
        words.text(c.reason()),
        coded.code(),
        coded.args(),
        c.destroysBackups(),
        fields,
        parts.before(),
        parts.after(),
        parts.replaces(),
        parts.detach());
  }

  /**
   * A reason as the plan document writes it: a stable code and its arguments; no code for none and
   * for a text read from an older file that names no kind (the text alone says it).
   */
  private record Coded(@Nullable String code, @Nullable ObjectNode args) {
    static Coded of(String code) {
      return new Coded(code, null);
    }
  }

  /**
   * The codes are the plan file's (docs/plan-format.md) and never change meaning; a new kind of
   * reason adds a code here and in {@link #reason(String, JsonNode)}.
   */
  private static Coded coded(Reason reason) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return reason.accept(
        new Reason.Visitor<Coded>() {
          @Override
          public Coded none(Reason.None r) {
            return new Coded(null, null);
          }

          @Override
          public Coded keyMaterialChanged(Reason.KeyMaterialChanged r) {
            return Coded.of("keyMaterialChanged");
          }

          @Override
          public Coded keyRenamed(Reason.KeyRenamed r) {
            ObjectNode args = f.objectNode();
            ArrayNode from = args.putArray("from");
            r.from().forEach(from::add);
            args.put("materialChanged", r.materialChanged());
            return new Coded("keyRenamed", args);
          }

          @Override
          public Coded duplicateKey(Reason.DuplicateKey r) {
            ObjectNode args = f.objectNode();
            args.put("name", r.name());
            args.put("id", r.id());
            args.put("keptId", r.keptId());
            return new Coded("duplicateKey", args);
          }

          @Override
          public Coded keyNotInSpec(Reason.KeyNotInSpec r) {
            return Coded.of("keyNotInSpec");
          }

          @Override
          public Coded keyListsMove(Reason.KeyListsMove r) {
            return Coded.of("keyListsMove");
          }

          @Override
          public Coded unmanagedRepoUsesKeys(Reason.UnmanagedRepoUsesKeys r) {
            return Coded.of("unmanagedRepoUsesKeys");
          }

          @Override
          public Coded repoPruned(Reason.RepoPruned r) {
            ObjectNode args = f.objectNode();
            args.put("detaches", r.detaches());
            return new Coded("repoPruned", args);
          }

          @Override
          public Coded legacyText(Reason.LegacyText r) {
            return new Coded(null, null);
          }
        });
  }

  /** The parts of a change's document that depend on its kind. */
  private record Parts(
      String kind,
      JsonNode before,
      JsonNode after,
      @Nullable List<LiveKeyDoc> replaces,
      @Nullable JsonNode detach) {}

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

  /** A live repo exactly as read from the account, by wire names; key lists hold key ids. */
  private ObjectNode liveRepo(LiveRepo r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", r.id());
    o.put("name", r.name());
    o.put("region", r.region());
    for (RepoField<?, ?> f : RepoField.inOrder(r.values().keySet(), fields.liveShown())) {
      for (Map.Entry<String, Object> w : wire(r, f).entrySet()) {
        o.set(w.getKey(), json.valueToTree(w.getValue()));
      }
    }
    o.put("repoPath", r.repoPath());
    o.put("currentUsage", r.currentUsage());
    o.put("createdAt", r.createdAt());
    return o;
  }

  private static <L> Map<String, Object> wire(LiveRepo r, RepoField<?, L> f) {
    return f.toWire(r.get(f));
  }

  /**
   * The repo fields a change sends, named as in the spec; absent fields are not sent. Quota is a
   * number of MB or "none"; a key reference's id is null for a key this plan creates.
   */
  private ObjectNode settings(RepoSettings s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (s.name() != null) o.put("name", s.name());
    if (s.region() != null) o.put("region", s.region().wire());
    for (RepoField<?, ?> f : RepoField.inOrder(s.values().keySet(), fields.shown())) {
      ObjectNode in = o;
      if (f.group().isPresent()) {
        String g = f.group().get();
        if (!(o.get(g) instanceof ObjectNode group)) {
          in = o.putObject(g);
        } else {
          in = group;
        }
      }
      JsonNode v = f.isKeyList() ? refsTree(s.keys(f).orElseThrow()) : tree(plain(s, f));
      in.set(f.name(), v);
    }
    return o;
  }

  /*
   * The trees below are what json.valueToTree makes of the same values, made directly: going
   * through Jackson's serializers for each small value (a TokenBuffer and a provider per call) was
   * most of the time spent writing a plan's changes, 20,000 of them at 10,000 + 10,000.
   * PlanTreesTest holds each to valueToTree.
   */

  /** A plain repo field value (text, flag, number) as valueToTree makes it; Jackson for others. */
  JsonNode tree(@Nullable Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v instanceof String t) return f.textNode(t);
    if (v instanceof Boolean b) return f.booleanNode(b);
    if (v instanceof Integer i) return f.numberNode(i);
    if (v instanceof Long l) return f.numberNode(l);
    return json.valueToTree(v);
  }

  /** Key references as valueToTree makes a list of {@link KeyRefDoc}s (null as a null node). */
  static JsonNode refsTree(@Nullable List<KeyRef> refs) {
    if (refs == null) return NullNode.instance;
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (KeyRef r : refs) a.add(keyRefTree(new KeyRefDoc(r.name(), r.id())));
    return a;
  }

  /** A {@link KeyRefDoc} as valueToTree makes it: the id is there even when null. */
  static ObjectNode keyRefTree(KeyRefDoc r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", r.name());
    o.put("id", r.id());
    return o;
  }

  /** A {@link NewKeyDoc} as valueToTree makes it, in its property order. */
  static ObjectNode newKeyTree(NewKeyDoc k) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", k.name());
    o.put("publicKey", k.publicKey());
    o.put("type", k.type());
    o.put("fingerprint", k.fingerprint());
    return o;
  }

  private static <V> Object plain(RepoSettings s, RepoField<V, ?> f) {
    return f.plain(s.get(f).orElseThrow());
  }

  /** A review value as JSON: key lists as {name, id} objects, quotas as MB or "none". */
  private JsonNode value(@Nullable Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) return NullNode.instance;
    if (v instanceof Quota q) return q.enabled() ? f.numberNode(q.megabytes()) : f.textNode("none");
    if (v instanceof List<?> l) {
      ArrayNode a = f.arrayNode();
      for (Object o : l) {
        if (o instanceof KeyRef r) {
          a.add(keyRefTree(new KeyRefDoc(r.name(), r.id())));
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

  /**
   * The deletion guard a plan file recorded when it was made, for showing the plan as it was shown
   * then ({@code borgform show}); never for deciding anything: apply recomputes the guard against
   * the account. {@link DeletionGuard#none()} when the file records none. Call after {@link #read}
   * accepted the same text.
   */
  public DeletionGuard recordedGuard(String text) {
    try {
      JsonNode tree = json.readTree(text);
      JsonNode g = tree == null ? null : tree.get("deletionGuard");
      if (g == null || g.isNull()) return DeletionGuard.none();
      GuardDoc d = json.treeToValue(g, GuardDoc.class);
      return new DeletionGuard(
          d.keyDeletions(),
          d.repoDeletions(),
          d.liveObjects(),
          d.maxDeletePercent(),
          d.everyKey(),
          d.everyRepo(),
          d.emptySpec());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new PlanFileException(
          "its \"deletionGuard\" is not what borgform writes ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * The plan a document describes, checked as the class comment says; throws {@link
   * PlanFileException} if it is not a plan or fails a check. The plan's deletion guard is {@link
   * DeletionGuard#none()}: the file's numbers are never read, and whoever applies the plan
   * recomputes them against the account.
   */
  public Plan read(String text) {
    JsonNode tree;
    try {
      tree = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PlanFileException(
          PlanFileException.Kind.NOT_A_PLAN,
          // Jackson's own words quote the text it could not read, and a wrong file given as
          // PLAN.json may hold anything (a password file): say where, never what.
          "it is not a valid JSON document: " + where(e),
          e);
    }
    if (tree == null || !tree.isObject()) {
      throw new PlanFileException(PlanFileException.Kind.NOT_A_PLAN, "it is not a JSON object");
    }
    JsonNode version = tree.get("formatVersion");
    if (version == null || !version.isTextual()) {
      throw new PlanFileException(
          PlanFileException.Kind.NOT_A_PLAN,
          "it has no formatVersion, so it is not a borgform plan");
    }
    if (version.asText().equals("1.0")) {
      throw new PlanFileException(
          "its formatVersion is 1.0: it was made by an older borgform and carries no plan hash,"
              + " so it cannot be checked");
    }
    if (!version.asText().equals(FORMAT_VERSION)) {
      throw new PlanFileException(
          "its formatVersion is "
              + Names.printable(version.asText())
              + "; this borgform reads version "
              + FORMAT_VERSION);
    }
    try {
      return plan((ObjectNode) tree);
    } catch (JsonMappingException e) {
      // Jackson's own words name its classes; the path says where the file is wrong.
      throw new PlanFileException(
          PlanFileException.Kind.REFUSED,
          "its \"" + Names.printable(path(e)) + "\" does not have the type borgform writes there",
          e);
    } catch (JsonProcessingException e) {
      throw new PlanFileException(
          PlanFileException.Kind.REFUSED, "it is not a valid plan document: " + where(e), e);
    } catch (PlanFileException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PlanFileException(
          PlanFileException.Kind.REFUSED, "it is damaged: " + Names.printable(e.getMessage()), e);
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

  private Plan plan(ObjectNode tree) throws JsonProcessingException {
    for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new PlanFileException(
            "it has a field \"" + Names.printable(f) + "\" that borgform does not write");
      }
    }
    JsonNode changeNodes = require(tree.get("changes"), "changes");
    if (!changeNodes.isArray()) throw new PlanFileException("its \"changes\" is not a list");
    PlanDoc doc = json.treeToValue(tree, PlanDoc.class);
    if (!require(doc.liveDigest(), "liveDigest").matches("sha256:[0-9a-f]{64}")) {
      throw new PlanFileException("its liveDigest is not a digest borgform writes");
    }
    require(doc.target(), "target");
    require(doc.policy(), "policy");

    // Each change must be exactly what borgform writes for what it sends and its live before.
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < changeNodes.size(); i++) {
      JsonNode node = changeNodes.get(i);
      Change c = change(json.treeToValue(node, ChangeDoc.class));
      JsonNode written = json.valueToTree(change(c));
      // A file written before reason codes states the text alone; it reads as such, and its
      // text is kept exactly (ReasonWords.fromText), so it shows and hashes as it did.
      if (node.isObject() && REASON_DATA.stream().noneMatch(node::has)) {
        written = withoutReasonData(written);
      }
      if (!same(written, node)) throw new PlanFileException(mismatch(i, node, written));
      changes.add(c);
    }
    List<PlanNote> notes = new ArrayList<>();
    if (doc.warnings() != null) for (NoteDoc n : doc.warnings()) notes.add(note(n));
    if (doc.leftAlone() != null) for (NoteDoc n : doc.leftAlone()) notes.add(note(n));
    PolicyDoc p = doc.policy();
    Plan plan =
        new Plan(
            changes,
            notes,
            doc.liveDigest(),
            DeletionGuard.none(),
            new PlanPolicy(
                p.pruneKeys(),
                p.pruneRepos(),
                p.maxDeletePercent(),
                require(p.ignoreKeys(), "policy.ignoreKeys"),
                require(p.ignoreRepos(), "policy.ignoreRepos"),
                p.declaredKeys(),
                p.declaredRepos()),
            new Target(doc.target().sandbox(), doc.target().endpoint()));
    if (!plan.changes().equals(changes)) {
      throw new PlanFileException(
          "its changes are not in apply order (phase, then address), as borgform writes them");
    }

    // Everything else must be as borgform writes it for this plan: the summary its changes give,
    // notes in order, nothing left out. (The changes were compared one by one above.)
    ObjectNode written = json.valueToTree(doc(plan, null, null, null));
    ObjectNode stated = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      if (!Set.of("planHash", "deletionGuard", "changes").contains(e.getKey())) {
        stated.set(e.getKey(), e.getValue());
      }
    }
    if (!same(written, stated)) {
      for (String f : FIELDS) {
        if (!same(written.get(f), stated.get(f))) {
          throw new PlanFileException(
              "its \""
                  + f
                  + "\" is not what borgform writes for its changes"
                  + (f.equals("summary")
                      ? " ("
                          + compact(stated.get(f))
                          + "; its changes give "
                          + compact(written.get(f))
                          + ")"
                      : ""));
        }
      }
    }

    JsonNode statedHash = tree.get("planHash");
    if (statedHash == null || !statedHash.isTextual()) {
      throw new PlanFileException("it has no planHash, so it cannot be checked");
    }
    String actual = hashOf(tree);
    if (!actual.equals(statedHash.asText())) {
      throw new PlanFileException(
          "its planHash does not match its content (the file says "
              + shortHash(Names.printable(statedHash.asText()))
              + ", its content hashes to "
              + shortHash(actual)
              + "): it was changed after borgform wrote it");
    }
    return plan;
  }

  /** Where in the document a mapping failed, e.g. {@code changes[0].phase}. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) b.append('.');
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "(document)" : b.toString();
  }

  /**
   * Equal as JSON: the same structure and values, where a whole number is the same whole number
   * whatever Java type holds it (a file's 400000 reads as an int, a written long is a long). A
   * whole number never equals a decimal one: borgform writes each field one way.
   */
  private static final Comparator<JsonNode> SAME_VALUE =
      (a, b) -> {
        if (a.equals(b)) return 0;
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
          return a.bigIntegerValue().equals(b.bigIntegerValue()) ? 0 : 1;
        }
        if (a.isFloatingPointNumber() && b.isFloatingPointNumber()) {
          return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return 1;
      };

  private static boolean same(JsonNode a, JsonNode b) {
    return a == null ? b == null : b != null && a.equals(SAME_VALUE, b);
  }

  /** What differs between a change as the file states it and as borgform writes it. */
  private String mismatch(int index, JsonNode stated, JsonNode written) {
    String where =
        "change " + (index + 1) + " (" + Names.printable(written.path("address").asText("?")) + ")";
    List<String> differ = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    stated.fieldNames().forEachRemaining(names::add);
    written.fieldNames().forEachRemaining(names::add);
    for (String f : names) {
      if (!same(stated.get(f), written.get(f))) differ.add(f);
    }
    if (differ.contains("fields")) {
      return where
          + " shows field changes that are not what it sends: the file shows "
          + fieldList(stated.get("fields"))
          + ", but what it sends, against its live before, is "
          + fieldList(written.get("fields"));
    }
    String f = differ.isEmpty() ? "?" : differ.get(0);
    StringBuilder at = new StringBuilder(f);
    JsonNode[] pair = firstDifference(stated.get(f), written.get(f), at);
    return where
        + " states \""
        + Names.printable(at.toString())
        + "\" as "
        + compact(pair[0])
        + ", but for what it sends borgform writes "
        + compact(pair[1]);
  }

  /**
   * The first place two values differ, descending into objects and lists of one shape; {@code at}
   * grows by the path taken.
   */
  private static JsonNode[] firstDifference(JsonNode a, JsonNode b, StringBuilder at) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Set<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (!same(a.get(n), b.get(n))) {
          at.append('.').append(n);
          return firstDifference(a.get(n), b.get(n), at);
        }
      }
    }
    if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          at.append('[').append(i).append(']');
          return firstDifference(a.get(i), b.get(i), at);
        }
      }
    }
    return new JsonNode[] {a, b};
  }

  private static String fieldList(JsonNode fields) {
    if (fields == null || !fields.isArray()) return compact(fields);
    List<String> parts = new ArrayList<>();
    for (JsonNode f : fields) {
      parts.add(
          f.path("field").asText("?")
              + ": "
              + compact(f.get("before"))
              + " -> "
              + compact(f.get("after")));
    }
    return Names.printable("[" + String.join(", ", parts) + "]");
  }

  /** A JSON value in one short, printable line. */
  private static String compact(JsonNode v) {
    return v == null ? "(nothing)" : Names.printable(v.toString());
  }

  private Change change(ChangeDoc c) throws JsonProcessingException {
    String kind = require(c.change(), "change");
    String code = c.reasonCode();
    Reason reason =
        code == null
            ? words.fromText(c.reason() == null ? "" : c.reason())
            : reason(code, c.reasonArgs());
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
        return new RepoCreate(settings(require(c.after(), "after"), "after"));
      }
      case "repoUpdate" -> {
        LiveRepo before = liveRepo(require(c.before(), "before"));
        RepoSettings patch = settings(require(c.after(), "after"), "after");
        return new RepoUpdate(
            require(c.name(), "name"), before, patch, keyNames(c.fields()), reason);
      }
      case "repoDelete" -> {
        LiveRepo repo = liveRepo(require(c.before(), "before"));
        return new RepoDelete(
            repo, c.detach() == null ? null : settings(c.detach(), "detach"), keyNames(c.fields()));
      }
      default -> throw new PlanFileException("it has a change of unknown kind \"" + kind + "\"");
    }
  }

  /**
   * The reason a file's code and arguments give. Its text is not read here: the change is written
   * again and must come out as the file has it, so a text that is not the code's words is refused
   * like any other value that is not what borgform writes. The code is what the plan means, the
   * text only its words; a file where they disagree was edited, and a reviewer may have read
   * either, so neither is believed.
   */
  private static Reason reason(String code, @Nullable JsonNode args) {
    return switch (code) {
      case "keyMaterialChanged" -> new Reason.KeyMaterialChanged();
      case "keyRenamed" -> {
        JsonNode from = require(arg(args, "from"), "reasonArgs.from");
        if (!from.isArray()) throw wrongType("reasonArgs.from");
        List<String> names = new ArrayList<>();
        for (JsonNode n : from) {
          if (!n.isTextual()) throw wrongType("reasonArgs.from");
          names.add(n.textValue());
        }
        if (names.isEmpty()) throw wrongType("reasonArgs.from");
        yield new Reason.KeyRenamed(names, flag(args, "materialChanged"));
      }
      case "duplicateKey" ->
          new Reason.DuplicateKey(
              argText(args, "name"), argText(args, "id"), argText(args, "keptId"));
      case "keyNotInSpec" -> new Reason.KeyNotInSpec();
      case "keyListsMove" -> new Reason.KeyListsMove();
      case "unmanagedRepoUsesKeys" -> new Reason.UnmanagedRepoUsesKeys();
      case "repoPruned" -> new Reason.RepoPruned(flag(args, "detaches"));
      default ->
          throw new PlanFileException(
              "it has a reason of unknown code \"" + Names.printable(code) + "\"");
    };
  }

  private static @Nullable JsonNode arg(@Nullable JsonNode args, String name) {
    return args == null || !args.isObject() ? null : args.get(name);
  }

  private static String argText(@Nullable JsonNode args, String name) {
    JsonNode v = require(arg(args, name), "reasonArgs." + name);
    if (!v.isTextual()) throw wrongType("reasonArgs." + name);
    return v.textValue();
  }

  private static boolean flag(@Nullable JsonNode args, String name) {
    JsonNode v = require(arg(args, name), "reasonArgs." + name);
    if (!v.isBoolean()) throw wrongType("reasonArgs." + name);
    return v.booleanValue();
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

  private LiveRepo liveRepo(JsonNode r) {
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    for (RepoField<?, ?> f : fields.all()) {
      values.put(f, f.fromWire(name -> wireValue(r, name, f)));
    }
    String name = text(r, "name", "before");
    return new LiveRepo(
        require(text(r, "id", "before"), "id"),
        name == null ? "" : name,
        text(r, "region", "before"),
        values,
        text(r, "repoPath", "before"),
        r.path("currentUsage").asDouble(0.0),
        text(r, "createdAt", "before"),
        null);
  }

  /** A wire field of a live repo as its {@link RepoField.WireType} says; null when absent. */
  private static Optional<Object> wireValue(JsonNode r, String name, RepoField<?, ?> f) {
    JsonNode v = r.get(name);
    if (v == null || v.isNull()) return Optional.empty();
    RepoField.WireType type =
        f.wire().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow().type();
    boolean ok =
        switch (type) {
          case BOOLEAN -> v.isBoolean();
          case INT -> v.isInt();
          case LONG -> v.isIntegralNumber();
          case STRING -> v.isTextual();
          case STRING_LIST -> v.isArray();
        };
    if (!ok) throw wrongType("before." + name);
    return Optional.of(wireTyped(v, type, name));
  }

  private static Object wireTyped(JsonNode v, RepoField.WireType type, String name) {
    return switch (type) {
      case BOOLEAN -> v.booleanValue();
      case INT -> v.intValue();
      case LONG -> v.longValue();
      case STRING -> v.textValue();
      case STRING_LIST -> {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : v) {
          if (!id.isTextual()) throw wrongType("before." + name);
          ids.add(id.textValue());
        }
        yield ids;
      }
    };
  }

  private static @Nullable String text(JsonNode o, String name, String at) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw wrongType(at + "." + name);
    return v.textValue();
  }

  private static PlanFileException wrongType(String path) {
    return new PlanFileException(
        PlanFileException.Kind.REFUSED,
        "its \"" + Names.printable(path) + "\" does not have the type borgform writes there");
  }

  private RepoSettings settings(JsonNode s, String at) throws JsonProcessingException {
    if (!s.isObject()) throw wrongType(at);
    Map<RepoField<?, ?>, Object> values = new LinkedHashMap<>();
    for (RepoField<?, ?> f : fields.all()) {
      JsonNode in = f.group().isPresent() ? s.get(f.group().get()) : s;
      JsonNode v = in == null ? null : in.get(f.name());
      if (v == null || v.isNull()) continue;
      if (f.isKeyList()) {
        if (!v.isArray()) throw wrongType(at + "." + f.spec());
        values.put(f, unrefs(List.of(json.treeToValue(v, KeyRefDoc[].class))));
        continue;
      }
      Object plain =
          v.isBoolean()
              ? v.booleanValue()
              : v.isInt()
                  ? (Object) v.intValue()
                  : v.isIntegralNumber()
                      ? (Object) v.longValue()
                      : v.isTextual() ? v.textValue() : null;
      Optional<?> value = plain == null ? Optional.empty() : f.parse(plain);
      if (value.isEmpty()) {
        throw new PlanFileException(
            switch (f.kind()) {
              case QUOTA -> "it has a quota that is neither a number of MB nor \"none\"";
              case CHOICE ->
                  "its " + f.spec() + " \"" + Names.printable(v.asText()) + "\" is unknown";
              default ->
                  "its \""
                      + at
                      + "."
                      + f.spec()
                      + "\" does not have the type borgform writes there";
            });
      }
      values.put(f, value.get());
    }
    return new RepoSettings(
        text(s, "name", at), wire(text(s, "region", at), Region::fromWire, "region"), values);
  }

  private static <E> @Nullable E wire(
      @Nullable String value, Function<String, Optional<E>> parse, String field) {
    if (value == null) return null;
    return parse
        .apply(value)
        .orElseThrow(() -> new PlanFileException("its " + field + " \"" + value + "\" is unknown"));
  }

  private static @Nullable List<KeyRef> unrefs(@Nullable List<KeyRefDoc> refs) {
    return refs == null
        ? null
        : refs.stream().map(r -> new KeyRef(require(r.name(), "key name"), r.id())).toList();
  }

  /**
   * The names the review lines give live keys: the {@code name} of each {@code {name, id}} in the
   * {@code before} of a key list. They are display only; the review lines are derived again from
   * them and must match the file, and apply checks each against the account.
   */
  private Map<String, String> keyNames(List<FieldDoc> shown) {
    Map<String, String> out = new HashMap<>();
    if (shown == null) return out;
    for (FieldDoc f : shown) {
      boolean keyList =
          f.field() != null && fields.bySpec(f.field()).map(RepoField::isKeyList).orElse(false);
      if (!keyList || f.before() == null) continue;
      for (JsonNode r : f.before()) {
        JsonNode id = r.get("id");
        JsonNode name = r.get("name");
        if (id != null && id.isTextual() && name != null && name.isTextual()) {
          out.put(id.asText(), name.asText());
        }
      }
    }
    return out;
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

  private static <T> T require(@Nullable T value, String field) {
    if (value == null) throw new PlanFileException("it has no \"" + field + "\"");
    return value;
  }
}
