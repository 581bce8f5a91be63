package dev.borgform.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A decoded GraphQL answer: the HTTP status, {@code data} (may be null) and {@code errors}. */
record GraphQlResponse(int status, JsonNode data, List<GraphQlError> errors) {
  GraphQlResponse {
    errors = List.copyOf(errors);
  }

  /** One entry of {@code errors[]}; {@code pathHead} is the top-level field (or alias) it names. */
  record GraphQlError(String message, String pathHead) {}
}
