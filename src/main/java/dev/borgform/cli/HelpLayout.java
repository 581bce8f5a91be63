package dev.borgform.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help at 80 columns without breaking a name such as {@code policy.pruneRepos} at its dot: picocli
 * wraps text where {@link java.text.BreakIterator} allows, and the JDK's allows a break after a dot
 * followed by a letter (nor does it honour U+2060 WORD JOINER there). While the help is laid out,
 * each dot inside a word is a private-use character, which the JDK breaks like a letter; the
 * finished help has the dot back, so what is printed and copied is the plain name, one column each,
 * as laid out.
 */
final class HelpLayout {
  private static final String DOT = "\uE000";
  private static final Pattern DOT_IN_WORD = Pattern.compile("(?<=[A-Za-z0-9])\\.(?=[A-Za-z])");

  private HelpLayout() {}

  /** Applies to the command tree of one run (the tree that prints help). */
  static void apply(CommandLine root) {
    layOut(root);
    for (CommandLine sub : root.getSubcommands().values()) layOut(sub);
  }

  private static void layOut(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    UsageMessageSpec usage = spec.usageMessage();
    usage.description(join(usage.description()));
    for (OptionSpec o : List.copyOf(spec.options())) {
      String[] joined = join(o.description());
      if (!List.of(joined).equals(List.of(o.description()))) {
        spec.remove(o);
        spec.addOption(OptionSpec.builder(o).description(joined).build());
      }
    }
    // Labels too: the synopsis wraps them like text (show's "PLAN.json" broke at its dot).
    for (PositionalParamSpec p : List.copyOf(spec.positionalParameters())) {
      String label = join(new String[] {p.paramLabel()})[0];
      if (!label.equals(p.paramLabel())) {
        spec.remove(p);
        spec.addPositional(PositionalParamSpec.builder(p).paramLabel(label).build());
      }
    }
    Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
    for (Map.Entry<String, CommandLine.IHelpSectionRenderer> e : sections.entrySet()) {
      CommandLine.IHelpSectionRenderer original = e.getValue();
      e.setValue(help -> original.render(help).replace(DOT, "."));
    }
    cl.setHelpSectionMap(sections);
  }

  private static String[] join(String[] lines) {
    String[] out = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = DOT_IN_WORD.matcher(lines[i]).replaceAll(DOT);
    }
    return out;
  }
}
