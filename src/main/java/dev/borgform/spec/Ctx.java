package dev.borgform.spec;

import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.Printable;
import dev.borgform.diag.SourcePos;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** State of reading one file: where diagnostics go, and a budget against alias expansion. */
final class Ctx {
  /** Far above any real spec (10,000 repos is about 150,000 nodes), far below a YAML bomb. */
  static final int MAX_NODES = 2_000_000;

  static final int MAX_ERRORS = 100;

  /** Text from the file is shown at most this long, so a pasted blob cannot flood the terminal. */
  static final int MAX_SHOWN = 60;

  final String file;
  final Diagnostics diags;
  final Interpolator interpolator;
  private final Set<String> reported = new HashSet<>();
  private @Nullable Set<String> zoneIds;

  /** The spec's {@code defaults:}, possibly from another file of a folder spec; null if none. */
  @Nullable Defaults defaults;

  private int nodes;
  private int errors;

  Ctx(String file, Diagnostics diags, Interpolator interpolator) {
    this.file = file;
    this.diags = diags;
    this.interpolator = interpolator;
  }

  /**
   * A context for reading part of this file on another thread: the same file and variables, with
   * counts and findings of its own. See {@link #absorb}.
   */
  Ctx fork() {
    return new Ctx(file, new Diagnostics(), interpolator);
  }

  /**
   * Takes in the nodes {@code fork} counted, when it found nothing to report and the count stays
   * within {@link #MAX_NODES}; false (and nothing taken) otherwise, and that part is read again
   * here. Its reading touched nothing else of this context: no error means no position reported.
   */
  boolean absorb(Ctx fork) {
    if (!fork.diags.isEmpty() || fork.errors > 0 || nodes + fork.nodes > MAX_NODES) return false;
    nodes += fork.nodes;
    return true;
  }

  /** Thrown to stop reading a file that is hostile or hopeless; the reason is already recorded. */
  static final class Abort extends RuntimeException {
    Abort() {
      super(null, null, false, false);
    }
  }

  /** The JDK's time zone names; copied on every call by the JDK, so kept here. */
  Set<String> zoneIds() {
    if (zoneIds == null) zoneIds = java.time.ZoneId.getAvailableZoneIds();
    return zoneIds;
  }

  SourcePos pos(Node n) {
    // A value merged in from defaults: is shown where it was written, which may be another file.
    if (defaults != null && defaults.owns(n)) return defaults.pos(n);
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
    String tag = explicitTag(n);
    if (tag != null) {
      error(
          n,
          "the YAML tag " + tag + " is not used in a spec",
          "Remove the tag; put a value in quotes to make it text.");
    }
  }

  /**
   * A tag other than YAML's own scalar tags, or null. Standard scalar tags need no check: values
   * are typed by {@link Scalars} from their text, so {@code !!int five} is still refused as text.
   */
  private static @Nullable String explicitTag(Node n) {
    Tag t = n.getTag();
    if (n instanceof ScalarNode) {
      if (STANDARD_SCALAR_TAGS.contains(t)) return null;
    } else if (n instanceof MappingNode) {
      if (t.equals(Tag.MAP)) return null;
    } else if (n instanceof SequenceNode) {
      if (t.equals(Tag.SEQ)) return null;
    }
    String v = t.getValue();
    return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : shown(v);
  }

  private static final Set<Tag> STANDARD_SCALAR_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP, Tag.MERGE);

  void error(@Nullable SourcePos pos, String summary, @Nullable String detail) {
    if (defaults != null && pos != null && defaults.contains(pos)) {
      // Every repo that inherits a wrong default would report it again: once is enough.
      if (!defaults.firstReportAt(pos)) return;
      // A message about a repo that points into defaults: says why it points there.
      if (!summary.contains("defaults")) summary += " (from defaults:)";
    }
    // One node can be reached twice (an alias, a field read by two checks): report it once.
    if (!reported.add(pos + "\u0000" + summary)) return;
    if (++errors > MAX_ERRORS) {
      diags.error(
          pos,
          "more than " + MAX_ERRORS + " problems in this file; stopping here",
          "Fix the problems above and run again.");
      throw new Abort();
    }
    diags.error(pos, summary, detail);
  }

  void error(Node n, String summary, @Nullable String detail) {
    error(pos(n), summary, detail);
  }

  /**
   * Text written in the spec, made safe to print ({@link Printable}: a spec from elsewhere could
   * hold terminal escape sequences or line breaks), and cut to {@link #MAX_SHOWN} characters.
   */
  static String shown(@Nullable String text) {
    return Printable.excerpt(text, MAX_SHOWN);
  }

  /** {@code text} made safe to print ({@link Printable}), not cut. */
  static String printable(String text) {
    return Printable.of(text);
  }

  /** {@link #shown} in double quotes. */
  static String quoted(@Nullable String text) {
    return "\"" + shown(text) + "\"";
  }

  /** How a node looks to a user, for "expected X, got Y" messages. */
  static String describe(@Nullable Node n) {
    if (n instanceof MappingNode) return "a mapping (key: value pairs)";
    if (n instanceof SequenceNode) return "a list";
    if (n instanceof ScalarNode s) return Scalars.kind(s).described;
    return "something else";
  }
}
