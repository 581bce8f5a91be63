package dev.borgform.spec;

import dev.borgform.model.DesiredKey;
import dev.borgform.model.DesiredRepo;
import dev.borgform.model.DesiredState;
import dev.borgform.model.Policy;
import dev.borgform.model.Quota;
import dev.borgform.model.RepoField;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Writes a {@link DesiredState} as a version 1 spec that {@link SpecLoader} reads back to the same
 * state: the other half of {@code borgform export}. SnakeYAML's emitter does the quoting, so a name
 * such as {@code "yes"}, {@code "007"} or {@code "a: b"} stays a string. Every text value is
 * escaped for {@code ${VAR}} interpolation (<code>${</code> becomes <code>$${</code>), because the
 * loader would otherwise read it as a variable.
 *
 * <p>Only what the state states is written: a null field stays out of the file, and so stays
 * unmanaged. Policy fields are written only where they differ from the defaults.
 */
public final class SpecWriter {
  /** Key lists of repos, written in flow style ({@code [web-01, ci]}) as people write them. */
  private static final List<String> FLOW_LISTS =
      RepoField.TABLE.keyLists().stream().map(RepoField::name).toList();

  /** The spec as YAML text; {@code header} lines become comments at the top (may be empty). */
  public String write(DesiredState state, List<String> header) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", 1);
    List<Object> keys = new ArrayList<>();
    for (DesiredKey k : state.keys()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", text(k.name()));
      m.put("publicKey", text(k.publicKey().toLine()));
      keys.add(m);
    }
    root.put("keys", keys);
    List<Object> repos = new ArrayList<>();
    for (DesiredRepo r : state.repos()) repos.add(repo(r));
    root.put("repos", repos);
    Map<String, Object> policy = policy(state.policy());
    if (!policy.isEmpty()) root.put("policy", policy);

    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    // Public key lines are long (RSA: 500+ characters); folding them would only hurt diffs.
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    options.setProcessComments(true);
    // Never anchors and aliases: the loader limits them, and people do not write them.
    options.setDereferenceAliases(true);
    Yaml yaml = new Yaml(options);
    Node node = yaml.represent(root);
    flowKeyLists(node, null);
    if (!header.isEmpty()) {
      List<CommentLine> comments = new ArrayList<>();
      for (String line : header) {
        comments.add(
            new CommentLine(null, null, line.isEmpty() ? "" : " " + line, CommentType.BLOCK));
      }
      comments.add(new CommentLine(null, null, "", CommentType.BLANK_LINE));
      node.setBlockComments(comments);
    }
    StringWriter out = new StringWriter();
    yaml.serialize(node, out);
    return out.toString();
  }

  private static Map<String, Object> repo(DesiredRepo r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", text(r.name()));
    if (r.id() != null) m.put("id", text(r.id()));
    if (r.region() != null) m.put("region", r.region().wire());
    for (RepoField<?, ?> f : RepoField.inOrder(r.values().keySet(), RepoField.TABLE.shown())) {
      Object v = value(r, f);
      if (f.group().isPresent()) {
        @SuppressWarnings("unchecked") // the writer puts only maps under a group's name
        Map<String, Object> group =
            (Map<String, Object>) m.computeIfAbsent(f.group().get(), g -> new LinkedHashMap<>());
        group.put(f.name(), v);
      } else {
        m.put(f.name(), v);
      }
    }
    return m;
  }

  /** A field's value as the spec writes it. */
  private static <V> Object value(DesiredRepo r, RepoField<V, ?> f) {
    V v = r.get(f).orElseThrow();
    return switch (f.kind()) {
      case QUOTA -> quota((Quota) v);
      case KEY_LIST -> texts(r.get(f.asKeyList()).orElseThrow());
      case TIMEZONE -> text((String) v);
      default -> f.plain(v);
    };
  }

  /** The short form (500GB, 1.5TB) when it reads back exactly, else a plain number of MB. */
  private static Object quota(Quota q) {
    if (!q.enabled()) return "none";
    String shown = q.display();
    try {
      if (QuotaParser.parse(shown).equals(q)) return shown;
    } catch (IllegalArgumentException e) {
      // Fall through to the exact number.
    }
    return q.megabytes();
  }

  private static Map<String, Object> policy(Policy p) {
    Policy d = Policy.defaults();
    Map<String, Object> m = new LinkedHashMap<>();
    if (p.pruneKeys() != d.pruneKeys()) m.put("pruneKeys", p.pruneKeys());
    if (p.pruneRepos() != d.pruneRepos()) m.put("pruneRepos", p.pruneRepos());
    if (!p.ignoreKeys().isEmpty() || !p.ignoreRepos().isEmpty()) {
      Map<String, Object> ignore = new LinkedHashMap<>();
      if (!p.ignoreKeys().isEmpty()) ignore.put("keys", texts(p.ignoreKeys()));
      if (!p.ignoreRepos().isEmpty()) ignore.put("repos", texts(p.ignoreRepos()));
      m.put("ignore", ignore);
    }
    if (p.maxDeletePercent() != d.maxDeletePercent())
      m.put("maxDeletePercent", p.maxDeletePercent());
    return m;
  }

  private static void flowKeyLists(Node node, @Nullable String field) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        String name = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        flowKeyLists(t.getValueNode(), name);
      }
    } else if (node instanceof SequenceNode s) {
      if (FLOW_LISTS.contains(field)) s.setFlowStyle(DumperOptions.FlowStyle.FLOW);
      for (Node item : s.getValue()) flowKeyLists(item, null);
    }
  }

  /**
   * A fresh list every time: SnakeYAML writes an anchor and aliases for one object met twice (e.g.
   * a shared empty list), and the loader limits aliases.
   */
  private static List<String> texts(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) out.add(text(v));
    return out;
  }

  /** Undoes interpolation: the loader turns <code>$${</code> back into <code>${</code>. */
  private static String text(String s) {
    return s.replace("${", "$${");
  }
}
