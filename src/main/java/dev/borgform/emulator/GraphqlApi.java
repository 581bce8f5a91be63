package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NullValue;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.validation.GoodFaithIntrospectionExceeded;
import graphql.validation.QueryComplexityLimits;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;
import graphql.validation.ValidationErrorType;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The GraphQL side of the emulator: the schema, the resolvers with their permission checks, and a
 * request pipeline that answers the way graphene 2 (graphql-core 2.3, behind Flask-GraphQL) does,
 * using graphql-java for the parts where the two agree:
 *
 * <ol>
 *   <li>parse; a syntax error (and a {@code null} literal, which graphql-core 2 cannot parse) is
 *       HTTP 400 with graphene's "Syntax Error GraphQL (line:column) ..." message;
 *   <li>validate, with graphene's wording (the {@code en__graphene} message bundle) and the
 *       emulator's document limits (depth, fields);
 *   <li>choose the operation as graphene does;
 *   <li>coerce variables as graphene does ({@link GrapheneVariables});
 *   <li>refuse documents whose answer would be too large ({@link AnswerCost}), with HTTP 200;
 *   <li>execute the already parsed document.
 * </ol>
 */
final class GraphqlApi {
  static final String SCHEMA_RESOURCE = "/dev/borgform/emulator/borgbase.graphqls";

  /**
   * Selects the message bundle {@code i18n/Validation_en__graphene.properties}: graphql-java's
   * validation messages in graphql-core 2's words.
   */
  static final Locale GRAPHENE =
      new Locale.Builder().setLanguage("en").setVariant("graphene").build();

  private static final Set<TokenLevel> ANY_TOKEN =
      Collections.unmodifiableSet(EnumSet.allOf(TokenLevel.class));

  /** "Read Only: can only do GraphQL queries" - plus Full Access, which can do everything. */
  private static final Set<TokenLevel> QUERY_TOKENS =
      Collections.unmodifiableSet(EnumSet.of(TokenLevel.READ_ONLY, TokenLevel.FULL_ACCESS));

  /** "Create Only: ... can only use repoAdd, sshAdd, repoList, sshList" (docs api.md). */
  private static final Set<TokenLevel> CREATE_TOKENS =
      Collections.unmodifiableSet(EnumSet.of(TokenLevel.CREATE_ONLY, TokenLevel.FULL_ACCESS));

  private static final Set<TokenLevel> FULL_TOKEN =
      Collections.unmodifiableSet(EnumSet.of(TokenLevel.FULL_ACCESS));

  /** What one request did, for the HTTP layer (status and body) and the statistics. */
  record Outcome(
      int status,
      Map<String, Object> body,
      OperationDefinition.@Nullable Operation operation,
      List<String> executedFields) {}

  private final GraphQL graphql;
  private final GraphQLSchema schema;
  private final BorgBaseService service;
  private final MutationLimit mutationLimit;
  private final EmulatorLimits limits;
  private final ParserOptions parserOptions;
  private final AnswerCost answerCost;

  /**
   * Documents that parsed and validated, by their text. Every batch of an apply sends the same
   * document with other variables (the aliases and variable names depend only on the batch's kinds
   * of mutation), and parsing and validating it was a third of the emulator's time per batch in a
   * profile of 1,000 + 1,000. Both depend only on the text and this instance's schema and limits,
   * so an answer is the same with or without the cache. Bounded in entries and in the length of a
   * text kept, so hostile documents cannot grow it.
   */
  private final CheckedDocuments checked = new CheckedDocuments(8, 64 * 1024);

  GraphqlApi(BorgBaseService service) {
    this(service, EmulatorConfig.UNLIMITED, EmulatorLimits.defaults());
  }

  GraphqlApi(BorgBaseService service, int maxMutationsPerRequest, EmulatorLimits limits) {
    this.service = service;
    this.limits = limits;
    this.mutationLimit = new MutationLimit(maxMutationsPerRequest);
    // graphql-java's default of 15,000 tokens would refuse the batched mutation documents borgform
    // sends; graphene has no limit at all. These bound the parser's time and memory instead.
    this.parserOptions =
        ParserOptions.getDefaultOperationParserOptions()
            .transform(
                b ->
                    b.maxTokens(limits.maxDocumentTokens())
                        .maxWhitespaceTokens(limits.maxDocumentTokens())
                        .maxCharacters(limits.maxBodyBytes())
                        .maxRuleDepth(500));
    this.schema = buildSchema();
    this.answerCost = new AnswerCost(schema);
    this.graphql =
        GraphQL.newGraphQL(schema)
            .defaultDataFetcherExceptionHandler(new FieldErrorHandler())
            .instrumentation(new OperationRecorder())
            // The document was parsed and validated already, graphene's way (see execute).
            .preparsedDocumentProvider(
                (input, parseAndValidate) ->
                    CompletableFuture.completedFuture(
                        new PreparsedDocumentEntry(
                            Objects.requireNonNull(
                                input.getGraphQLContext().<Document>get(Document.class)))))
            .build();
  }

  ParserOptions parserOptions() {
    return parserOptions;
  }

  /**
   * Runs one request. {@code variables} and {@code operationName} are as graphql-server hands them
   * on: null when the request left them out or sent a falsy value.
   */
  Outcome execute(
      String query, @Nullable JsonNode variables, @Nullable String operationName, Caller caller) {
    Document doc = checked.get(query);
    if (doc == null) {
      Checked c = parseAndValidate(query);
      if (c.refusal() != null) return c.refusal();
      // A check that refused nothing holds the document it parsed and validated.
      doc = Objects.requireNonNull(c.doc(), "doc");
      checked.put(query, doc);
    }
    return run(query, doc, variables, operationName, caller);
  }

  /** A document that parsed and validated, or (doc null) the answer refusing it. */
  private record Checked(@Nullable Document doc, @Nullable Outcome refusal) {
    static Checked refused(Outcome refusal) {
      return new Checked(null, refusal);
    }
  }

  private Checked parseAndValidate(String query) {
    Document doc;
    try {
      doc =
          new Parser()
              .parseDocument(
                  ParserEnvironment.newParserEnvironment()
                      .document(query)
                      .parserOptions(parserOptions)
                      .locale(GRAPHENE)
                      .build());
    } catch (ParseCancelledException
        | ParseCancelledTooDeepException
        | ParseCancelledTooManyCharsException e) {
      // The emulator's own parser limits; graphene has none to imitate.
      return Checked.refused(tooLarge(e.getMessage()));
    } catch (InvalidSyntaxException e) {
      SourceLocation at = e.getLocation();
      return Checked.refused(
          invalid(syntaxMessage(query, at, unexpected(e.getOffendingToken())), at));
    }
    NullValue nullLiteral = firstNullLiteral(doc);
    if (nullLiteral != null) {
      // graphql-core 2 predates null literals: its parser stops at them.
      SourceLocation at = nullLiteral.getSourceLocation();
      return Checked.refused(invalid(syntaxMessage(query, at, "Unexpected Name \"null\""), at));
    }

    List<ValidationError> validation;
    try {
      validation =
          new Validator()
              .validateDocument(
                  schema,
                  doc,
                  rule -> true,
                  GRAPHENE,
                  QueryComplexityLimits.newLimits()
                      .maxDepth(limits.maxDepth())
                      .maxFieldsCount(limits.maxFields())
                      .build());
    } catch (GoodFaithIntrospectionExceeded e) {
      // graphql-java's own check of introspection documents against the same limits.
      return Checked.refused(tooLarge("Introspection query refused: " + e.getMessage() + "."));
    }
    for (ValidationError e : validation) {
      if (e.getValidationErrorType() == ValidationErrorType.MaxQueryDepthExceeded
          || e.getValidationErrorType() == ValidationErrorType.MaxQueryFieldsExceeded) {
        return Checked.refused(tooLarge(e.getMessage()));
      }
    }
    if (!validation.isEmpty()) {
      return Checked.refused(
          new Outcome(400, Map.of("errors", grapheneErrors(doc, validation)), null, List.of()));
    }
    return new Checked(doc, null);
  }

  private Outcome run(
      String query,
      Document doc,
      @Nullable JsonNode variables,
      @Nullable String operationName,
      Caller caller) {

    OperationDefinition op;
    Map<String, Object> coerced;
    try {
      op = chooseOperation(doc, operationName);
      coerced = GrapheneVariables.coerce(op, variables);
    } catch (GrapheneVariables.Refused e) {
      return invalid(e.getMessage(), e.location);
    }

    Map<String, Object> refused = mutationLimit.check(doc, op);
    if (refused != null) {
      return new Outcome(400, refused, null, List.of());
    }
    // A mutation answers one payload object per field, so its size is bounded by the field limit
    // already; queries are where lists of every key and repo multiply.
    if (op.getOperation() == OperationDefinition.Operation.QUERY) {
      long values =
          answerCost.estimate(
              doc,
              op.getName(),
              coerced,
              new AnswerCost.Sizes() {
                @Override
                public int keys(@Nullable String nameFilter) {
                  return service.keyCount(nameFilter);
                }

                @Override
                public int repos(@Nullable String nameFilter) {
                  return service.repoCount(nameFilter);
                }
              },
              limits.maxAnswerValues());
      if (values > limits.maxAnswerValues()) {
        return tooLarge(
            "Query too large: its answer would hold more than "
                + limits.maxAnswerValues()
                + " values (fields of every list item counted). Ask for fewer fields or aliases.");
      }
    }

    RequestState state = new RequestState(caller);
    Map<Object, Object> context = new HashMap<>();
    context.put(RequestState.class, state);
    context.put(Document.class, doc);
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .variables(coerced)
            .operationName(op.getName())
            .locale(GRAPHENE)
            .graphQLContext(context)
            .build();
    ExecutionResult result = graphql.execute(input);
    List<String> fields;
    synchronized (state.executedFields) {
      fields = List.copyOf(state.executedFields);
    }
    if (!result.isDataPresent()) {
      return new Outcome(400, Map.of("errors", errors(result.getErrors(), false)), null, List.of());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!result.getErrors().isEmpty()) {
      body.put("errors", errors(result.getErrors(), true));
    }
    body.put("data", result.getData());
    return new Outcome(200, body, state.operation, fields);
  }

  /**
   * graphene's choice of the operation to run (graphql-core's ExecutionContext): without a name,
   * the only operation; with one, the operation of that name.
   */
  private static OperationDefinition chooseOperation(Document doc, @Nullable String operationName)
      throws GrapheneVariables.Refused {
    OperationDefinition chosen = null;
    for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
      if (operationName == null && chosen != null) {
        throw new GrapheneVariables.Refused(
            "Must provide operation name if query contains multiple operations.", null);
      }
      if (operationName == null || operationName.equals(op.getName())) {
        chosen = op;
      }
    }
    if (chosen == null) {
      throw new GrapheneVariables.Refused(
          operationName != null
              ? "Unknown operation named \"" + operationName + "\"."
              : "Must provide an operation.",
          null);
    }
    return chosen;
  }

  /**
   * Validation errors as graphene words and places them, where graphql-java's own differ in ways
   * the message bundle cannot fix: a literal of the wrong type is shown as GraphQL text (not as
   * graphql-java's {@code IntValue{value=1000}}) and located at the value, and a variable in the
   * wrong position is located at its definition and at its use.
   */
  private static List<Map<String, Object>> grapheneErrors(
      Document doc, List<ValidationError> validation) {
    Map<String, Argument> arguments = new HashMap<>();
    Map<String, VariableReference> references = new HashMap<>();
    Map<String, VariableDefinition> definitions = new HashMap<>();
    index(doc, arguments, references, definitions);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ValidationError e : validation) {
      Map<String, Object> m = new LinkedHashMap<>();
      String message = e.getMessage();
      List<SourceLocation> at = new ArrayList<>(e.getLocations());
      SourceLocation first = at.isEmpty() ? null : at.get(0);
      ValidationErrorClassification type = e.getValidationErrorType();
      if (first == null) {
        // nothing to place or name
      } else if (type == ValidationErrorType.WrongType) {
        Argument arg = arguments.get(key(first));
        if (arg != null) {
          message = message.replace(arg.getValue().toString(), AstPrinter.printAst(arg.getValue()));
          at = List.of(arg.getValue().getSourceLocation());
        }
      } else if (type == ValidationErrorType.VariableTypeMismatch) {
        VariableReference ref = references.get(key(first));
        OperationDefinition op = containingOperation(doc, first);
        VariableDefinition def = ref == null || op == null ? null : definition(op, ref.getName());
        if (def != null) {
          at = List.of(def.getSourceLocation(), first);
        }
      } else if (type == ValidationErrorType.UnusedVariable) {
        VariableDefinition def = definitions.get(key(first));
        OperationDefinition op = containingOperation(doc, first);
        if (def != null && op != null && op.getName() != null) {
          message =
              "Variable \"$"
                  + def.getName()
                  + "\" is never used in operation \""
                  + op.getName()
                  + "\".";
        }
      } else if (type == ValidationErrorType.UndefinedVariable) {
        VariableReference ref = references.get(key(first));
        OperationDefinition op = containingOperation(doc, first);
        if (ref != null && op != null) {
          if (op.getName() != null) {
            message =
                "Variable \"$"
                    + ref.getName()
                    + "\" is not defined by operation \""
                    + op.getName()
                    + "\".";
          }
          at = List.of(first, op.getSourceLocation());
        }
      }
      m.put("message", message);
      if (!at.isEmpty()) {
        List<Map<String, Object>> locs = new ArrayList<>();
        for (SourceLocation l : at) {
          locs.add(location(l));
        }
        m.put("locations", locs);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * The operation whose text holds {@code at}: the last definition of the document starting before
   * it, when that is an operation (a fragment's variables belong to no one operation).
   */
  private static @Nullable OperationDefinition containingOperation(
      Document doc, SourceLocation at) {
    Definition<?> last = null;
    for (Definition<?> d : doc.getDefinitions()) {
      SourceLocation start = d.getSourceLocation();
      if (start != null && !after(start, at)) {
        last = d;
      }
    }
    return last instanceof OperationDefinition op ? op : null;
  }

  private static @Nullable VariableDefinition definition(OperationDefinition op, String name) {
    for (VariableDefinition d : op.getVariableDefinitions()) {
      if (d.getName().equals(name)) {
        return d;
      }
    }
    return null;
  }

  private static boolean after(SourceLocation a, SourceLocation b) {
    return a.getLine() > b.getLine()
        || (a.getLine() == b.getLine() && a.getColumn() > b.getColumn());
  }

  private static void index(
      Node<?> node,
      Map<String, Argument> arguments,
      Map<String, VariableReference> references,
      Map<String, VariableDefinition> definitions) {
    if (node instanceof Argument a && a.getSourceLocation() != null) {
      arguments.put(key(a.getSourceLocation()), a);
    } else if (node instanceof VariableReference v && v.getSourceLocation() != null) {
      references.put(key(v.getSourceLocation()), v);
    } else if (node instanceof VariableDefinition d && d.getSourceLocation() != null) {
      definitions.put(key(d.getSourceLocation()), d);
    }
    for (Node<?> child : node.getChildren()) {
      index(child, arguments, references, definitions);
    }
  }

  private static String key(SourceLocation l) {
    return l.getLine() + ":" + l.getColumn();
  }

  /** HTTP 400 and one error, as graphene answers a document it will not run. */
  private static Outcome invalid(@Nullable String message, @Nullable SourceLocation at) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    if (at != null) {
      error.put("locations", List.of(location(at)));
    }
    return new Outcome(400, Map.of("errors", List.of(error)), null, List.of());
  }

  /**
   * One of the emulator's own limits: a GraphQL error with HTTP 200 and no data, nothing run, as
   * servers with such limits answer.
   */
  private static Outcome tooLarge(@Nullable String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(Map.of("message", message)));
    body.put("data", null);
    return new Outcome(200, body, null, List.of());
  }

  /**
   * graphql-core 2's GraphQLSyntaxError text: the position, what went wrong, and the lines around
   * it with a caret under the column.
   */
  static String syntaxMessage(String source, @Nullable SourceLocation at, String description) {
    int line = at == null ? 1 : at.getLine();
    int column = at == null ? 1 : at.getColumn();
    String[] lines = source.split("\r\n|\r|\n", -1);
    int pad = String.valueOf(line + 1).length();
    StringBuilder out = new StringBuilder();
    out.append("Syntax Error GraphQL (")
        .append(line)
        .append(':')
        .append(column)
        .append(") ")
        .append(description)
        .append("\n\n");
    if (line >= 2 && line - 2 < lines.length) {
      out.append(String.format("%" + pad + "d: %s", line - 1, lines[line - 2])).append('\n');
    }
    if (line <= lines.length) {
      out.append(String.format("%" + pad + "d: %s", line, lines[line - 1])).append('\n');
      out.append(" ".repeat(1 + pad + column)).append("^\n");
    }
    if (line < lines.length) {
      out.append(String.format("%" + pad + "d: %s", line + 1, lines[line])).append('\n');
    }
    return out.toString();
  }

  /** graphql-core's description of the token where parsing stopped. */
  private static String unexpected(String token) {
    if (token == null || token.isEmpty() || token.equals("<EOF>")) {
      return "Unexpected EOF";
    }
    if (token.matches("[_A-Za-z][_0-9A-Za-z]*")) {
      return "Unexpected Name \"" + token + "\"";
    }
    if (token.matches("-?(0|[1-9][0-9]*)")) {
      return "Unexpected Int \"" + token + "\"";
    }
    if (token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      return "Unexpected Float \"" + token + "\"";
    }
    if (token.startsWith("\"")) {
      return "Unexpected String " + token;
    }
    return "Unexpected " + token;
  }

  /** The first {@code null} literal of the document, in reading order, or null. */
  private static @Nullable NullValue firstNullLiteral(Node<?> node) {
    NullValue first = null;
    for (Node<?> child : node.getChildren()) {
      NullValue found = child instanceof NullValue n ? n : firstNullLiteral(child);
      if (found != null && (first == null || before(found, first))) {
        first = found;
      }
    }
    return first;
  }

  private static boolean before(Node<?> a, Node<?> b) {
    SourceLocation x = a.getSourceLocation();
    SourceLocation y = b.getSourceLocation();
    if (x == null || y == null) {
      return false;
    }
    return x.getLine() < y.getLine()
        || (x.getLine() == y.getLine() && x.getColumn() < y.getColumn());
  }

  private static Map<String, Object> location(SourceLocation l) {
    Map<String, Object> loc = new LinkedHashMap<>();
    loc.put("line", l.getLine());
    loc.put("column", l.getColumn());
    return loc;
  }

  /** graphene 2's error objects: message, locations, path; never graphql-java's "extensions". */
  static List<Map<String, Object>> errors(List<? extends GraphQLError> errors, boolean withPath) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GraphQLError e : errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", e.getMessage());
      List<SourceLocation> locations = e.getLocations();
      if (locations != null && !locations.isEmpty()) {
        List<Map<String, Object>> locs = new ArrayList<>();
        for (SourceLocation l : locations) {
          locs.add(location(l));
        }
        m.put("locations", locs);
      }
      if (withPath && e.getPath() != null && !e.getPath().isEmpty()) {
        m.put("path", e.getPath());
      }
      out.add(m);
    }
    return out;
  }

  private GraphQLSchema buildSchema() {
    TypeDefinitionRegistry types;
    try (InputStream in = GraphqlApi.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing schema resource " + SCHEMA_RESOURCE);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        types = new SchemaParser().parse(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Query",
                t ->
                    t
                        // Never an error: clients use it to probe a token (kiwix checks
                        // data.isAuthenticated).
                        .dataFetcher(
                            "isAuthenticated", top(null, env -> caller(env).authenticated()))
                        .dataFetcher(
                            "sshList",
                            top(ANY_TOKEN, env -> service.sshList(env.getArgument("name"))))
                        .dataFetcher(
                            "repoList",
                            top(ANY_TOKEN, env -> service.repoList(env.getArgument("name"))))
                        .dataFetcher(
                            "repo",
                            top(QUERY_TOKENS, env -> service.repo(env.getArgument("repoId"))))
                        .dataFetcher("overageList", top(QUERY_TOKENS, env -> service.overageList()))
                        .dataFetcher("me", top(QUERY_TOKENS, env -> service.me())))
            .type(
                "Mutation",
                t ->
                    t.dataFetcher(
                            "sshAdd",
                            top(
                                CREATE_TOKENS,
                                env ->
                                    Map.of(
                                        "keyAdded",
                                        service.sshAdd(
                                            env.getArgument("name"), env.getArgument("keyData")))))
                        .dataFetcher(
                            "sshDelete",
                            top(FULL_TOKEN, env -> service.sshDelete(env.getArgument("id"))))
                        .dataFetcher(
                            "repoAdd",
                            top(
                                CREATE_TOKENS,
                                env -> Map.of("repoAdded", service.repoAdd(env.getArguments()))))
                        .dataFetcher(
                            "repoEdit",
                            top(
                                FULL_TOKEN,
                                env -> Map.of("repoEdited", service.repoEdit(env.getArguments()))))
                        .dataFetcher(
                            "repoDelete",
                            top(FULL_TOKEN, env -> service.repoDelete(env.getArgument("id")))))
            .build();
    return new SchemaGenerator().makeExecutableSchema(types, wiring);
  }

  /**
   * Wraps a top-level resolver: records it for the statistics, then checks the caller may run it
   * ({@code allowed == null}: no check). Checking per field is what makes a bad token fail each
   * field of a document separately, with HTTP 200.
   */
  private static DataFetcher<Object> top(
      @Nullable Set<TokenLevel> allowed, Function<DataFetchingEnvironment, Object> body) {
    return env -> {
      String field = env.getField().getName();
      // Every request puts its state in the context before execution starts.
      RequestState state =
          Objects.requireNonNull(env.getGraphQlContext().get(RequestState.class), "state");
      synchronized (state.executedFields) {
        state.executedFields.add(field);
      }
      if (allowed != null) {
        state.caller.require(field, allowed);
      }
      return body.apply(env);
    };
  }

  private static Caller caller(DataFetchingEnvironment env) {
    RequestState state =
        Objects.requireNonNull(env.getGraphQlContext().get(RequestState.class), "state");
    return state.caller;
  }

  /** Per-request bookkeeping, carried in the GraphQLContext. */
  private static final class RequestState {
    final Caller caller;
    final List<String> executedFields = new ArrayList<>();
    volatile OperationDefinition.@Nullable Operation operation;

    RequestState(Caller caller) {
      this.caller = caller;
    }
  }

  /**
   * Notes the operation type once execution really starts (after validation and variable coercion).
   */
  private static final class OperationRecorder extends SimplePerformantInstrumentation {
    @Override
    public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
        InstrumentationExecuteOperationParameters parameters,
        InstrumentationState instrumentationState) {
      RequestState state =
          Objects.requireNonNull(
              parameters.getExecutionContext().getGraphQLContext().get(RequestState.class),
              "state");
      state.operation = parameters.getExecutionContext().getOperationDefinition().getOperation();
      return super.beginExecuteOperation(parameters, instrumentationState);
    }
  }

  /** Turns a resolver exception into a graphene-style error with the exception's own message. */
  private static final class FieldErrorHandler implements DataFetcherExceptionHandler {
    private static final System.Logger LOG = System.getLogger(GraphqlApi.class.getName());

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
        graphql.execution.DataFetcherExceptionHandlerParameters parameters) {
      Throwable t = parameters.getException();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      String message;
      if (t instanceof ApiException) {
        message = t.getMessage();
      } else {
        LOG.log(
            System.Logger.Level.ERROR, "Emulator resolver failed at " + parameters.getPath(), t);
        message = "Internal server error."; // [GUESS] a bug in the emulator, not BorgBase behaviour
      }
      GraphQLError error =
          GraphqlErrorBuilder.newError()
              .message("%s", message)
              .location(parameters.getSourceLocation())
              .path(parameters.getPath())
              .build();
      return CompletableFuture.completedFuture(
          DataFetcherExceptionHandlerResult.newResult().error(error).build());
    }
  }
}
