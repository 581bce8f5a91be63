package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.language.AstPrinter;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Coerces a request's variables the way graphene 2 (graphql-core 2.3) does, before graphql-java
 * sees them, because the two differ on values clients really send:
 *
 * <ul>
 *   <li>A String variable takes any JSON value: {@code 481} becomes {@code "481"}, {@code true}
 *       becomes {@code "true"} (a client that keeps key ids as numbers still works).
 *   <li>An Int variable takes numbers and numeric strings: {@code "5"} is 5, {@code 5.9} is 5
 *       (truncated), {@code true} is 1; other text fails with Python's own message.
 *   <li>A Boolean variable takes anything, by Python truthiness ({@code "false"} is true).
 *   <li>{@code null} is the same as leaving the variable out; variables the operation does not
 *       declare are ignored.
 * </ul>
 *
 * The results are the Java types graphql-java expects, so its own (stricter) coercion then passes.
 * Failures carry graphene's message and HTTP 400, as graphene answers them.
 */
final class GrapheneVariables {
  static final long MIN_INT = Integer.MIN_VALUE;
  static final long MAX_INT = Integer.MAX_VALUE;

  /** Python's int() on text: optional sign, digits with single underscores between them. */
  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");

  /** Python's float() on text, apart from inf and nan (handled by name). */
  private static final Pattern PY_FLOAT =
      Pattern.compile(
          "[+-]?((\\d+(_\\d+)*)?\\.?\\d+(_\\d+)*|\\d+(_\\d+)*\\.)([eE][+-]?\\d+(_\\d+)*)?");

  private GrapheneVariables() {}

  /** A request graphene refuses before running anything: HTTP 400, this message. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    /** Where in the document, or null: Python exceptions (not GraphQLErrors) carry no location. */
    final transient @Nullable SourceLocation location;

    Refused(String message, @Nullable SourceLocation location) {
      super(message, null, false, false);
      this.location = location;
    }
  }

  /**
   * The operation's variables, coerced; {@code given} is the request's {@code variables} after
   * graphql-server's handling (null when absent or falsy).
   */
  static Map<String, Object> coerce(OperationDefinition operation, @Nullable JsonNode given)
      throws Refused {
    Map<String, Object> out = new LinkedHashMap<>();
    List<VariableDefinition> defs = operation.getVariableDefinitions();
    if (defs.isEmpty()) {
      return out;
    }
    if (given != null && !given.isObject()) {
      // graphql-core calls inputs.get(name), which only a dict has.
      throw new Refused("'" + PythonText.typeName(given) + "' object has no attribute 'get'", null);
    }
    for (VariableDefinition def : defs) {
      String name = def.getName();
      JsonNode value = given == null ? null : given.get(name);
      Type<?> type = def.getType();
      if (value == null || value.isNull()) {
        if (type instanceof NonNullType) {
          throw new Refused(
              "Variable \"$"
                  + name
                  + "\" of required type \""
                  + AstPrinter.printAst(type)
                  + "\" was not provided.",
              def.getSourceLocation());
        }
        continue; // absent: graphql-java applies the declared default, if any
      }
      List<String> errors = new ArrayList<>();
      validate(value, type, errors);
      if (!errors.isEmpty()) {
        throw new Refused(
            "Variable \"$"
                + name
                + "\" got invalid value "
                + PythonText.jsonDumps(value)
                + ".\n"
                + String.join("\n", errors),
            def.getSourceLocation());
      }
      out.put(name, coerceValue(value, type));
    }
    return out;
  }

  /** graphql-core's is_valid_value: messages for values the type cannot take. */
  private static void validate(JsonNode value, Type<?> type, List<String> errors) throws Refused {
    if (type instanceof NonNullType nonNull) {
      if (value == null || value.isNull()) {
        errors.add("Expected \"" + AstPrinter.printAst(type) + "\", found null.");
        return;
      }
      validate(value, nonNull.getType(), errors);
      return;
    }
    if (value == null || value.isNull()) {
      return;
    }
    if (type instanceof ListType list) {
      if (value.isContainerNode()) {
        int i = 0;
        for (JsonNode item : items(value)) {
          List<String> itemErrors = new ArrayList<>();
          validate(item, list.getType(), itemErrors);
          for (String e : itemErrors) {
            errors.add("In element #" + i + ": " + e);
          }
          i++;
        }
      } else {
        validate(value, list.getType(), errors);
      }
      return;
    }
    // A scalar: valid when parse_value gives something other than None. Only String, ID,
    // Boolean, Int and Float exist here; the first three never give None, Int and Float raise.
    scalar(value, ((TypeName) type).getName());
  }

  /** graphql-core's coerce_value, for values that passed {@link #validate}. */
  private static @Nullable Object coerceValue(JsonNode value, Type<?> type) throws Refused {
    if (type instanceof NonNullType nonNull) {
      return coerceValue(value, nonNull.getType());
    }
    if (value == null || value.isNull()) {
      return null;
    }
    if (type instanceof ListType list) {
      List<Object> out = new ArrayList<>();
      if (value.isContainerNode()) {
        for (JsonNode item : items(value)) {
          out.add(coerceValue(item, list.getType()));
        }
      } else {
        out.add(coerceValue(value, list.getType()));
      }
      return out;
    }
    return scalar(value, ((TypeName) type).getName());
  }

  /**
   * What Python iterates in a list or dict: the items, or a dict's keys (graphql-core tests for
   * "not a string and iterable", which a dict is).
   */
  private static List<JsonNode> items(JsonNode container) {
    List<JsonNode> out = new ArrayList<>();
    if (container.isArray()) {
      container.forEach(out::add);
    } else {
      for (Iterator<String> it = container.fieldNames(); it.hasNext(); ) {
        out.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(it.next()));
      }
    }
    return out;
  }

  /** parse_value of graphql-core 2.3's built-in scalars. */
  private static Object scalar(JsonNode value, String typeName) throws Refused {
    switch (typeName) {
      case "String":
        // coerce_string: booleans in lower case, everything else as str() writes it.
        return value.isBoolean()
            ? (value.booleanValue() ? "true" : "false")
            : PythonText.str(value);
      case "ID":
        return value.isBoolean()
            ? (value.booleanValue() ? "True" : "False")
            : PythonText.str(value);
      case "Boolean":
        return PythonText.truthy(value);
      case "Int":
        return coerceInt(value);
      case "Float":
        return coerceFloat(value);
      default:
        // Validation refuses unknown and non-input types before variables are looked at.
        throw new IllegalStateException("not an input scalar: " + typeName);
    }
  }

  /**
   * coerce_int: {@code int(value)}, else {@code int(float(value))}, then the 32-bit range check.
   * Every failure is a Python exception, answered with its message and no location.
   */
  private static int coerceInt(JsonNode value) throws Refused {
    BigInteger num;
    if (value.isBoolean()) {
      num = value.booleanValue() ? BigInteger.ONE : BigInteger.ZERO;
    } else if (value.isIntegralNumber()) {
      num = value.bigIntegerValue();
    } else if (value.isNumber()) {
      num = truncate(value.doubleValue());
    } else if (value.isTextual()) {
      String text = value.textValue().strip();
      if (PY_INT.matcher(text).matches()) {
        num = new BigInteger(text.replace("_", ""));
      } else {
        num = truncate(pyFloat(value.textValue()));
      }
    } else {
      throw new Refused(
          "int() argument must be a string, a bytes-like object or a number, not '"
              + PythonText.typeName(value)
              + "'",
          null);
    }
    if (num.compareTo(BigInteger.valueOf(MIN_INT)) < 0
        || num.compareTo(BigInteger.valueOf(MAX_INT)) > 0) {
      throw new Refused(
          "Int cannot represent non 32-bit signed integer value: " + PythonText.str(value), null);
    }
    return num.intValue();
  }

  private static double coerceFloat(JsonNode value) throws Refused {
    if (value.isBoolean()) {
      return value.booleanValue() ? 1.0 : 0.0;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      return pyFloat(value.textValue());
    }
    throw new Refused(
        "float() argument must be a string or a number, not '" + PythonText.typeName(value) + "'",
        null);
  }

  /** Python's float() of a str. */
  private static double pyFloat(String text) throws Refused {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (PY_FLOAT.matcher(t).matches()) {
      return new BigDecimal(t.replace("_", "")).doubleValue();
    }
    StringBuilder repr = new StringBuilder();
    PythonText.reprString(text, repr);
    throw new Refused("could not convert string to float: " + repr, null);
  }

  /** Python's int() of a float. */
  private static BigInteger truncate(double d) throws Refused {
    if (Double.isNaN(d)) {
      throw new Refused("cannot convert float NaN to integer", null);
    }
    if (Double.isInfinite(d)) {
      throw new Refused("cannot convert float infinity to integer", null);
    }
    return new BigDecimal(d).toBigInteger();
  }
}
