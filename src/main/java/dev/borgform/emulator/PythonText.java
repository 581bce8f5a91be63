package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text Python gives a JSON value: BorgBase's server is Python (graphene 2), and its messages
 * and string coercions show values as Python writes them, e.g. {@code Variable "$q" got invalid
 * value {"a": 1}} ({@code json.dumps(v, sort_keys=True)}) or the name {@code 5.0} for the number
 * 5.0 sent where a String is expected ({@code str(v)}). This writes text; it parses nothing.
 */
final class PythonText {
  private PythonText() {}

  /** {@code json.dumps(value, sort_keys=True)}: ASCII only, ", " and ": " separators. */
  static String jsonDumps(JsonNode value) {
    StringBuilder out = new StringBuilder();
    dumps(value, out);
    return out.toString();
  }

  /** {@code str(value)} of the Python object {@code json.loads} makes of this value. */
  static String str(JsonNode value) {
    return value.isTextual() ? value.textValue() : repr(value);
  }

  /** {@code repr(value)} of the Python object {@code json.loads} makes of this value. */
  static String repr(JsonNode value) {
    StringBuilder out = new StringBuilder();
    repr(value, out);
    return out.toString();
  }

  /** Python's name for the type of the object {@code json.loads} makes of this value. */
  static String typeName(JsonNode value) {
    if (value == null || value.isNull()) {
      return "NoneType";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isIntegralNumber()) {
      return "int";
    }
    if (value.isNumber()) {
      return "float";
    }
    if (value.isTextual()) {
      return "str";
    }
    return value.isArray() ? "list" : "dict";
  }

  /** Python's truthiness: None, False, 0, 0.0, "", [] and {} are false. */
  static boolean truthy(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().signum() != 0;
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0.0;
    }
    if (value.isTextual()) {
      return !value.textValue().isEmpty();
    }
    return value.size() > 0;
  }

  /**
   * {@code repr(float)}: the shortest text that reads back as the same double, with ".0" on whole
   * numbers and an exponent outside 1e-4 <= |x| < 1e16.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    // Position of the decimal point relative to the first digit (Python's "decpt").
    int decpt = digits.length() - exact.scale();
    String sign = d < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return sign + "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= digits.length()) {
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
      }
      return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int exponent = decpt - 1;
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  private static void dumps(JsonNode v, StringBuilder out) {
    if (v == null || v.isNull()) {
      out.append("null");
    } else if (v.isBoolean()) {
      out.append(v.booleanValue() ? "true" : "false");
    } else if (v.isIntegralNumber()) {
      out.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      double d = v.doubleValue();
      out.append(
          Double.isNaN(d)
              ? "NaN"
              : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : floatRepr(d));
    } else if (v.isTextual()) {
      jsonString(v.textValue(), out);
    } else if (v.isArray()) {
      out.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        dumps(v.get(i), out);
      }
      out.append(']');
    } else {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        sorted.put(e.getKey(), e.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        jsonString(e.getKey(), out);
        out.append(": ");
        dumps(e.getValue(), out);
      }
      out.append('}');
    }
  }

  private static void jsonString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static void repr(JsonNode v, StringBuilder out) {
    if (v == null || v.isNull()) {
      out.append("None");
    } else if (v.isBoolean()) {
      out.append(v.booleanValue() ? "True" : "False");
    } else if (v.isIntegralNumber()) {
      out.append(v.bigIntegerValue());
    } else if (v.isNumber()) {
      out.append(floatRepr(v.doubleValue()));
    } else if (v.isTextual()) {
      reprString(v.textValue(), out);
    } else if (v.isArray()) {
      out.append('[');
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        repr(v.get(i), out);
      }
      out.append(']');
    } else {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        reprString(e.getKey(), out);
        out.append(": ");
        repr(e.getValue(), out);
      }
      out.append('}');
    }
  }

  /** Python 3's repr of a str: single quotes unless only double quotes avoid escaping. */
  static void reprString(String s, StringBuilder out) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (printable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp <= 0xffff) {
        out.append(String.format("\\u%04x", cp));
      } else {
        out.append(String.format("\\U%08x", cp));
      }
    }
    out.append(quote);
  }

  /** Close to Python's str.isprintable: no control, format, separator (but space) or unassigned. */
  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.SPACE_SEPARATOR:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
