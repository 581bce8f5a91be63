package dev.borgform.spec;

import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.SourcePos;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** State of reading one file: where diagnostics go, and a budget against alias expansion. */
final class Ctx {
  /** Far above any real spec (10,000 repos is about 150,000 nodes), far below a YAML bomb. */
  static final int MAX_NODES = 2_000_000;
  static final int MAX_ERRORS = 200;

  final String file;
  final Diagnostics diags;
  final Interpolator interpolator;
  private int nodes;
  private int errors;

  Ctx(String file, Diagnostics diags, Interpolator interpolator) {
    this.file = file;
    this.diags = diags;
    this.interpolator = interpolator;
  }

  /** Thrown to stop reading a file that is hostile or hopeless; the reason is already recorded. */
  static final class Abort extends RuntimeException {
    Abort() {
      super(null, null, false, false);
    }
  }

  SourcePos pos(Node n) {
    return new SourcePos(file, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
  }

  void visit(Node n) {
    if (++nodes > MAX_NODES) {
      diags.error(
          pos(n),
          "the spec expands to more than " + MAX_NODES + " YAML nodes",
          "This usually means aliases (*name) that expand to each other many times over; write"
              + " the values out.");
      throw new Abort();
    }
  }

  void error(SourcePos pos, String summary, String detail) {
    if (++errors > MAX_ERRORS) {
      diags.error(
          pos,
          "more than " + MAX_ERRORS + " problems in this file; stopping here",
          "Fix the problems above and run again.");
      throw new Abort();
    }
    diags.error(pos, summary, detail);
  }

  void error(Node n, String summary, String detail) {
    error(pos(n), summary, detail);
  }

  /** How a node looks to a user, for "expected X, got Y" messages. */
  static String describe(Node n) {
    if (n instanceof MappingNode) return "a mapping (key: value pairs)";
    if (n instanceof SequenceNode) return "a list";
    if (n instanceof ScalarNode s) {
      Tag t = s.getTag();
      if (Tag.NULL.equals(t)) return "empty";
      if (Tag.BOOL.equals(t)) return "true/false";
      if (Tag.INT.equals(t)) return "a number";
      if (Tag.FLOAT.equals(t)) return "a decimal number";
      return "text";
    }
    return "something else";
  }
}
