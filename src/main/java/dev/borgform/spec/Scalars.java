package dev.borgform.spec;

import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a scalar means, by the YAML 1.2 core schema rather than SnakeYAML's YAML 1.1 rules. Editors
 * (and the JSON Schema in docs/) read YAML 1.2, where {@code yes} and {@code on} are text and
 * {@code 1_000} is not a number; reading the spec the same way means the editor and borgform never
 * disagree about a value's type.
 */
final class Scalars {
  enum Kind {
    NULL("empty"),
    BOOL("true/false"),
    INT("a number"),
    FLOAT("a decimal number"),
    STR("text");

    final String described;

    Kind(String described) {
      this.described = described;
    }
  }

  // The YAML 1.2 core schema's null and boolean forms: whole values, compared without a regular
  // expression (names such as "nas-01" or "test" start with the same letters).
  private static final Set<String> NULL = Set.of("~", "null", "Null", "NULL", "");
  private static final Set<String> BOOL = Set.of("true", "True", "TRUE", "false", "False", "FALSE");
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  /** A decimal integer, the only integer form the spec takes. */
  static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");

  private Scalars() {}

  static Kind kind(ScalarNode s) {
    if (!s.isPlain()) return Kind.STR;
    Kind k = kindOfPlain(s.getValue());
    // An explicit !!str on a plain scalar makes it text: the tag is STR where SnakeYAML's own
    // resolution would have given another (checked only in this rare case; it costs a regex).
    if (k != Kind.STR && Tag.STR.equals(s.getTag()) && !Tag.STR.equals(implicitTag(s.getValue()))) {
      return Kind.STR;
    }
    return k;
  }

  static Kind kindOfPlain(String v) {
    // Names, regions and key lines make up most scalars of a large spec; none of the patterns
    // below can match a value starting with any other character than these, so four regular
    // expressions per scalar are skipped for them.
    if (!v.isEmpty() && "~nNtTfF+-.0123456789".indexOf(v.charAt(0)) < 0) return Kind.STR;
    // Decimal integers (alert days, ports, the version) are the other common case; they match
    // INT, and neither NULL nor BOOL, which are tried before it, can start with a digit or sign.
    if (isDecimal(v)) return Kind.INT;
    if (NULL.contains(v)) return Kind.NULL;
    if (BOOL.contains(v)) return Kind.BOOL;
    // A quota such as 10GB starts with a digit but holds a letter neither pattern below allows.
    if (!onlyNumberCharacters(v)) return Kind.STR;
    if (INT.matcher(v).matches()) return Kind.INT;
    if (FLOAT.matcher(v).matches()) return Kind.FLOAT;
    return Kind.STR;
  }

  /** Every character INT and FLOAT can match: digits, signs, the point, and their letters. */
  private static final String NUMBER_CHARACTERS = "0123456789+-.oxabcdefABCDEFinINF";

  private static boolean onlyNumberCharacters(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (NUMBER_CHARACTERS.indexOf(v.charAt(i)) < 0) return false;
    }
    return true;
  }

  /** {@code [-+]?[0-9]+}, without a regular expression. */
  private static boolean isDecimal(String v) {
    int start = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    if (start == v.length()) return false;
    for (int i = start; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static final org.yaml.snakeyaml.resolver.Resolver RESOLVER =
      new org.yaml.snakeyaml.resolver.Resolver();

  /** The tag SnakeYAML gives a plain scalar without an explicit tag. */
  static Tag implicitTag(String value) {
    return RESOLVER.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, value, true);
  }
}
