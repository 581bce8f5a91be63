package dev.borgform.spec;

import dev.borgform.model.OutputValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code borgform output} as YAML: the JSON document's tree, and the {@code repositories:} entries
 * a borgmatic configuration needs. Written by SnakeYAML, which quotes whatever a name or path from
 * the account holds, so no value can add a key or a line of its own.
 */
public final class OutputYaml {
  private OutputYaml() {}

  /** {@code tree} (the JSON document's content) as a YAML document. */
  public static String yaml(Map<String, Object> tree) {
    return yaml().dump(tree);
  }

  /**
   * borgmatic's {@code repositories:} list, one {@code path} and {@code label} per repo (borgmatic
   * 1.7.10 and later; the label is the repo's name). Every repo must be in the account.
   */
  public static String borgmatic(List<OutputValues.Repo> repos) {
    List<Object> entries = new ArrayList<>();
    for (OutputValues.Repo r : repos) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", r.repoPath());
      e.put("label", r.name());
      entries.add(e);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("repositories", entries);
    return yaml().dump(root);
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    options.setDereferenceAliases(true);
    return new Yaml(options);
  }
}
