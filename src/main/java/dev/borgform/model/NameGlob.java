package dev.borgform.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Name globs of policy.ignore: {@code *} is any run of characters, {@code ?} one character. One
 * definition, so the spec loader's checks and the planner read a pattern the same way.
 */
public final class NameGlob {
  private final List<Pattern> patterns;

  public NameGlob(List<String> globs) {
    this(globs, 0);
  }

  private NameGlob(List<String> globs, int flags) {
    this.patterns = globs.stream().map(g -> compile(g, flags)).toList();
  }

  /**
   * The same globs matched without regard to case: only to tell a user whose pattern matched
   * nothing that it would with other capitals (names match case-sensitively).
   */
  public static NameGlob ignoringCase(List<String> globs) {
    return new NameGlob(globs, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /**
   * True for a glob written as a regular expression ({@code legacy-.*}, {@code web-[0-9]+}, {@code
   * ^db}): characters a glob takes literally but a regex treats specially, where names seldom have
   * them.
   */
  public static boolean looksLikeRegex(String glob) {
    return glob.contains(".*")
        || glob.contains(".+")
        || glob.contains("\\")
        || glob.startsWith("^")
        || glob.endsWith("$")
        || glob.matches(".*(\\[.*]|\\(.*\\)|\\{[0-9,]+}|\\|).*");
  }

  public boolean matches(String name) {
    for (Pattern p : patterns) if (p.matcher(name).matches()) return true;
    return false;
  }

  private static Pattern compile(String glob, int flags) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) re.append(Pattern.quote(literal.toString()));
    return Pattern.compile(re.toString(), Pattern.DOTALL | flags);
  }
}
