package dev.borgform.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of a Markdown file, each with the marker comment that may stand on the
 * line before it (blank lines between are allowed):
 *
 * <ul>
 *   <li>{@code <!-- runnable -->}: the docs test runs the block's commands;
 *   <li>{@code <!-- output -->}: each line must appear, in order, in what the runnable block before
 *       it printed ({@code ...} matches anything);
 *   <li>{@code <!-- file: PATH -->}: the docs test writes the block to PATH before going on.
 * </ul>
 *
 * HTML comments do not show when Markdown is rendered, so the docs read as if they were not there.
 */
final class Markdown {
  private Markdown() {}

  enum Marker {
    NONE,
    RUNNABLE,
    OUTPUT,
    FILE
  }

  /** A fenced block: {@code firstLine} is the 1-based line of its first content line. */
  record Block(
      Path doc, int firstLine, String info, List<String> lines, Marker marker, String file) {
    /** The fence's language word: {@code sh} for {@code ```sh}. */
    String language() {
      String t = info.strip();
      int sp = t.indexOf(' ');
      return sp < 0 ? t : t.substring(0, sp);
    }

    boolean isShell() {
      return SHELL_LANGUAGES.contains(language());
    }

    String where() {
      return doc + ":" + firstLine;
    }
  }

  static final Set<String> SHELL_LANGUAGES = Set.of("sh", "bash", "shell", "console");

  private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})(.*)$");
  private static final Pattern MARKER =
      Pattern.compile("^<!--\\s*(runnable|output|file:\\s*(\\S+))\\s*-->$");
  private static final Pattern ANY_MARKER = Pattern.compile("^<!--\\s*(runnable|output|file)\\b.*");

  static List<Block> blocks(Path file, Path shownAs) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        i++;
        continue;
      }
      String fence = open.group(2);
      String info = open.group(3);
      Marker marker = Marker.NONE;
      String target = null;
      int m = i - 1;
      while (m >= 0 && lines.get(m).isBlank()) m--;
      if (m >= 0) {
        String prev = lines.get(m).strip();
        Matcher mm = MARKER.matcher(prev);
        if (mm.matches()) {
          if (mm.group(1).equals("runnable")) marker = Marker.RUNNABLE;
          else if (mm.group(1).equals("output")) marker = Marker.OUTPUT;
          else {
            marker = Marker.FILE;
            target = mm.group(2);
          }
        } else if (ANY_MARKER.matcher(prev).matches()) {
          throw new IllegalStateException(
              shownAs
                  + ":"
                  + (m + 1)
                  + ": marker not understood: "
                  + prev
                  + " (use <!-- runnable -->, <!-- output --> or <!-- file: PATH -->)");
        }
      }
      List<String> content = new ArrayList<>();
      int j = i + 1;
      for (; j < lines.size(); j++) {
        String t = lines.get(j).strip();
        if (t.startsWith(fence.substring(0, 3))
            && t.chars().allMatch(c -> c == fence.charAt(0))
            && t.length() >= fence.length()) {
          break;
        }
        content.add(stripIndent(lines.get(j), open.group(1).length()));
      }
      out.add(new Block(shownAs, i + 2, info, List.copyOf(content), marker, target));
      i = j + 1;
    }
    return out;
  }

  /** README.md and every Markdown file under docs/, in a stable order. */
  static List<Path> docs(Path root) {
    List<Path> out = new ArrayList<>();
    out.add(root.resolve("README.md"));
    try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String stripIndent(String line, int indent) {
    int k = 0;
    while (k < indent && k < line.length() && line.charAt(k) == ' ') k++;
    return line.substring(k);
  }
}
