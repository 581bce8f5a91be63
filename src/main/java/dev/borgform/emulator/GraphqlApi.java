package dev.borgform.emulator;

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
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The GraphQL side of the emulator: the schema, the resolvers with their permission checks, and the
 * translation of graphql-java results into graphene 2's response shapes.
 */
final class GraphqlApi {
  static final String SCHEMA_RESOURCE = "/dev/borgform/emulator/borgbase.graphqls";

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

  /**
   * graphene 2 has no document size limits; graphql-java's defaults (15000 tokens) would refuse the
   * large batched mutation documents borgform sends, so the limits are raised to well above any
   * real use.
   */
  static final ParserOptions PARSER_OPTIONS =
      ParserOptions.getDefaultOperationParserOptions()
          .transform(
              b ->
                  b.maxTokens(5_000_000)
                      .maxWhitespaceTokens(5_000_000)
                      .maxCharacters(64 * 1024 * 1024)
                      .maxRuleDepth(2_000));

  /** What one request did, for the HTTP layer (status and body) and the statistics. */
  record Outcome(
      int status,
      Map<String, Object> body,
      OperationDefinition.Operation operation,
      List<String> executedFields) {}

  private final GraphQL graphql;
  private final BorgBaseService service;
  private final MutationLimit mutationLimit;

  GraphqlApi(BorgBaseService service) {
    this(service, EmulatorConfig.UNLIMITED);
  }

  GraphqlApi(BorgBaseService service, int maxMutationsPerRequest) {
    this.service = service;
    this.mutationLimit = new MutationLimit(maxMutationsPerRequest, PARSER_OPTIONS);
    this.graphql =
        GraphQL.newGraphQL(buildSchema())
            .defaultDataFetcherExceptionHandler(new FieldErrorHandler())
            .instrumentation(new OperationRecorder())
            .build();
  }

  Outcome execute(
      String query, Map<String, Object> variables, String operationName, Caller caller) {
    Map<String, Object> refused = mutationLimit.check(query, operationName);
    if (refused != null) {
      return new Outcome(400, refused, null, List.of());
    }
    RequestState state = new RequestState(caller);
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .variables(variables)
            .operationName(operationName)
            .graphQLContext(Map.of(RequestState.class, state, ParserOptions.class, PARSER_OPTIONS))
            .build();
    ExecutionResult result = graphql.execute(input);
    List<String> fields;
    synchronized (state.executedFields) {
      fields = List.copyOf(state.executedFields);
    }
    if (!result.isDataPresent()) {
      // Parse, validation and variable coercion failures: graphene 2 answers 400 with only
      // "errors".
      return new Outcome(400, Map.of("errors", errors(result.getErrors(), false)), null, List.of());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (!result.getErrors().isEmpty()) {
      body.put("errors", errors(result.getErrors(), true));
    }
    body.put("data", result.getData());
    return new Outcome(200, body, state.operation, fields);
  }

  /** graphene 2's error objects: message, locations, path; never graphql-java's "extensions". */
  static List<Map<String, Object>> errors(List<GraphQLError> errors, boolean withPath) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (GraphQLError e : errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", e.getMessage());
      List<SourceLocation> locations = e.getLocations();
      if (locations != null && !locations.isEmpty()) {
        List<Map<String, Object>> locs = new ArrayList<>();
        for (SourceLocation l : locations) {
          Map<String, Object> loc = new LinkedHashMap<>();
          loc.put("line", l.getLine());
          loc.put("column", l.getColumn());
          locs.add(loc);
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
      Set<TokenLevel> allowed, Function<DataFetchingEnvironment, Object> body) {
    return env -> {
      String field = env.getField().getName();
      RequestState state = env.getGraphQlContext().get(RequestState.class);
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
    RequestState state = env.getGraphQlContext().get(RequestState.class);
    return state.caller;
  }

  /** Per-request bookkeeping, carried in the GraphQLContext. */
  private static final class RequestState {
    final Caller caller;
    final List<String> executedFields = new ArrayList<>();
    volatile OperationDefinition.Operation operation;

    RequestState(Caller caller) {
      this.caller = caller;
    }
  }

  /**
   * Notes the operation type once execution really starts (after validation and variable coercion).
   */
  private static final class OperationRecorder extends SimplePerformantInstrumentation {
    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
        InstrumentationExecuteOperationParameters parameters,
        InstrumentationState instrumentationState) {
      RequestState state =
          parameters.getExecutionContext().getGraphQLContext().get(RequestState.class);
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
