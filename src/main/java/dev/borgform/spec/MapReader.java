package dev.borgform.spec;

import dev.borgform.diag.SourcePos;
import dev.borgform.model.RepoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, checked access to one YAML mapping of the spec. Every problem becomes a diagnostic at the
 * value's position and the getter returns null, so reading goes on and all problems are reported
 * together. Values are typed by the YAML 1.2 core schema ({@link Scalars}), the way editors read
 * them.
 */
final class MapReader {
  /** Where a field that is unknown in one place does belong, for a better hint than a guess. */
  private static final Map<String, String> HOME = home();

  private static Map<String, String> home() {
    Map<String, String> home = new LinkedHashMap<>();
    home.put("publicKey", "a key (under keys:)");
    home.put("publicKeyFile", "a key (under keys:)");
    home.put("region", "a repo (under repos:)");
    for (RepoField<?, ?> f : RepoField.TABLE.all()) {
      Optional<String> g = f.group();
      home.put(g.orElse(f.name()), "a repo (under repos:)");
      g.ifPresent(group -> home.put(f.name(), "a repo's " + group + " (under " + group + ":)"));
    }
    home.put("id", "a repo (under repos:)");
    home.put("pruneKeys", "the policy (under policy:)");
    home.put("pruneRepos", "the policy (under policy:)");
    home.put("ignore", "the policy (under policy:)");
    home.put("maxDeletePercent", "the policy (under policy:)");
    home.put("keys", "the top level of the spec, or policy.ignore");
    home.put("repos", "the top level of the spec, or policy.ignore");
    home.put("policy", "the top level of the spec");
    home.put("defaults", "the top level of the spec");
    home.put("version", "the top level of the spec");
    return Map.copyOf(home);
  }

  private final Ctx ctx;
  private final Node node;
  private final @Nullable String what;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Node> keys = new LinkedHashMap<>();

  private MapReader(Ctx ctx, Node node, @Nullable String what) {
    this.ctx = ctx;
    this.node = node;
    this.what = what;
  }

  /**
   * Reads a mapping whose field names must be in {@code allowed}; null (with a diagnostic) when
   * {@code node} is not a mapping.
   */
  static @Nullable MapReader of(Ctx ctx, Node node, String what, List<String> allowed) {
    ctx.visit(node);
    if (!(node instanceof MappingNode m)) {
      String hint =
          node instanceof SequenceNode
              ? "Remove the `- ` in front of its fields: a list item starts with `- `, but its"
                  + " fields do not."
              : "Write it as `field: value` lines indented under it.";
      ctx.error(
          node, what + " must be a mapping (field: value pairs), not " + Ctx.describe(node), hint);
      return null;
    }
    MapReader r = new MapReader(ctx, node, what);
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      ctx.visit(k);
      if (Tag.MERGE.equals(k.getTag())) {
        ctx.error(
            k,
            "YAML merge keys (<<) are not supported in a spec",
            "Put the fields repos share under `defaults:` (docs/spec.md#defaults), or write them"
                + " out in each entry.");
        continue;
      }
      if (!(k instanceof ScalarNode sk) || Scalars.kind(sk) != Scalars.Kind.STR) {
        ctx.error(
            k,
            "a field name in " + what + " is " + Ctx.describe(k) + ", not a word",
            "Field names are words such as `name`; allowed here: "
                + String.join(", ", allowed)
                + ".");
        continue;
      }
      String name = sk.getValue();
      if (r.keys.containsKey(name)) {
        ctx.error(
            k,
            "field " + Ctx.quoted(name) + " appears twice in " + what,
            "The first is at " + ctx.pos(r.keys.get(name)) + "; keep one of them.");
        continue;
      }
      if (!allowed.contains(name)) {
        String suggestion = Suggest.closest(name, allowed);
        String hint;
        if (suggestion != null) {
          hint = "Did you mean \"" + suggestion + "\"? ";
        } else if (HOME.containsKey(name)) {
          hint = "\"" + name + "\" belongs in " + HOME.get(name) + ". ";
        } else {
          hint = "";
        }
        ctx.error(
            k,
            "unknown field " + Ctx.quoted(name) + " in " + what,
            hint + "Allowed here: " + String.join(", ", allowed) + ".");
        continue;
      }
      r.keys.put(name, k);
      r.values.put(name, t.getValueNode());
    }
    return r;
  }

  SourcePos pos() {
    return ctx.pos(node);
  }

  boolean has(String field) {
    return values.containsKey(field);
  }

  @Nullable Node node(String field) {
    return values.get(field);
  }

  /** Position of the field's value, else of the mapping. */
  @Nullable SourcePos posOf(String field) {
    Node v = values.get(field);
    return v == null ? pos() : ctx.pos(v);
  }

  /** Position of the field's name, else of the mapping. */
  @Nullable SourcePos keyPosOf(String field) {
    Node k = keys.get(field);
    return k == null ? pos() : ctx.pos(k);
  }

  void requireField(String field, String example) {
    if (!has(field)) {
      ctx.error(pos(), what + " has no \"" + field + "\"", "Add `" + field + ": " + example + "`.");
    }
  }

  /**
   * A text value after {@code ${VAR}} interpolation, and {@code written}, the text as written in
   * the spec (the same unless it names a variable).
   */
  record Text(String value, String written, SourcePos pos, boolean fromEnv) {
    /**
     * What messages may print, quoted: the value itself, or, when it came from the environment, the
     * text as written in the spec, because an environment value may be a secret. Made when a
     * message needs it: most values never appear in one.
     */
    String shown() {
      return Ctx.quoted(fromEnv ? written : value);
    }
  }

  /** A scalar as text after ${VAR} interpolation; null when absent or wrong. */
  @Nullable String string(String field) {
    Text t = text(field);
    return t == null ? null : t.value();
  }

  @Nullable Text text(String field) {
    Node v = values.get(field);
    return v == null ? null : textOf(v, "\"" + field + "\" of " + what);
  }

  @Nullable Text textOf(Node v, String label) {
    ctx.visit(v);
    if (!(v instanceof ScalarNode s)) {
      ctx.error(v, label + " must be text, not " + Ctx.describe(v), "Write one text value here.");
      return null;
    }
    Scalars.Kind kind = Scalars.kind(s);
    if (kind == Scalars.Kind.NULL) {
      ctx.error(v, label + " is empty", "Write a value after the colon.");
      return null;
    }
    if (kind != Scalars.Kind.STR) {
      ctx.error(
          v,
          label
              + " must be text, but YAML reads "
              + Ctx.quoted(s.getValue())
              + " as "
              + kind.described,
          "Put it in quotes: \"" + Ctx.shown(s.getValue()) + "\".");
      return null;
    }
    Interpolator.Result r = ctx.interpolator.apply(s.getValue());
    if (r.problem() != null) {
      ctx.error(v, label + ": " + r.problem(), r.problemDetail());
      return null;
    }
    // No problem, so the interpolated value is there.
    return new Text(Objects.requireNonNull(r.value()), s.getValue(), ctx.pos(v), r.substituted());
  }

  @Nullable Integer integer(String field, int min, int max) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    String label = "\"" + field + "\" of " + what;
    if (v instanceof ScalarNode hex
        && Scalars.kind(hex) == Scalars.Kind.INT
        && !Scalars.DECIMAL.matcher(hex.getValue()).matches()) {
      ctx.error(
          v,
          label + " must be written in decimal, not " + Ctx.quoted(hex.getValue()),
          rangeHint(min, max));
      return null;
    }
    if (!(v instanceof ScalarNode s) || Scalars.kind(s) != Scalars.Kind.INT) {
      String hint = rangeHint(min, max);
      if (v instanceof ScalarNode s2 && s2.getValue().contains("${")) {
        hint += " ${VAR} works in text values only.";
      } else if (v instanceof ScalarNode s3 && !s3.isPlain()) {
        hint = "Remove the quotes. " + hint;
      }
      ctx.error(v, label + " must be a whole number, not " + describeValue(v), hint);
      return null;
    }
    long n;
    try {
      n = Long.parseLong(s.getValue());
    } catch (NumberFormatException e) {
      n = s.getValue().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    if (n < min || n > max) {
      String problem =
          n < 0 && min == 0
              ? label + " is " + s.getValue() + ", but it cannot be negative"
              : label
                  + " is "
                  + Ctx.shown(s.getValue())
                  + ", outside "
                  + min
                  + ".."
                  + (max == Integer.MAX_VALUE ? "2147483647" : String.valueOf(max));
      ctx.error(v, problem, rangeHint(min, max));
      return null;
    }
    return (int) n;
  }

  private static String rangeHint(int min, int max) {
    return max == Integer.MAX_VALUE
        ? "Write a whole number of " + min + " or more."
        : "Write a whole number from " + min + " to " + max + ".";
  }

  /**
   * {@link Ctx#describe} plus the text itself for scalars, which is safe: no ${VAR} was expanded.
   */
  private static String describeValue(Node v) {
    if (v instanceof ScalarNode s && Scalars.kind(s) != Scalars.Kind.NULL) {
      return Ctx.describe(v) + " " + Ctx.quoted(s.getValue());
    }
    return Ctx.describe(v);
  }

  @Nullable Boolean bool(String field) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    if (!(v instanceof ScalarNode s) || Scalars.kind(s) != Scalars.Kind.BOOL) {
      String hint =
          v instanceof ScalarNode s2 && !s2.isPlain()
              ? "Remove the quotes: write true or false."
              : "Write true or false (yes, no, on and off are text in YAML 1.2).";
      ctx.error(
          v,
          "\"" + field + "\" of " + what + " must be true or false, not " + describeValue(v),
          hint);
      return null;
    }
    return s.getValue().equalsIgnoreCase("true");
  }

  /** One of {@code allowed} (the wire spelling), matched exactly. */
  <E> @Nullable E choice(String field, Map<String, E> allowed) {
    Text t = text(field);
    if (t == null) return null;
    E e = allowed.get(t.value());
    if (e == null) {
      String hint = t.fromEnv() ? "" : Suggest.hint(t.value(), allowed.keySet());
      ctx.error(
          t.pos(),
          "\"" + field + "\" of " + what + " is " + t.shown() + ", which is not allowed",
          hint + "Use one of: " + String.join(", ", allowed.keySet()) + ".");
    }
    return e;
  }

  @Nullable String timezone(String field) {
    Text t = text(field);
    if (t == null) return null;
    if (!ctx.zoneIds().contains(t.value())) {
      Set<String> zones = ctx.zoneIds();
      String hint = t.fromEnv() ? "" : Suggest.hint(t.value(), zones);
      ctx.error(
          t.pos(),
          "\"" + field + "\" of " + what + " is " + t.shown() + ", which is not a time zone name",
          hint + "Use an IANA name such as UTC, Europe/Berlin or America/New_York.");
      return null;
    }
    return t.value();
  }

  /** The items of a list field; null when absent or not a list. */
  @Nullable List<Node> list(String field) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    if (!(v instanceof SequenceNode s)) {
      if (v instanceof ScalarNode sc && Scalars.kind(sc) == Scalars.Kind.NULL) {
        ctx.error(
            v,
            "\"" + field + "\" of " + what + " is empty",
            "Write [] for an empty list, or remove the field.");
      } else {
        ctx.error(
            v,
            "\"" + field + "\" of " + what + " must be a list, not " + Ctx.describe(v),
            "Write `" + field + ": [a, b]` or one `- item` per line.");
      }
      return null;
    }
    return new ArrayList<>(s.getValue());
  }

  /** A list of text items (names or globs), with their positions. */
  @Nullable List<Text> textList(String field) {
    List<Node> items = list(field);
    if (items == null) return null;
    List<Text> out = new ArrayList<>();
    for (Node item : items) {
      Text t = textOf(item, "an item of \"" + field + "\" in " + what);
      if (t != null) out.add(t);
    }
    return out;
  }

  @Nullable MapReader map(String field, List<String> allowed, String whatChild) {
    Node v = values.get(field);
    return v == null ? null : of(ctx, v, whatChild, allowed);
  }

  Set<String> fieldNames() {
    return values.keySet();
  }
}
