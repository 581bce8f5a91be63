package dev.borgform.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A decoded GraphQL answer: the HTTP status, {@code data} (may be null), {@code errors}, and the
 * {@code Retry-After} header as sent (null when absent).
 */
record GraphQlResponse(
    int status, @Nullable JsonNode data, List<GraphQlError> errors, String retryAfter) {
  GraphQlResponse {
    errors = List.copyOf(errors);
  }

  /**
   * One entry of {@code errors[]}; {@code pathHead} is the top-level field (or alias) it names;
   * {@code code} is {@code extensions.code} (or graphql-java's {@code extensions.classification})
   * when the server sends one, else null. BorgBase (graphene 2) sends no extensions today; a code,
   * where there is one, says what the words may not.
   */
  record GraphQlError(String message, @Nullable String pathHead, @Nullable String code) {
    GraphQlError(String message, @Nullable String pathHead) {
      this(message, pathHead, null);
    }
  }
}
