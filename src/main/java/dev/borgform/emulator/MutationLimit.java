package dev.borgform.emulator;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Refuses mutation documents with more top-level fields than allowed, before anything runs, the way
 * a GraphQL server that does not accept batched (aliased) mutations answers: HTTP 400 and a
 * validation error naming the fields. Queries are never limited: reading the whole account takes
 * two fields.
 */
final class MutationLimit {
  private final int max;

  MutationLimit(int max) {
    this.max = max;
  }

  /**
   * The refusal to answer with, or null when the operation may run. {@code op} is the operation the
   * request runs, chosen from {@code doc}.
   */
  @Nullable Map<String, Object> check(Document doc, OperationDefinition op) {
    if (max == EmulatorConfig.UNLIMITED
        || op.getOperation() != OperationDefinition.Operation.MUTATION) {
      return null;
    }
    List<Field> fields = new ArrayList<>();
    collect(op.getSelectionSet(), doc, fields, 0);
    if (fields.size() <= max) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      names.add(f.getAlias() != null ? f.getAlias() : f.getName());
    }
    Field first = fields.get(max);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put(
        "message",
        "Too many mutation fields in one request: "
            + fields.size()
            + " ("
            + summary(names)
            + "); this server allows "
            + max
            + ". Send the mutations in separate requests.");
    SourceLocation at = first.getSourceLocation();
    if (at != null) {
      error.put("locations", List.of(Map.of("line", at.getLine(), "column", at.getColumn())));
    }
    return Map.of("errors", List.of(error));
  }

  static @Nullable OperationDefinition operation(Document doc, @Nullable String operationName) {
    List<OperationDefinition> ops = doc.getDefinitionsOfType(OperationDefinition.class);
    if (operationName == null) {
      return ops.size() == 1 ? ops.get(0) : null;
    }
    for (OperationDefinition op : ops) {
      if (operationName.equals(op.getName())) {
        return op;
      }
    }
    return null;
  }

  /** Top-level fields, looking through fragments; depth-bounded so a fragment cycle cannot loop. */
  static void collect(SelectionSet set, Document doc, List<Field> out, int depth) {
    if (set == null || depth > 16) {
      return;
    }
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f) {
        out.add(f);
      } else if (s instanceof InlineFragment inline) {
        collect(inline.getSelectionSet(), doc, out, depth + 1);
      } else if (s instanceof FragmentSpread spread) {
        for (FragmentDefinition d : doc.getDefinitionsOfType(FragmentDefinition.class)) {
          if (d.getName().equals(spread.getName())) {
            collect(d.getSelectionSet(), doc, out, depth + 1);
          }
        }
      }
    }
  }

  private static String summary(List<String> names) {
    return names.size() <= 5
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 5)) + ", ...";
  }
}
