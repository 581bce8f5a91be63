package dev.borgform.spec;

import dev.borgform.diag.SourcePos;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, checked access to one YAML mapping of the spec. Every problem becomes a diagnostic at the
 * value's position and the getter returns null, so reading goes on and all problems are
 * reported together.
 */
final class MapReader {
  private final Ctx ctx;
  private final Node node;
  private final String what;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Node> keys = new LinkedHashMap<>();

  private MapReader(Ctx ctx, Node node, String what) {
    this.ctx = ctx;
    this.node = node;
    this.what = what;
  }

  /**
   * Reads a mapping whose field names must be in {@code allowed}; null (with a diagnostic) when
   * {@code node} is not a mapping.
   */
  static MapReader of(Ctx ctx, Node node, String what, List<String> allowed) {
    ctx.visit(node);
    if (!(node instanceof MappingNode m)) {
      ctx.error(
          node,
          what + " must be a mapping (key: value pairs), not " + Ctx.describe(node),
          "Write it as `field: value` lines indented under it.");
      return null;
    }
    MapReader r = new MapReader(ctx, node, what);
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      ctx.visit(k);
      if (!(k instanceof ScalarNode sk) || Tag.NULL.equals(k.getTag())) {
        ctx.error(k, "a field name in " + what + " is not plain text", "Field names are words such as `name`.");
        continue;
      }
      String name = sk.getValue();
      if (r.keys.containsKey(name)) {
        ctx.error(
            k,
            "field \"" + name + "\" appears twice in " + what,
            "The first is at " + ctx.pos(r.keys.get(name)) + "; keep one of them.");
        continue;
      }
      if (!allowed.contains(name)) {
        ctx.error(
            k,
            "unknown field \"" + name + "\" in " + what,
            Suggest.hint(name, allowed) + "Allowed here: " + String.join(", ", allowed) + ".");
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

  Node node(String field) {
    return values.get(field);
  }

  /** Position of the field's value, else of the mapping. */
  SourcePos posOf(String field) {
    Node v = values.get(field);
    return v == null ? pos() : ctx.pos(v);
  }

  void requireField(String field, String example) {
    if (!has(field)) {
      ctx.error(pos(), what + " has no \"" + field + "\"", "Add `" + field + ": " + example + "`.");
    }
  }

  /** A scalar as text after ${VAR} interpolation; null when absent or wrong. */
  String string(String field) {
    Node v = values.get(field);
    return v == null ? null : stringOf(v, "\"" + field + "\" of " + what);
  }

  String stringOf(Node v, String label) {
    ctx.visit(v);
    if (!(v instanceof ScalarNode s) || Tag.NULL.equals(v.getTag())) {
      ctx.error(v, label + " must be text, not " + Ctx.describe(v), "Write a value after the colon.");
      return null;
    }
    Interpolator.Result r = ctx.interpolator.apply(s.getValue());
    if (r.problem() != null) {
      ctx.error(v, label + ": " + r.problem(), r.problemDetail());
      return null;
    }
    return r.value();
  }

  Integer integer(String field, int min, int max) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    String label = "\"" + field + "\" of " + what;
    if (!(v instanceof ScalarNode s) || !Tag.INT.equals(v.getTag()) || !s.getValue().matches("[-+]?[0-9]+")) {
      ctx.error(v, label + " must be a whole number, not " + Ctx.describe(v), rangeHint(min, max));
      return null;
    }
    long n;
    try {
      n = Long.parseLong(s.getValue());
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n < min || n > max) {
      ctx.error(v, label + " is " + s.getValue() + ", outside " + min + ".." + max, rangeHint(min, max));
      return null;
    }
    return (int) n;
  }

  private static String rangeHint(int min, int max) {
    return max == Integer.MAX_VALUE
        ? "Write a number of " + min + " or more, without quotes."
        : "Write a number from " + min + " to " + max + ", without quotes.";
  }

  Boolean bool(String field) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(v.getTag())) {
      ctx.error(
          v,
          "\"" + field + "\" of " + what + " must be true or false, not " + Ctx.describe(v),
          "Write true or false without quotes.");
      return null;
    }
    String t = s.getValue().toLowerCase(java.util.Locale.ROOT);
    return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
  }

  /** One of {@code allowed} (the wire spelling), matched exactly. */
  <E> E choice(String field, Map<String, E> allowed) {
    Node v = values.get(field);
    if (v == null) return null;
    String s = string(field);
    if (s == null) return null;
    E e = allowed.get(s);
    if (e == null) {
      ctx.error(
          v,
          "\"" + field + "\" of " + what + " is \"" + s + "\", which is not allowed",
          Suggest.hint(s, allowed.keySet()) + "Use one of: " + String.join(", ", allowed.keySet()) + ".");
    }
    return e;
  }

  String timezone(String field) {
    Node v = values.get(field);
    if (v == null) return null;
    String s = string(field);
    if (s == null) return null;
    if (!s.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(s)) {
      ctx.error(
          v,
          "\"" + field + "\" of " + what + " is \"" + s + "\", which is not a time zone name",
          Suggest.hint(s, ZoneId.getAvailableZoneIds())
              + "Use an IANA name such as UTC, Europe/Berlin or America/New_York.");
      return null;
    }
    return s;
  }

  /** The items of a list field; null when absent or not a list. */
  List<Node> list(String field) {
    Node v = values.get(field);
    if (v == null) return null;
    ctx.visit(v);
    if (!(v instanceof SequenceNode s)) {
      if (v instanceof ScalarNode && Tag.NULL.equals(v.getTag())) {
        ctx.error(v, "\"" + field + "\" of " + what + " is empty", "Write [] for an empty list, or remove the field.");
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
  List<Named> stringList(String field) {
    List<Node> items = list(field);
    if (items == null) return null;
    List<Named> out = new ArrayList<>();
    for (Node item : items) {
      String s = stringOf(item, "an item of \"" + field + "\" in " + what);
      if (s != null) out.add(new Named(s, ctx.pos(item)));
    }
    return out;
  }

  MapReader map(String field, List<String> allowed, String whatChild) {
    Node v = values.get(field);
    return v == null ? null : of(ctx, v, whatChild, allowed);
  }

  Set<String> fieldNames() {
    return values.keySet();
  }

  /** A text value and where it was written. */
  record Named(String value, SourcePos pos) {}
}
