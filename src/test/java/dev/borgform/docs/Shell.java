package dev.borgform.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough shell syntax to find the commands in a documentation block or a CI script and the
 * borgform invocations among them: quotes, comments, continuation lines, lists and pipelines,
 * redirections, leading variable assignments and keywords. The commands themselves always run
 * through a real bash; this only reads them.
 */
final class Shell {
  private Shell() {}

  /** One command of a block as written (continuation lines joined), with its trailing comment. */
  record Command(int line, String text, String comment) {
    private static final Pattern EXIT = Pattern.compile("^exit (\\d+)\\b");
    private static final Pattern TYPE_YES = Pattern.compile("\\btype yes\\b");

    /** The exit code a trailing comment starts with ({@code # exit 2: changes}), else 0. */
    int expectedExit() {
      Matcher m = EXIT.matcher(comment);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** A trailing comment that tells the reader to type yes: the command asks for confirmation. */
    boolean typesYes() {
      return TYPE_YES.matcher(comment).find();
    }

    /** The command without its comment. */
    String code() {
      int c = commentStart(text);
      return (c < 0 ? text : text.substring(0, c)).strip();
    }
  }

  /** An invocation of borgform: its arguments, quotes removed. */
  record Invocation(List<String> args) {}

  /**
   * Splits the lines of a block into commands: lines ending in a backslash continue on the next
   * line; blank lines and lines holding only a comment are not commands.
   */
  static List<Command> commands(List<String> lines, int firstLine) {
    List<Command> out = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (start < 0) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        start = firstLine + i;
      }
      int c = commentStart(line);
      String code = c < 0 ? line : line.substring(0, c);
      if (c < 0 && code.stripTrailing().endsWith("\\")) {
        text.append(line).append('\n');
        continue;
      }
      text.append(line);
      String full = text.toString();
      int fc = commentStart(full);
      out.add(new Command(start, full, fc < 0 ? "" : full.substring(fc + 1).strip()));
      text.setLength(0);
      start = -1;
    }
    if (start >= 0) {
      String full = text.toString();
      out.add(new Command(start, full, ""));
    }
    return out;
  }

  /** Index of the '#' that starts a comment (unquoted, at the start of a word), or -1. */
  static int commentStart(String s) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (single) {
        if (ch == '\'') single = false;
      } else if (ch == '\\') {
        i++;
      } else if (dbl) {
        if (ch == '"') dbl = false;
      } else if (ch == '\'') {
        single = true;
      } else if (ch == '"') {
        dbl = true;
      } else if (ch == '#' && (i == 0 || " \t\n;|&()".indexOf(s.charAt(i - 1)) >= 0)) {
        return i;
      }
    }
    return -1;
  }

  private static final Set<String> KEYWORDS =
      Set.of(
          "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "case", "esac", "!",
          "{", "}", "exec", "time", "command", "nohup");

  /** The borgform invocations in a script, in order. */
  static List<Invocation> borgformInvocations(String script) {
    List<Invocation> out = new ArrayList<>();
    for (List<String> words : simpleCommands(script)) {
      int i = 0;
      while (i < words.size()
          && (KEYWORDS.contains(words.get(i))
              || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
        i++;
      }
      if (i < words.size() && isBorgform(words.get(i))) {
        out.add(new Invocation(List.copyOf(words.subList(i + 1, words.size()))));
      }
    }
    return out;
  }

  static boolean isBorgform(String word) {
    return word.equals("borgform") || word.endsWith("/borgform");
  }

  /**
   * The words of every simple command in the script: split at newlines, ';', '&', '|', '&&', '||',
   * parentheses (subshells, case patterns); redirections and their targets dropped; quotes removed;
   * {@code $(...)} kept whole inside its word; comments skipped.
   */
  static List<List<String>> simpleCommands(String script) {
    List<List<String>> out = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean skipNextWord = false;
    String s = script;
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
        i += 2; // a continuation line is a space
        if (inWord) {
          skipNextWord = addWord(words, word, skipNextWord);
          inWord = false;
        }
        continue;
      }
      if (!inWord && ch == '#') {
        while (i < s.length() && s.charAt(i) != '\n') i++;
        continue;
      }
      if (ch == ' ' || ch == '\t') {
        if (inWord) {
          skipNextWord = addWord(words, word, skipNextWord);
          inWord = false;
        }
        i++;
        continue;
      }
      if (ch == '\n'
          || ch == ';'
          || ch == '|'
          || ch == '('
          || ch == ')'
          || (ch == '&' && !(i + 1 < s.length() && s.charAt(i + 1) == '>'))) {
        if (inWord) {
          skipNextWord = addWord(words, word, skipNextWord);
          inWord = false;
        }
        if (!words.isEmpty()) out.add(words);
        words = new ArrayList<>();
        skipNextWord = false;
        i++;
        continue;
      }
      if (ch == '>' || ch == '<' || (ch == '&' && s.charAt(i + 1) == '>')) {
        // A redirection: drop a leading fd number, the operator, and its target.
        if (inWord && word.toString().matches("\\d+")) {
          word.setLength(0);
          inWord = false;
        } else if (inWord) {
          skipNextWord = addWord(words, word, skipNextWord);
          inWord = false;
        }
        int j = i;
        while (j < s.length() && "<>&".indexOf(s.charAt(j)) >= 0) j++;
        boolean fdTarget =
            s.substring(i, j).endsWith("&") && j < s.length() && Character.isDigit(s.charAt(j));
        if (fdTarget) {
          while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
        } else {
          skipNextWord = true;
        }
        i = j;
        continue;
      }
      inWord = true;
      if (ch == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) end = s.length();
        word.append(s, i + 1, end);
        i = end + 1;
      } else if (ch == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          if (s.charAt(j) == '\\' && j + 1 < s.length() && "\"\\$`".indexOf(s.charAt(j + 1)) >= 0) {
            word.append(s.charAt(j + 1));
            j += 2;
          } else {
            word.append(s.charAt(j++));
          }
        }
        i = j + 1;
      } else if (ch == '\\' && i + 1 < s.length()) {
        word.append(s.charAt(i + 1));
        i += 2;
      } else if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
        int depth = 0;
        int j = i + 1;
        for (; j < s.length(); j++) {
          if (s.charAt(j) == '(') depth++;
          if (s.charAt(j) == ')' && --depth == 0) break;
        }
        word.append(s, i, Math.min(j + 1, s.length()));
        i = j + 1;
      } else {
        word.append(ch);
        i++;
      }
    }
    if (inWord) addWord(words, word, skipNextWord);
    if (!words.isEmpty()) out.add(words);
    return out;
  }

  /** Adds the word unless it is a redirection target; returns the new skip state. */
  private static boolean addWord(List<String> words, StringBuilder word, boolean skip) {
    if (!skip) words.add(word.toString());
    word.setLength(0);
    return false;
  }
}
