package dev.borgform.release;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages in roff (man(7) macros) made from picocli's command model: {@code borgform(1)} and one
 * {@code borgform-COMMAND(1)} per command, as git has. picocli-codegen writes AsciiDoc, which needs
 * Asciidoctor (a Ruby runtime) to become roff; the model already holds every piece a man page has,
 * so the pages are written straight from it and stay in step with {@code --help}.
 */
final class ManPages {
  private final String version;
  private final LocalDate date;

  ManPages(String version, LocalDate date) {
    this.version = version;
    this.date = date;
  }

  /** File name ({@code borgform-plan.1}) to page text, the root command first. */
  Map<String, String> pages(CommandLine root) {
    Map<String, String> out = new LinkedHashMap<>();
    String rootName = root.getCommandName();
    out.put(rootName + ".1", page(root, rootName, null));
    root.getSubcommands()
        .forEach(
            (name, sub) -> {
              CommandSpec spec = sub.getCommandSpec();
              if (!spec.usageMessage().hidden() && name.equals(spec.name())) {
                out.put(rootName + "-" + name + ".1", page(sub, rootName + "-" + name, root));
              }
            });
    return out;
  }

  private String page(CommandLine cmd, String title, CommandLine parent) {
    CommandSpec spec = cmd.getCommandSpec();
    StringBuilder m = new StringBuilder();
    m.append(".\\\" ")
        .append(title)
        .append("(1): made from borgform's command model by the release build; do not edit.\n");
    m.append(".TH \"")
        .append(title.toUpperCase(Locale.ROOT))
        .append("\" \"1\" \"")
        .append(date)
        .append("\" \"borgform ")
        .append(version)
        .append("\" \"borgform Manual\"\n");
    m.append(".SH NAME\n")
        .append(esc(title))
        .append(" \\- ")
        .append(esc(firstSentence(text(spec.usageMessage().description()))))
        .append('\n');
    m.append(".SH SYNOPSIS\n.nf\n");
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    for (String line : help.synopsis(0).stripTrailing().split("\n")) {
      m.append(esc(line)).append('\n');
    }
    m.append(".fi\n");
    m.append(".SH DESCRIPTION\n").append(paragraph(text(spec.usageMessage().description())));

    List<PositionalParamSpec> args =
        spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    if (!args.isEmpty()) {
      m.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : args) {
        m.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n");
        m.append(paragraph(describe(p)));
      }
    }
    List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
    if (!options.isEmpty()) {
      m.append(".SH OPTIONS\n");
      for (OptionSpec o : options) {
        m.append(".TP\n").append(optionTag(o)).append('\n');
        m.append(paragraph(describe(o)));
      }
    }
    if (parent == null && !cmd.getSubcommands().isEmpty()) {
      m.append(".SH COMMANDS\n");
      cmd.getSubcommands()
          .forEach(
              (name, sub) -> {
                CommandSpec s = sub.getCommandSpec();
                if (s.usageMessage().hidden() || !name.equals(s.name())) return;
                m.append(".TP\n\\fB")
                    .append(esc(spec.name() + "-" + name))
                    .append("\\fR(1)\n")
                    .append(paragraph(firstSentence(text(s.usageMessage().description()))));
              });
    }
    Map<String, String> exits = spec.usageMessage().exitCodeList();
    if (!exits.isEmpty()) {
      m.append(".SH EXIT STATUS\n");
      exits.forEach(
          (code, meaning) ->
              m.append(".TP\n\\fB")
                  .append(esc(code.strip()))
                  .append("\\fR\n")
                  .append(paragraph(meaning)));
    }
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      String heading = format(spec.usageMessage().footerHeading()).strip();
      if (heading.endsWith(":")) heading = heading.substring(0, heading.length() - 1);
      m.append(".SH ")
          .append(esc(heading.isEmpty() ? "EXAMPLES" : heading.toUpperCase(Locale.ROOT)))
          .append("\n.nf\n.RS 4\n");
      for (String line : footer) m.append(esc(format(line).stripTrailing())).append('\n');
      m.append(".RE\n.fi\n");
    }
    m.append(".SH SEE ALSO\n");
    List<String> see = new ArrayList<>();
    CommandLine top = parent == null ? cmd : parent;
    see.add(top.getCommandName());
    top.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandSpec().usageMessage().hidden()
                  && name.equals(sub.getCommandSpec().name())) {
                see.add(top.getCommandName() + "-" + name);
              }
            });
    see.remove(title);
    m.append(String.join(",\n", see.stream().map(s -> "\\fB" + esc(s) + "\\fR(1)").toList()))
        .append('\n');
    return m.toString();
  }

  private static String optionTag(OptionSpec o) {
    StringBuilder t = new StringBuilder();
    for (String n : o.names()) {
      if (t.length() > 0) t.append(", ");
      t.append("\\fB").append(esc(n)).append("\\fR");
    }
    if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
      boolean optional = o.arity().min() == 0;
      t.append(optional ? "[=" : "=")
          .append("\\fI")
          .append(esc(o.paramLabel()))
          .append("\\fR")
          .append(optional ? "]" : "");
    }
    return t.toString();
  }

  /** An option's or argument's description as help prints it: its variables filled in. */
  private static String describe(ArgSpec a) {
    List<String> values = new ArrayList<>();
    if (a.completionCandidates() != null) a.completionCandidates().forEach(values::add);
    return text(a.description())
        .replace("${DEFAULT-VALUE}", String.valueOf(a.defaultValueString()))
        .replace("${COMPLETION-CANDIDATES}", String.join(", ", values));
  }

  private static String text(String[] lines) {
    return format(String.join(" ", lines));
  }

  /** picocli's texts are format strings: %n is a line break, %% a percent sign. */
  private static String format(String s) {
    return s.replace("%n", "\n").replace("%%", "%");
  }

  private static String firstSentence(String text) {
    String t = text.strip();
    int end = t.indexOf(". ");
    String s = end < 0 ? t : t.substring(0, end);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Text as filled roff lines: each line of the text, escaped; an empty one starts a paragraph. */
  private static String paragraph(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.strip().split("\n")) {
      b.append(line.isBlank() ? ".PP" : esc(line.strip())).append('\n');
    }
    return b.toString();
  }

  /**
   * Text escaped for roff: a backslash is {@code \e}, a hyphen {@code \-} (so option names copy and
   * search as typed), and a line may not start with a control character ({@code .} or {@code '}).
   */
  static String esc(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
