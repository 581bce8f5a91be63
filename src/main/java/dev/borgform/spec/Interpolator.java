package dev.borgform.spec;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} in string values, taken from the environment so secrets and per-host keys stay
 * out of the repo. An unset variable is an error, never an empty string: an empty key or name
 * would plan a destructive change. {@code $${} writes a literal {@code ${}.
 */
final class Interpolator {
  private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;

  Interpolator(Map<String, String> env) {
    this.env = env;
  }

  /** The result, or the problem; exactly one is non-null. */
  record Result(String value, String problem, String problemDetail, boolean substituted) {}

  Result apply(String text) {
    if (text.indexOf('$') < 0) return new Result(text, null, null, false);
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean substituted = false;
    int last = 0;
    while (m.find()) {
      if (text.substring(last, m.start()).contains("${")) return unclosed();
      out.append(text, last, m.start());
      last = m.end();
      if (m.group().equals("$${")) {
        out.append("${");
        continue;
      }
      String name = m.group(1);
      if (!NAME.matcher(name).matches()) {
        return new Result(
            null,
            Ctx.quoted("${" + name + "}") + " is not a valid variable reference",
            "Variable names are letters, digits and underscores, not starting with a digit;"
                + " write $${ for a literal ${.",
            false);
      }
      String v = env.get(name);
      if (v == null) {
        return new Result(
            null,
            "environment variable " + name + " is not set",
            "Set "
                + name
                + " before running borgform (for example `export "
                + name
                + "=...`), or write the value into the spec.",
            false);
      }
      out.append(v);
      substituted = true;
    }
    if (text.substring(last).contains("${")) return unclosed();
    out.append(text, last, text.length());
    return new Result(out.toString(), null, null, substituted);
  }

  private static Result unclosed() {
    return new Result(
        null,
        "a \"${\" has no closing \"}\"",
        "Write ${NAME} for an environment variable, or $${ for a literal ${.",
        false);
  }
}
