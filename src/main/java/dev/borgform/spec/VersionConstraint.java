package dev.borgform.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec's {@code requiredVersion}: comparisons joined by commas, all of which must hold, with
 * Terraform's operators and meaning ({@code required_version}):
 *
 * <ul>
 *   <li>{@code =} (or no operator), {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=};
 *   <li>{@code ~>} allows only the rightmost given part to grow: {@code ~> 0.1} is {@code >= 0.1, <
 *       1.0}; {@code ~> 0.1.2} is {@code >= 0.1.2, < 0.2.0}.
 * </ul>
 *
 * Versions have one to three numbers; missing ones count as 0. A development build ({@code
 * 0.1.0-SNAPSHOT}) counts as the version it leads to ({@code 0.1.0}): the suffix is ignored, so a
 * spec pinned to a release also works with a build of that release's source.
 */
final class VersionConstraint {
  private static final Pattern CLAUSE =
      Pattern.compile(
          "(=|!=|>=|<=|>|<|~>)?\\s*([0-9]{1,9})(?:\\.([0-9]{1,9}))?(?:\\.([0-9]{1,9}))?");
  private static final Pattern RUNNING =
      Pattern.compile("([0-9]{1,9})(?:\\.([0-9]{1,9}))?(?:\\.([0-9]{1,9}))?([^0-9.].*)?");

  @SuppressWarnings("ArrayRecordComponent") // private; compared through compare(), never equals
  private record Clause(String op, int[] version, int given) {
    boolean allows(int[] v) {
      int c = compare(v, version);
      switch (op) {
        case "=":
          return c == 0;
        case "!=":
          return c != 0;
        case ">":
          return c > 0;
        case ">=":
          return c >= 0;
        case "<":
          return c < 0;
        case "<=":
          return c <= 0;
        default: // ~>
          if (c < 0) return false;
          for (int i = 0; i < given - 1; i++) if (v[i] != version[i]) return false;
          return true;
      }
    }
  }

  private final List<Clause> clauses;

  private VersionConstraint(List<Clause> clauses) {
    this.clauses = List.copyOf(clauses);
  }

  /** The constraint, or an exception whose message says which part is wrong and why. */
  static VersionConstraint parse(String text) {
    List<Clause> clauses = new ArrayList<>();
    String[] parts = text.split(",", -1);
    for (String part : parts) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException(
            parts.length == 1 ? "it is empty" : "it has an empty part between commas");
      }
      Matcher m = CLAUSE.matcher(p);
      if (!m.matches()) {
        throw new IllegalArgumentException(Ctx.quoted(p) + " is not an operator and a version");
      }
      int given = m.group(4) != null ? 3 : m.group(3) != null ? 2 : 1;
      int[] v = new int[3];
      for (int i = 0; i < given; i++) v[i] = Integer.parseInt(m.group(i + 2));
      clauses.add(new Clause(m.group(1) == null ? "=" : m.group(1), v, given));
    }
    return new VersionConstraint(clauses);
  }

  /** Whether a borgform of {@code version} (e.g. {@code 0.1.0}, {@code 0.2.0-SNAPSHOT}) fits. */
  boolean allows(String version) {
    Matcher m = RUNNING.matcher(version);
    // A build that does not know its version (no Maven resources) is not held back by the spec.
    if (!m.matches()) return true;
    int[] v = new int[3];
    for (int i = 0; i < 3; i++) {
      String g = m.group(i + 1);
      v[i] = g == null ? 0 : Integer.parseInt(g);
    }
    for (Clause c : clauses) if (!c.allows(v)) return false;
    return true;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
    return 0;
  }
}
