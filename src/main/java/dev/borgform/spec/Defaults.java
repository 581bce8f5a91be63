package dev.borgform.spec;

import dev.borgform.diag.SourcePos;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The spec's {@code defaults:} mapping, merged into each repo's mapping node before the repo is
 * read. Working on YAML nodes rather than on read values means every repo field, present and
 * future, can be defaulted without being named here, and every value keeps the position where it
 * was written: a problem with a defaulted value points at its line under {@code defaults:}, in
 * whichever file of a folder spec that is.
 *
 * <p>A repo's own field replaces the default whole (a key list is not appended to: a repo that
 * states {@code fullAccessKeys} states all of them, as a Terraform variable's value replaces its
 * default). The one exception is {@code compaction}, a group of settings: its sub-fields merge one
 * by one, so a repo can move its compaction {@code hour} and keep the fleet's interval, as Helm and
 * Compose merge nested mappings. A value that is not a mapping on either side replaces whole.
 */
final class Defaults {
  /** Repo fields whose mapping value merges per sub-field instead of being replaced. */
  static final Set<String> MERGED_PER_FIELD = Set.of("compaction");

  /** Repo fields that name one repo and so cannot be shared. */
  static final Set<String> NOT_DEFAULTABLE = Set.of("name", "id", "renamedFrom");

  private final MappingNode node;
  private final String file;
  private final SourcePos keyPos;
  private final Set<Node> owned = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<SourcePos> reported = new HashSet<>();

  /** The key names the defaults' key lists use, checked against the keys once all are read. */
  final List<SpecLoader.KeyUse> uses = new ArrayList<>();

  Defaults(MappingNode node, String file, SourcePos keyPos) {
    this.node = node;
    this.file = file;
    this.keyPos = keyPos;
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(node);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      // An alias makes a graph, not a tree: each node is walked once.
      if (!owned.add(n)) continue;
      if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          todo.push(t.getKeyNode());
          todo.push(t.getValueNode());
        }
      } else if (n instanceof SequenceNode s) {
        s.getValue().forEach(todo::push);
      }
    }
  }

  /** The fields {@code defaults:} may hold: every repo field except those naming one repo. */
  static List<String> fields() {
    List<String> out = new ArrayList<>(SpecLoader.REPO_FIELDS);
    out.removeAll(NOT_DEFAULTABLE);
    return List.copyOf(out);
  }

  MappingNode node() {
    return node;
  }

  /** Where {@code defaults:} is written, for the message about a second one. */
  SourcePos keyPos() {
    return keyPos;
  }

  /** The file that holds the defaults, as diagnostics name it. */
  String file() {
    return file;
  }

  boolean owns(Node n) {
    return owned.contains(n);
  }

  /** The position of a node of the defaults, in the file that holds them. */
  SourcePos pos(Node n) {
    return new SourcePos(file, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1);
  }

  /** True when {@code pos} lies inside the defaults (from their first value to their end). */
  boolean contains(SourcePos pos) {
    SourcePos start = pos(node);
    SourcePos end =
        new SourcePos(file, node.getEndMark().getLine() + 1, node.getEndMark().getColumn() + 1);
    return start.compareTo(pos) <= 0 && pos.compareTo(end) < 0;
  }

  /**
   * True the first time a problem is reported at {@code pos}: one wrong default is one message, not
   * one per repo that inherits it.
   */
  boolean firstReportAt(SourcePos pos) {
    return reported.add(pos);
  }

  /**
   * {@code repo} with the defaults it does not state, or {@code repo} itself when it is not a
   * mapping (its reader reports that). Its own fields come first, in their order.
   */
  Node mergeInto(Node repo) {
    if (!(repo instanceof MappingNode m)) return repo;
    return merge(m, node, true);
  }

  private static MappingNode merge(MappingNode own, MappingNode defaults, boolean top) {
    Map<String, Integer> index = new LinkedHashMap<>();
    List<NodeTuple> tuples = new ArrayList<>(own.getValue());
    for (int i = 0; i < tuples.size(); i++) {
      String k = name(tuples.get(i));
      if (k != null) index.putIfAbsent(k, i);
    }
    for (NodeTuple d : defaults.getValue()) {
      String k = name(d);
      // Fields that cannot be defaulted were reported when the defaults were checked.
      if (k == null || (top && NOT_DEFAULTABLE.contains(k))) continue;
      Integer at = index.get(k);
      if (at == null) {
        tuples.add(d);
      } else if (top
          && MERGED_PER_FIELD.contains(k)
          && tuples.get(at).getValueNode() instanceof MappingNode mine
          && d.getValueNode() instanceof MappingNode theirs) {
        tuples.set(at, new NodeTuple(tuples.get(at).getKeyNode(), merge(mine, theirs, false)));
      }
    }
    return new MappingNode(
        own.getTag(), true, tuples, own.getStartMark(), own.getEndMark(), own.getFlowStyle());
  }

  private static @Nullable String name(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
  }
}
