package dev.borgform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A GraphQL server whose schema is the emulator's with edits (an argument dropped, a type changed):
 * a MockWebServer dispatcher that answers introspection from the edited schema with graphql-java,
 * and passes every other request on to an emulator ({@link Forwarder}), so the token and the
 * account read behave as BorgBase's would. Or, with {@link #refusingIntrospection}, a server that
 * refuses introspection as servers that disable it do.
 */
public final class EditedSchema extends Dispatcher {
  public static final String EMULATOR_SDL = "/dev/borgform/emulator/borgbase.graphqls";

  private final GraphQL graphql;
  private final String refusal;
  private final Dispatcher forward;
  private final ObjectMapper json = new ObjectMapper();

  private EditedSchema(GraphQLSchema schema, String refusal, URI upstream) {
    this.graphql = schema == null ? null : GraphQL.newGraphQL(schema).build();
    this.refusal = refusal;
    this.forward = Forwarder.passing(upstream);
  }

  /** The emulator's schema text, as it ships. */
  public static String emulatorSdl() {
    try (InputStream in = EditedSchema.class.getResourceAsStream(EMULATOR_SDL)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GraphQLSchema schema(String sdl) {
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
  }

  /**
   * Introspection from the emulator's schema after {@code edit}; all else from {@code upstream}.
   */
  public static EditedSchema of(UnaryOperator<String> edit, URI upstream) {
    String before = emulatorSdl();
    String after = edit.apply(before);
    if (after.equals(before)) throw new IllegalArgumentException("the edit changed nothing");
    return new EditedSchema(schema(after), null, upstream);
  }

  /** Answers introspection with HTTP 400 and {@code message}, as a server that disables it. */
  public static EditedSchema refusingIntrospection(String message, URI upstream) {
    return new EditedSchema(null, message, upstream);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (!body.contains("__schema")) return forward.dispatch(request);
    try {
      if (refusal != null) {
        return new MockResponse.Builder()
            .code(400)
            .addHeader("Content-Type", "application/json")
            .body(
                json.writeValueAsString(
                    java.util.Map.of(
                        "errors", java.util.List.of(java.util.Map.of("message", refusal)))))
            .build();
      }
      String query = json.readTree(body).path("query").asText();
      ExecutionResult r = graphql.execute(query);
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .body(json.writeValueAsString(r.toSpecification()))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
