package dev.borgform.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A fish completion script made from picocli's command model, so it lists exactly the commands and
 * options borgform has (picocli generates bash only). One {@code complete} line per command, option
 * and fixed argument value; fish's own helpers tell the command position apart.
 */
final class FishCompletion {
  private FishCompletion() {}

  static String script(CommandLine root) {
    String name = root.getCommandName();
    StringBuilder out = new StringBuilder();
    out.append("# fish completion for ")
        .append(name)
        .append(", made from its command model by `")
        .append(name)
        .append(" completion fish`.\n")
        .append("# Copy to ~/.config/fish/completions/")
        .append(name)
        .append(".fish, or: ")
        .append(name)
        .append(" completion fish | source\n\n");
    String atTop = "__fish_use_subcommand";
    for (OptionSpec o : root.getCommandSpec().options()) {
      if (!o.hidden()) out.append(option(name, atTop, o));
    }
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (sub.usageMessage().hidden() || !e.getKey().equals(sub.name())) continue;
      out.append("\n")
          .append(line(name, atTop, "-f -a " + quote(sub.name()), summary(sub)))
          .append('\n');
      String in = "__fish_seen_subcommand_from " + sub.name();
      for (OptionSpec o : sub.options()) {
        if (!o.hidden()) out.append(option(name, in, o));
      }
      for (PositionalParamSpec p : sub.positionalParameters()) {
        List<String> values = candidates(p.completionCandidates());
        if (!p.hidden() && !values.isEmpty()) {
          out.append(
                  line(
                      name,
                      in,
                      "-f -a " + quote(String.join(" ", values)),
                      firstSentence(describe(p.description(), p.defaultValueString(), values))))
              .append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String option(String command, String condition, OptionSpec o) {
    StringBuilder flags = new StringBuilder();
    for (String n : o.names()) {
      if (n.startsWith("--")) flags.append(" -l ").append(n.substring(2));
      else if (n.startsWith("-") && n.length() == 2) flags.append(" -s ").append(n.substring(1));
      else flags.append(" -o ").append(n.substring(1));
    }
    List<String> values = candidates(o.completionCandidates());
    if (o.arity().min() > 0) {
      // A fixed set of values excludes files; any other value may well be a file (-f SPEC).
      flags.append(values.isEmpty() ? " -r" : " -x -a " + quote(String.join(" ", values)));
      if (values.isEmpty() && isFile(o.type())) flags.append(" -F");
    } else if (o.arity().max() > 0
        && CompletionModel.OPTIONAL_FILE_OPTIONS.contains(o.longestName())) {
      // An optional value comes only after '=' (--sandbox=FILE); fish then completes file names,
      // and a word after a space is still the next argument.
      flags.append(" -F");
    }
    String description = describe(o.description(), o.defaultValueString(), values);
    return line(command, condition, flags.substring(1), firstSentence(description)) + "\n";
  }

  private static boolean isFile(Class<?> type) {
    return Path.class.isAssignableFrom(type) || java.io.File.class.equals(type);
  }

  private static String line(String command, String condition, String what, String description) {
    String s = "complete -c " + command + " -n " + quote(condition) + " " + what;
    return description.isEmpty() ? s : s + " -d " + quote(description);
  }

  private static List<String> candidates(Iterable<String> it) {
    List<String> out = new ArrayList<>();
    if (it != null) it.forEach(out::add);
    return out;
  }

  private static String summary(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : firstSentence(d[0]);
  }

  /** The description as help shows it: picocli's variables filled in, lines joined. */
  private static String describe(String[] lines, String defaultValue, List<String> values) {
    return String.join(" ", lines)
        .replace("${DEFAULT-VALUE}", String.valueOf(defaultValue))
        .replace("${COMPLETION-CANDIDATES}", String.join(", ", values))
        .replace("%n", " ")
        .replace("%%", "%");
  }

  /** fish shows one short line beside each candidate. */
  private static String firstSentence(String text) {
    String t = text.strip();
    int end = t.indexOf(". ");
    String s = end < 0 ? t : t.substring(0, end);
    if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
    return s;
  }

  /** A fish single-quoted string: only backslash and the quote itself are special. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
