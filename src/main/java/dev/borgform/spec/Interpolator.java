package dev.borgform.spec;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code ${VAR}} in string values, taken from the environment so per-host keys and names stay out
 * of the repo. An unset variable is an error, never an empty string: an empty key or name would
 * plan a destructive change. <code>$${</code> writes a literal <code>${</code>.
 *
 * <p>Default-deny: only variables whose names start with {@link #PREFIX} are read. A spec often
 * comes from a pull request, and its author must not be able to read the CI job's secrets (the API
 * token, a registry password) by naming them in a repo name that the plan then prints, sends to
 * BorgBase and saves. The name is checked before the environment is looked at, so an error never
 * tells whether some other variable is set. A {@code BORGFORM_} variable that holds the API token
 * (copied from {@code BORGBASE_TOKEN} or the {@code --token-file}) is refused too, without ever
 * showing its value: the token is never spec text, whatever the variable is called.
 */
final class Interpolator {
  /** The only variables a spec may read. */
  static final String PREFIX = "BORGFORM_";

  private static final String TOKEN_VARIABLE = "BORGBASE_TOKEN";

  private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;
  private final List<String> secrets;

  /**
   * @param env the process environment
   * @param secrets values no variable may hold, even in part (the API token of this run)
   */
  Interpolator(Map<String, String> env, List<String> secrets) {
    this.env = env;
    this.secrets = List.copyOf(secrets);
  }

  /** The result, or the problem; exactly one is non-null. */
  record Result(
      @Nullable String value,
      @Nullable String problem,
      @Nullable String problemDetail,
      boolean substituted) {}

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
      if (name.equals(TOKEN_VARIABLE)) return tokenRefused(name);
      if (!name.startsWith(PREFIX)) {
        return new Result(
            null,
            "${"
                + name
                + "} cannot be used: a spec reads only environment variables whose names start"
                + " with "
                + PREFIX,
            "If its value belongs in the spec, export it as "
                + suggestedName(name)
                + " and write ${"
                + suggestedName(name)
                + "}. No other variable is read, so a spec from a pull request cannot read the"
                + " secrets of the job that runs it (docs/spec.md, \"Environment variables\").",
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
      if (holdsSecret(v)) return tokenRefused(name);
      out.append(v);
      substituted = true;
    }
    if (text.substring(last).contains("${")) return unclosed();
    out.append(text, last, text.length());
    return new Result(out.toString(), null, null, substituted);
  }

  private static Result tokenRefused(String name) {
    return new Result(
        null,
        name.equals(TOKEN_VARIABLE)
            ? "${" + name + "} is the API token, which a spec can never use"
            : "environment variable " + name + " holds the API token, which a spec can never use",
        "The token authenticates borgform and is never part of a spec: it would be printed in"
            + " plans, saved in plan files and sent to BorgBase as a name. Remove ${"
            + name
            + "} from the spec; give the token only in BORGBASE_TOKEN or --token-file.",
        false);
  }

  private boolean holdsSecret(String value) {
    for (String s : secrets) if (value.contains(s)) return true;
    return false;
  }

  /** The name with the prefix, for the hint (never read: it is only a suggestion). */
  private static String suggestedName(String name) {
    return name.startsWith("_") ? PREFIX + name.substring(1) : PREFIX + name;
  }

  private static Result unclosed() {
    return new Result(
        null,
        "a \"${\" has no closing \"}\"",
        "Write ${" + PREFIX + "NAME} for an environment variable, or $${ for a literal ${.",
        false);
  }
}
