package dev.borgform.render;

import dev.borgform.diag.FailureException;
import dev.borgform.diag.Printable;
import dev.borgform.diag.UsageException;
import dev.borgform.model.OutputValues;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code borgform output --format env}: one {@code NAME='value'} line per value, for {@code eval}
 * in a shell, a {@code .env} file or {@code $GITHUB_ENV}. Names are {@code BORGFORM_REPO_} or
 * {@code BORGFORM_KEY_}, the object's name upper-cased with every character but ASCII letters and
 * digits made {@code _}, then the value's name ({@code BORGFORM_REPO_WEB_01_PATH}).
 *
 * <p>Values come from the account and may hold anything. Each is in single quotes, a quote inside
 * written {@code '\''}, so a shell takes it as one word and runs nothing; a value with a line break
 * or another control character is refused, since a line-based reader ({@code $GITHUB_ENV}, a {@code
 * .env} parser) would take what follows the break as a variable of its own. Objects not in the
 * account get no lines (an empty path would be worse than none).
 */
public final class OutputEnvRenderer {
  public void render(OutputValues values, PrintWriter out) {
    Map<String, String> lines = new LinkedHashMap<>();
    Map<String, String> owners = new LinkedHashMap<>();
    for (OutputValues.Repo r : values.repos()) {
      String prefix = "BORGFORM_REPO_" + variablePart(r.name());
      claim(owners, prefix, "repo \"" + Printable.of(r.name()) + "\"");
      if (r.missing()) continue;
      put(lines, prefix + "_ID", r.id(), r.name());
      put(lines, prefix + "_REGION", r.region(), r.name());
      put(lines, prefix + "_PATH", r.repoPath(), r.name());
      if (r.server() != null) {
        put(lines, prefix + "_HOSTNAME", r.server().hostname(), r.name());
        put(lines, prefix + "_HOST_KEY_RSA", r.server().rsa(), r.name());
        put(lines, prefix + "_HOST_KEY_ECDSA", r.server().ecdsa(), r.name());
        put(lines, prefix + "_HOST_KEY_ED25519", r.server().ed25519(), r.name());
      }
    }
    for (OutputValues.Key k : values.keys()) {
      String prefix = "BORGFORM_KEY_" + variablePart(k.name());
      claim(owners, prefix, "key \"" + Printable.of(k.name()) + "\"");
      if (k.missing()) continue;
      put(lines, prefix + "_ID", k.id(), k.name());
      put(lines, prefix + "_FINGERPRINT", k.fingerprint(), k.name());
    }
    lines.forEach((name, value) -> out.println(name + "=" + value));
    out.flush();
  }

  /** The object's name as part of a variable name: upper case, ASCII letters and digits, _. */
  static String variablePart(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
    }
    return b.toString();
  }

  private static void claim(Map<String, String> owners, String prefix, String what) {
    String other = owners.putIfAbsent(prefix, what);
    if (other != null) {
      throw new UsageException(
          other + " and " + what + " both become " + prefix + "_... in --format env",
          "Name the objects you need (borgform output --format env NAME...), or use --format json,"
              + " which keeps names as they are.");
    }
  }

  private static void put(
      Map<String, String> lines, String name, @Nullable String value, String owner) {
    if (value == null) return;
    if (!Printable.isClean(value)) {
      throw new FailureException(
          "the account's value for "
              + name
              + " (of \""
              + Printable.of(owner)
              + "\") holds a line break or another control character; nothing was written",
          "Use --format json, which escapes it, and check that object in the BorgBase web UI.",
          null);
    }
    lines.put(name, "'" + value.replace("'", "'\\''") + "'");
  }
}
