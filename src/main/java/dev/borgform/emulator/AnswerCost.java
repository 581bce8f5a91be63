package dev.borgform.emulator;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How many values a document would answer, counted before it runs: every field is one value, and a
 * list of objects multiplies its sub-selection by the number of items it would hold (the keys or
 * repos of the account, or the size of the schema for introspection). This is what makes one small
 * document with 1,200 aliases of {@code repoList} on a 2,000-repo account (21 million values) a
 * cheap refusal instead of gigabytes of heap.
 */
final class AnswerCost {
  /** Items a list field would answer, given its arguments. */
  interface Sizes {
    int keys(@Nullable String nameFilter);

    int repos(@Nullable String nameFilter);
  }

  private final GraphQLSchema schema;
  private final Map<String, Integer> introspectionSizes = new HashMap<>();

  AnswerCost(GraphQLSchema schema) {
    this.schema = schema;
    int types = schema.getAllTypesAsList().size();
    int fields = 0;
    int args = 0;
    int enumValues = 0;
    for (GraphQLNamedType t : schema.getAllTypesAsList()) {
      if (t instanceof GraphQLFieldsContainer c) {
        fields = Math.max(fields, c.getFieldDefinitions().size());
        for (GraphQLFieldDefinition f : c.getFieldDefinitions()) {
          args = Math.max(args, f.getArguments().size());
        }
      } else if (t instanceof GraphQLInputObjectType in) {
        fields = Math.max(fields, in.getFieldDefinitions().size());
      } else if (t instanceof GraphQLEnumType e) {
        enumValues = Math.max(enumValues, e.getValues().size());
      }
    }
    for (GraphQLDirective d : schema.getDirectives()) {
      args = Math.max(args, d.getArguments().size());
    }
    introspectionSizes.put("types", types);
    introspectionSizes.put("possibleTypes", types);
    introspectionSizes.put("interfaces", types);
    introspectionSizes.put("fields", fields);
    introspectionSizes.put("inputFields", fields);
    introspectionSizes.put("args", args);
    introspectionSizes.put("enumValues", enumValues);
    introspectionSizes.put("directives", schema.getDirectives().size());
  }

  /**
   * The number of values the operation would answer, or {@code cap + 1} as soon as it is known to
   * be more than {@code cap}.
   */
  long estimate(
      Document doc,
      @Nullable String operationName,
      Map<String, Object> variables,
      Sizes sizes,
      long cap) {
    Map<QueryVisitorFieldEnvironment, Long> childCosts = new HashMap<>();
    long[] total = {0};
    long limit = cap + 1;
    QueryTraverser.newQueryTraverser()
        .schema(schema)
        .document(doc)
        .operationName(operationName)
        .coercedVariables(CoercedVariables.of(variables))
        .build()
        .visitPostOrder(
            new QueryVisitorStub() {
              @Override
              public void visitField(QueryVisitorFieldEnvironment env) {
                long own = cost(env, childCosts.getOrDefault(env, 0L), sizes, limit);
                QueryVisitorFieldEnvironment parent = env.getParentEnvironment();
                if (parent == null) {
                  total[0] = Math.min(limit, total[0] + own);
                } else {
                  childCosts.merge(parent, own, (a, b) -> Math.min(limit, a + b));
                }
              }
            });
    return total[0];
  }

  private long cost(QueryVisitorFieldEnvironment env, long children, Sizes sizes, long limit) {
    if (env.isTypeNameIntrospectionField()) {
      return 1;
    }
    GraphQLOutputType type = env.getFieldDefinition().getType();
    GraphQLType bare = GraphQLTypeUtil.unwrapNonNull(type);
    if (bare instanceof GraphQLList) {
      if (!(GraphQLTypeUtil.unwrapAll(bare) instanceof GraphQLCompositeType)) {
        return 1; // a list of scalars (key ids): small, and the answer byte limit bounds it
      }
      long items = items(env, sizes);
      return Math.min(limit, 1 + items * Math.min(limit, 1 + children));
    }
    return Math.min(limit, 1 + children);
  }

  private long items(QueryVisitorFieldEnvironment env, Sizes sizes) {
    String field = env.getField().getName();
    String parent = GraphQLTypeUtil.simplePrint(env.getParentType());
    if (parent.equals("Query")) {
      Object name = env.getArguments().get("name");
      String filter = name instanceof String s ? s : null;
      switch (field) {
        case "sshList":
          return sizes.keys(filter);
        case "repoList":
          return sizes.repos(filter);
        case "overageList":
          return 0; // the emulated account never has overages
        default:
          break;
      }
    }
    int n = introspectionSizes.getOrDefault(field, 0);
    // Any other list of objects: as large as the whole account, to be safe.
    return n > 0 ? n : Math.max(sizes.keys(null), sizes.repos(null));
  }
}
