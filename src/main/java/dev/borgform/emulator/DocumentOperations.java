package dev.borgform.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a request asks for, in the words fault rules use: {@code query} for a query document; {@code
 * mutation} plus each top-level field name ({@code sshAdd}, {@code repoAdd}, ...) for a mutation
 * document. A body that is not a GraphQL request yields nothing (only rules for {@code any} match
 * it).
 */
final class DocumentOperations {
  private DocumentOperations() {}

  static Set<String> of(@Nullable JsonNode root, ParserOptions parserOptions) {
    if (root == null || !root.isObject() || !root.path("query").isTextual()) {
      return Set.of();
    }
    JsonNode opName = root.get("operationName");
    String name =
        opName != null && opName.isTextual() && !opName.asText().isEmpty() ? opName.asText() : null;
    Document doc;
    try {
      doc =
          new Parser()
              .parseDocument(
                  ParserEnvironment.newParserEnvironment()
                      .document(root.get("query").asText())
                      .parserOptions(parserOptions)
                      .build());
    } catch (InvalidSyntaxException e) {
      return Set.of(); // the parser limits' exceptions are InvalidSyntaxExceptions too
    }
    OperationDefinition op = MutationLimit.operation(doc, name);
    if (op == null) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (op.getOperation() == OperationDefinition.Operation.QUERY) {
      out.add("query");
    } else if (op.getOperation() == OperationDefinition.Operation.MUTATION) {
      out.add("mutation");
      List<Field> fields = new ArrayList<>();
      MutationLimit.collect(op.getSelectionSet(), doc, fields, 0);
      for (Field f : fields) {
        out.add(f.getName());
      }
    }
    return out;
  }
}
