package dev.borgform.api;

import dev.borgform.doctor.Finding;
import graphql.introspection.IntrospectionQueryBuilder;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Holds the documents borgform sends ({@link ClientDocuments}) against a live schema learned by
 * introspection: every operation exists; every argument sent exists and takes the variable's type
 * (a {@code String!} variable fits a {@code String} argument, not the reverse, as GraphQL's
 * validation rules say); every argument the live schema requires is sent; every field read exists.
 * graphql-java parses both sides; nothing here reads GraphQL text by hand.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /**
   * The introspection query doctor sends: the classic one, without the fields newer servers added
   * ({@code specifiedByURL}, {@code isRepeatable}, {@code isOneOf}, deprecated arguments), which a
   * graphene 2 server such as BorgBase's would refuse as unknown.
   */
  static final String INTROSPECTION_QUERY =
      IntrospectionQueryBuilder.build(
          IntrospectionQueryBuilder.Options.defaultOptions()
              .descriptions(true)
              .specifiedByUrl(false)
              .isOneOf(false)
              .directiveIsRepeatable(false)
              .schemaDescription(false)
              .inputValueDeprecation(false));

  /**
   * The schema an introspection answer describes ({@code data}, holding {@code __schema}).
   *
   * @throws RuntimeException (graphql-java's) when the answer does not describe a usable schema
   */
  static GraphQLSchema schemaOf(Map<String, Object> data) {
    Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(data);
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(
        new SchemaParser().buildRegistry(sdl));
  }

  /** Every difference between what borgform sends or reads and {@code schema}. */
  static List<Finding> check(GraphQLSchema schema) {
    return check(schema, ClientDocuments.all(), alwaysSent());
  }

  static List<Finding> check(
      GraphQLSchema schema, List<ClientDocuments.Sent> documents, Map<String, Set<String>> always) {
    List<Finding> out = new ArrayList<>();
    for (ClientDocuments.Sent sent : documents) {
      Document doc = Parser.parse(sent.document());
      for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
        boolean mutation = op.getOperation() == OperationDefinition.Operation.MUTATION;
        GraphQLObjectType root = mutation ? schema.getMutationType() : schema.getQueryType();
        Map<String, Type<?>> variables = new LinkedHashMap<>();
        for (VariableDefinition v : op.getVariableDefinitions()) {
          variables.put(v.getName(), v.getType());
        }
        for (Field f : fields(op.getSelectionSet())) {
          String name = f.getName();
          GraphQLFieldDefinition def = root == null ? null : root.getFieldDefinition(name);
          if (def == null) {
            out.add(
                new Finding(
                    name,
                    (mutation ? "mutation " : "query field ")
                        + name
                        + ": borgform uses it; the live schema has no such "
                        + (mutation ? "mutation" : "field"),
                    ClientDocuments.breaks(name),
                    NO_WORKAROUND));
            continue;
          }
          arguments(name, f, def, variables, always.getOrDefault(name, Set.of()), out);
          selection(name, name, f.getSelectionSet(), def.getType(), out);
        }
      }
    }
    // The two reads select some fields alike: a field they both miss is one difference.
    return out.stream().distinct().toList();
  }

  private static void arguments(
      String op,
      Field f,
      GraphQLFieldDefinition def,
      Map<String, Type<?>> variables,
      Set<String> always,
      List<Finding> out) {
    Set<String> sent = new HashSet<>();
    for (Argument a : f.getArguments()) {
      sent.add(a.getName());
      String field = ClientDocuments.specField(op, a.getName());
      GraphQLArgument live = def.getArgument(a.getName());
      if (live == null) {
        out.add(
            new Finding(
                op,
                op
                    + "("
                    + a.getName()
                    + ":): borgform sends this argument; the live schema has no such argument",
                breaksWith(op, field),
                avoid(field)));
        continue;
      }
      if (!(a.getValue() instanceof VariableReference ref)) continue;
      Type<?> type = variables.get(ref.getName());
      if (type != null && !fits(type, live.getType())) {
        out.add(
            new Finding(
                op,
                op
                    + "("
                    + a.getName()
                    + ":): borgform sends "
                    + AstPrinter.printAst(type)
                    + ", the live schema expects "
                    + GraphQLTypeUtil.simplePrint(live.getType()),
                breaksWith(op, field),
                avoid(field)));
      }
    }
    for (GraphQLArgument live : def.getArguments()) {
      boolean required = live.getType() instanceof GraphQLNonNull && !live.hasSetDefaultValue();
      if (!required || always.contains(live.getName())) continue;
      String field = ClientDocuments.specField(op, live.getName());
      out.add(
          new Finding(
              op,
              op
                  + "("
                  + live.getName()
                  + ":): the live schema requires this argument ("
                  + GraphQLTypeUtil.simplePrint(live.getType())
                  + "); borgform "
                  + (sent.contains(live.getName())
                      ? "sends it only when the spec sets " + field
                      : "never sends it"),
              ClientDocuments.breaks(op),
              field != null && sent.contains(live.getName())
                  ? "Set "
                      + field
                      + " on every repo in the spec until a borgform release follows"
                      + " the API. "
                      + REPORT
                  : NO_WORKAROUND));
    }
  }

  /** Checks that every field borgform selects below {@code path} exists on the live type. */
  private static void selection(
      String op,
      String path,
      @Nullable SelectionSet selection,
      GraphQLType type,
      List<Finding> out) {
    GraphQLNamedType named = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(type);
    if (selection == null) {
      if (named instanceof GraphQLFieldsContainer) {
        out.add(
            new Finding(
                op,
                path
                    + ": borgform reads it as a value; the live schema made it an object ("
                    + named.getName()
                    + ")",
                ClientDocuments.breaks(op),
                NO_WORKAROUND));
      }
      return;
    }
    if (!(named instanceof GraphQLFieldsContainer container)) {
      out.add(
          new Finding(
              op,
              path
                  + ": borgform reads fields of it; the live schema made it a value ("
                  + named.getName()
                  + ")",
              ClientDocuments.breaks(op),
              NO_WORKAROUND));
      return;
    }
    for (Field f : fields(selection)) {
      GraphQLFieldDefinition def = container.getFieldDefinition(f.getName());
      String here = path + " { " + f.getName() + " }";
      if (def == null) {
        String field = ClientDocuments.specField(op, f.getName());
        out.add(
            new Finding(
                op,
                here
                    + ": borgform reads this field; the live type "
                    + named.getName()
                    + " has no such field",
                breaksWith(op, field),
                NO_WORKAROUND));
        continue;
      }
      selection(op, path + " { " + f.getName(), f.getSelectionSet(), def.getType(), out);
    }
  }

  /**
   * GraphQL's "are types compatible" for a variable in an argument's position: a non-null argument
   * needs a non-null variable; a non-null variable fits a nullable argument; lists match lists;
   * named types match by name (an {@code ID} argument does not take a {@code String} variable).
   */
  static boolean fits(Type<?> variable, GraphQLType argument) {
    if (argument instanceof GraphQLNonNull nn) {
      return variable instanceof NonNullType v && fits(v.getType(), nn.getWrappedType());
    }
    if (variable instanceof NonNullType v) return fits(v.getType(), argument);
    if (argument instanceof GraphQLList list) {
      return variable instanceof ListType l && fits(l.getType(), list.getWrappedType());
    }
    if (!(variable instanceof TypeName name)) return false;
    return argument instanceof GraphQLNamedType n && n.getName().equals(name.getName());
  }

  /** The operations (top-level fields) borgform uses, in the order its documents name them. */
  static List<String> operations() {
    List<String> out = new ArrayList<>();
    for (ClientDocuments.Sent sent : ClientDocuments.all()) {
      Document doc = Parser.parse(sent.document());
      for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
        // Two reads select from the same lists; each operation is named once.
        for (Field f : fields(op.getSelectionSet())) {
          if (!out.contains(f.getName())) out.add(f.getName());
        }
      }
    }
    return out;
  }

  /** The arguments each mutation sends whatever the spec says (from the smallest mutations). */
  static Map<String, Set<String>> alwaysSent() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (dev.borgform.apply.Mutation m : ClientDocuments.smallestMutations()) {
      Document doc = Parser.parse(BorgBaseClient.request(List.of(m)).document());
      Set<String> names = new HashSet<>();
      for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
        for (Field f : fields(op.getSelectionSet())) {
          for (Argument a : f.getArguments()) names.add(a.getName());
        }
      }
      out.put(BorgBaseClient.operationName(m.kind()), names);
    }
    return out;
  }

  private static List<Field> fields(SelectionSet set) {
    List<Field> out = new ArrayList<>();
    if (set == null) return out;
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) out.add(f);
    }
    return out;
  }

  private static String breaksWith(String op, @Nullable String specField) {
    String b = ClientDocuments.breaks(op);
    return specField == null ? b : b + "; spec field " + specField;
  }

  static final String REPORT =
      "Please report it with the schema from `borgform doctor --save-schema FILE`"
          + " (docs/borgbase-api.md).";

  private static final String NO_WORKAROUND =
      "No spec change avoids it: look for a borgform release that follows the API. " + REPORT;

  private static String avoid(@Nullable String specField) {
    if (specField == null) return NO_WORKAROUND;
    return "Until a borgform release follows the API, leave "
        + specField
        + " out of the spec (borgform then does not send it), or look for a newer release. "
        + REPORT;
  }
}
