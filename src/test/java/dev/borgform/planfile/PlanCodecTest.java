package dev.borgform.planfile;

import static dev.borgform.testing.Fixtures.account;
import static dev.borgform.testing.Fixtures.desired;
import static dev.borgform.testing.Fixtures.live;
import static dev.borgform.testing.Fixtures.liveRepo;
import static dev.borgform.testing.Fixtures.repo;
import static dev.borgform.testing.Fixtures.want;
import static dev.borgform.testing.TestKeys.ED1;
import static dev.borgform.testing.TestKeys.ED2;
import static dev.borgform.testing.TestKeys.ED3;
import static dev.borgform.testing.TestKeys.ED4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.borgform.model.Policy;
import dev.borgform.model.Region;
import dev.borgform.model.RepoField;
import dev.borgform.plan.Change;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.Reason;
import dev.borgform.plan.Target;
import dev.borgform.planner.Planner;
import dev.borgform.render.ReasonText;
import dev.borgform.testing.Golden;
import dev.borgform.testing.Reasons;
import dev.borgform.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The plan document read back: what a file may differ in (formatting, key order), what it may not
 * (any value; the deletion guard aside), and every refusal's message, against a golden file.
 */
class PlanCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PlanCodec codec = new PlanCodec(ReasonText.WORDS);

  /** A plan with every kind of change: created, replaced and deleted keys, repo edits. */
  private static Plan plan() {
    return new Planner()
        .plan(
            desired(
                List.of(
                    want("web-01", ED3),
                    want("renamed", ED2),
                    want("new", TestKeys.ed25519(5, "new"))),
                List.of(
                    repo("web-01", Region.EU, List.of("web-01"), List.of("renamed")),
                    repo("fresh", Region.US, List.of("new"), null)),
                new Policy(true, true, List.of(), List.of(), 100)),
            account(
                List.of(live("10", "web-01", ED1), live("11", "ci", ED2), live("12", "old", ED4)),
                List.of(
                    liveRepo("aaaa1111", "web-01", "eu")
                        .with(RepoField.APPEND_ONLY_KEYS, List.of("10"))
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("11", "12")),
                    liveRepo("bbbb2222", "legacy", "us")
                        .with(RepoField.FULL_ACCESS_KEYS, List.of("10")))))
        .withTarget(Target.endpoint("https://api.borgbase.com/graphql"));
  }

  private ObjectNode tree() throws Exception {
    return (ObjectNode) JSON.readTree(codec.write(plan()));
  }

  @Test
  void everyKindOfChangeReadsBackAsTheSamePlan() {
    String text = codec.write(plan());
    assertThat(codec.read(text)).isEqualTo(plan().withDeletionGuard(DeletionGuard.none()));
    assertThat(codec.hash(codec.read(text))).isEqualTo(codec.hash(plan()));
    assertThat(text).contains("\"planHash\": \"" + codec.hash(plan()) + "\"");
    assertThat(PlanCodec.shortHash(codec.hash(plan())))
        .hasSize(PlanCodec.SHORT_HASH_DIGITS)
        .matches("[0-9a-f]+");
  }

  @Test
  void formattingAndKeyOrderDoNotMatter() throws Exception {
    Object asMap = JSON.readValue(codec.write(plan()), Object.class);
    String compactSorted =
        JSON.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .writeValueAsString(asMap);
    assertThat(codec.read(compactSorted)).isEqualTo(codec.read(codec.write(plan())));
  }

  /**
   * The hash covers every value of the document: changing any one leaf (but the deletion guard's,
   * which is never read) changes it.
   */
  @Test
  void changingAnyValueChangesTheHashButTheDeletionGuardIsNotCovered() throws Exception {
    ObjectNode tree = tree();
    String hash = codec.hashOf(tree);
    List<String> paths = new ArrayList<>();
    leaves(tree, "", paths);
    assertThat(paths).hasSizeGreaterThan(100);
    int checked = 0;
    for (String path : paths) {
      ObjectNode copy = tree.deepCopy();
      changeLeaf(copy, path);
      boolean guard = path.startsWith("/deletionGuard/");
      boolean hashItself = path.equals("/planHash");
      // A reason's code restates its text, which is hashed; reasonCodesAndTextsMustAgree shows
      // that reading ties the two, so the hash still pins the code.
      boolean reasonData = path.matches("/changes/\\d+/reason(Code|Args)(/.*)?");
      if (guard || hashItself || reasonData) {
        assertThat(codec.hashOf(copy)).as(path).isEqualTo(hash);
      } else {
        assertThat(codec.hashOf(copy)).as(path).isNotEqualTo(hash);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100);
  }

  /** Each edit of a written plan, and what reading it says (golden/planfile/refusals.txt). */
  @Test
  void everyRefusalSaysWhatIsWrong() throws Exception {
    Map<String, Consumer<ObjectNode>> edits = new java.util.LinkedHashMap<>();
    edits.put("formatVersion 1.0", t -> t.put("formatVersion", "1.0"));
    edits.put("formatVersion 2.0", t -> t.put("formatVersion", "2.0"));
    edits.put("formatVersion with an escape", t -> t.put("formatVersion", "1.1\u001b[2J"));
    edits.put("no formatVersion", t -> t.remove("formatVersion"));
    edits.put("an unknown field", t -> t.put("signedOffBy", "me"));
    edits.put("no planHash", t -> t.remove("planHash"));
    edits.put("another planHash", t -> t.put("planHash", "sha256:" + "1".repeat(64)));
    edits.put("no target", t -> t.remove("target"));
    edits.put("a live digest that is no digest", t -> t.put("liveDigest", "sha256:\u001b[31mok"));
    edits.put("no policy", t -> t.remove("policy"));
    edits.put(
        "a key's fingerprint edited",
        t -> ((ObjectNode) change(t, "keyCreate").get("after")).put("fingerprint", "SHA256:x"));
    edits.put(
        "a replace's before is not its first replaced key",
        t -> ((ObjectNode) change(t, "keyReplace").get("before")).put("name", "other"));
    edits.put("actions edited", t -> change(t, "keyDelete").putArray("actions").add("update"));
    edits.put("destroysBackups false", t -> change(t, "repoDelete").put("destroysBackups", false));
    edits.put(
        "a repo delete's reason edited",
        t -> change(t, "repoDelete").put("reason", "harmless cleanup"));
    edits.put(
        "a key list's review names edited",
        t -> {
          ArrayNode before = (ArrayNode) field(change(t, "repoUpdate"), "fullAccessKeys");
          ((ObjectNode) before.get(0)).put("name", "trusted");
        });
    edits.put("an extra field in a change", t -> change(t, "repoCreate").put("note", "reviewed"));
    edits.put(
        "a note added",
        t ->
            t.withArray("leftAlone")
                .addObject()
                .put("kind", "unmanaged")
                .put("address", "repo.prod")
                .put("message", "not in the spec (id eeee5555); left alone"));
    edits.put("the changes not a list", t -> t.put("changes", "none"));
    edits.put("a phase that is not a number", t -> change(t, "keyDelete").put("phase", "three"));
    edits.put("a change of unknown kind", t -> change(t, "repoCreate").put("change", "repoClone"));
    edits.put(
        "an unknown region",
        t -> ((ObjectNode) change(t, "repoCreate").get("after")).put("region", "mars"));
    edits.put(
        "a key that is not a key",
        t -> ((ObjectNode) change(t, "keyCreate").get("after")).put("publicKey", "ssh-ed25519 x"));

    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Consumer<ObjectNode>> e : edits.entrySet()) {
      ObjectNode t = tree();
      try {
        e.getValue().accept(t);
      } catch (RuntimeException ex) {
        throw new AssertionError(e.getKey() + ": the edit itself failed", ex);
      }
      String text = JSON.writeValueAsString(t);
      assertThatThrownBy(() -> codec.read(text))
          .as(e.getKey())
          .isInstanceOf(PlanFileException.class);
      PlanFileException ex = (PlanFileException) catchThrowable(() -> codec.read(text));
      out.append(e.getKey())
          .append("\n  ")
          .append(ex.kind())
          .append(": ")
          .append(ex.getMessage())
          .append("\n");
    }
    for (String text : List.of("", "[1, 2]", "{\"formatVersion\": 1.1}", "{\"formatVersion\":")) {
      PlanFileException ex = (PlanFileException) catchThrowable(() -> codec.read(text));
      assertThat(ex.kind()).as(text).isEqualTo(PlanFileException.Kind.NOT_A_PLAN);
      out.append("text ").append(JSON.writeValueAsString(text)).append("\n  ");
      out.append(ex.kind()).append(": ").append(ex.getMessage()).append("\n");
    }
    Golden.check("planfile/refusals.txt", out.toString());
  }

  private static Plan everyReason() {
    return Reasons.plan(Reasons.EVERY_KIND);
  }

  @Test
  void everyKindOfReasonReadsBackAsItself() throws Exception {
    String text = codec.write(everyReason());
    Plan read = codec.read(text);
    assertThat(read).isEqualTo(everyReason());
    assertThat(read.changes().stream().map(Change::reason))
        .containsExactlyInAnyOrderElementsOf(Reasons.EVERY_KIND);
    assertThat(codec.hash(read)).isEqualTo(codec.hash(everyReason()));
    // Each change states its reason's code (none for no reason and for a text of no kind).
    JsonNode tree = JSON.readTree(text);
    List<String> codes = new ArrayList<>();
    for (JsonNode c : tree.get("changes")) {
      codes.add(
          c.path("reasonCode").asText("-") + " " + c.path("reasonArgs") + " " + c.get("reason"));
    }
    Golden.check("planfile/reason-codes.txt", String.join("\n", codes) + "\n");
  }

  /**
   * The same plan as a file written before reason codes: its changes hold the text alone. It reads
   * as the same plan (each text as its kind), with the same hash, and an unknown text reads as
   * text.
   */
  @Test
  void aFileWithReasonTextsAloneReadsAsTheSamePlanWithTheSameHash() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(codec.write(everyReason()));
    for (JsonNode c : tree.get("changes"))
      ((ObjectNode) c).remove(List.of("reasonCode", "reasonArgs"));
    String legacy = JSON.writeValueAsString(tree);
    Plan read = codec.read(legacy);
    assertThat(read).isEqualTo(everyReason());
    assertThat(codec.hash(read)).isEqualTo(tree.get("planHash").asText());
  }

  /** What reading says of reason codes and texts that do not agree (golden). */
  @Test
  void reasonCodesAndTextsMustAgree() throws Exception {
    Map<String, Consumer<ObjectNode>> edits = new java.util.LinkedHashMap<>();
    edits.put(
        "a text edited under its code",
        t -> reasonOf(t, "keyNotInSpec").put("reason", "replaced by the new CI key"));
    edits.put(
        "a code edited under its text",
        t -> reasonOf(t, "keyNotInSpec").put("reasonCode", "keyListsMove"));
    edits.put("a code nobody wrote", t -> reasonOf(t, "keyNotInSpec").put("reasonCode", "because"));
    edits.put(
        "a code with an escape", t -> reasonOf(t, "keyNotInSpec").put("reasonCode", "x\u001b[2J"));
    edits.put(
        "an argument edited",
        t -> ((ObjectNode) reasonOf(t, "duplicateKey").get("reasonArgs")).put("keptId", "99"));
    edits.put(
        "an argument missing",
        t -> ((ObjectNode) reasonOf(t, "duplicateKey").get("reasonArgs")).remove("keptId"));
    edits.put(
        "an argument of another type",
        t -> ((ObjectNode) reasonOf(t, "repoPruned").get("reasonArgs")).put("detaches", "yes"));
    edits.put(
        "a rename from no names",
        t -> ((ObjectNode) reasonOf(t, "keyRenamed").get("reasonArgs")).putArray("from"));
    edits.put("arguments without a code", t -> reasonOf(t, "duplicateKey").remove("reasonCode"));
    edits.put(
        "a code on a change of no reason",
        t -> {
          for (JsonNode c : t.get("changes")) {
            if (c.get("reason").asText().isEmpty())
              ((ObjectNode) c).put("reasonCode", "keyNotInSpec");
          }
        });
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Consumer<ObjectNode>> e : edits.entrySet()) {
      ObjectNode t = (ObjectNode) JSON.readTree(codec.write(everyReason()));
      e.getValue().accept(t);
      String text = JSON.writeValueAsString(t);
      Throwable ex = catchThrowable(() -> codec.read(text));
      assertThat(ex).as(e.getKey()).isInstanceOf(PlanFileException.class);
      out.append(e.getKey())
          .append("\n  ")
          .append(((PlanFileException) ex).kind())
          .append(": ")
          .append(ex.getMessage())
          .append("\n");
    }
    Golden.check("planfile/reason-refusals.txt", out.toString());
  }

  /** Reading never changes what a change shows: an unknown text stays, as text, hashed the same. */
  @Test
  void anUnknownTextWithoutACodeIsKeptVerbatim() throws Exception {
    ObjectNode tree = tree();
    ObjectNode c = change(tree, "keyDelete");
    c.remove(List.of("reasonCode", "reasonArgs"));
    c.put("reason", "kept for the audit \u001b[31mred");
    tree.put("planHash", codec.hashOf(tree));
    Plan read = codec.read(JSON.writeValueAsString(tree));
    assertThat(read.changes())
        .filteredOn(x -> x.address().toString().equals(c.get("address").asText()))
        .singleElement()
        .extracting(Change::reason)
        .isEqualTo(new Reason.LegacyText("kept for the audit \u001b[31mred"));
    assertThat(codec.hash(read)).isEqualTo(tree.get("planHash").asText());
  }

  private static ObjectNode reasonOf(ObjectNode tree, String code) {
    for (JsonNode c : tree.get("changes")) {
      if (c.path("reasonCode").asText().equals(code)) return (ObjectNode) c;
    }
    throw new IllegalStateException("no change with reason " + code);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static ObjectNode change(ObjectNode tree, String kind) {
    for (JsonNode c : tree.get("changes")) {
      if (c.get("change").asText().equals(kind)) return (ObjectNode) c;
    }
    throw new IllegalStateException("no " + kind + " in the plan");
  }

  private static JsonNode field(ObjectNode change, String name) {
    for (JsonNode f : change.get("fields")) {
      if (f.get("field").asText().equals(name)) return f.get("before");
    }
    throw new IllegalStateException("no field " + name);
  }

  private static void leaves(JsonNode n, String path, List<String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        leaves(e.getValue(), path + "/" + e.getKey(), out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) leaves(n.get(i), path + "/" + i, out);
    } else {
      out.add(path);
    }
  }

  /** Gives the leaf at {@code path} another value of its type. */
  private static void changeLeaf(ObjectNode tree, String path) {
    int slash = path.lastIndexOf('/');
    JsonNode parent = tree.at(path.substring(0, slash));
    String last = path.substring(slash + 1);
    JsonNode v = parent.isArray() ? parent.get(Integer.parseInt(last)) : parent.get(last);
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode other =
        v.isTextual()
            ? f.textNode(v.asText() + "x")
            : v.isBoolean()
                ? f.booleanNode(!v.asBoolean())
                : v.isIntegralNumber()
                    ? f.numberNode(v.asLong() + 1)
                    : v.isNumber() ? f.numberNode(v.asDouble() + 1) : f.textNode("x");
    if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(last), other);
    } else {
      ((ObjectNode) parent).set(last, other);
    }
  }
}
