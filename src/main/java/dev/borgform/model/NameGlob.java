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
    this.patterns = globs.stream().map(NameGlob::compile).toList();
  }

  public boolean matches(String name) {
    for (Pattern p : patterns) if (p.matcher(name).matches()) return true;
    return false;
  }

  private static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
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
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
