package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.doctor.Finding;
import dev.borgform.testing.EditedSchema;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.language.Type;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema check as a table: an edit of the emulator's schema, and the differences doctor names
 * (what, and what it breaks). The live side always goes through introspection, as doctor meets it.
 */
class SchemaCheckTest {

  /** The emulator's schema after {@code edit}, as an introspection answer read back by doctor. */
  private static GraphQLSchema live(UnaryOperator<String> edit) {
    GraphQLSchema served = EditedSchema.schema(edit.apply(EditedSchema.emulatorSdl()));
    ExecutionResult r = GraphQL.newGraphQL(served).build().execute(SchemaCheck.INTROSPECTION_QUERY);
    assertThat(r.getErrors()).isEmpty();
    Map<String, Object> data = r.getData();
    return SchemaCheck.schemaOf(data);
  }

  private static List<String> whats(List<Finding> findings) {
    return findings.stream().map(Finding::what).toList();
  }

  @Test
  void theEmulatorsSchemaHasEverythingTheClientSends() {
    assertThat(SchemaCheck.check(live(s -> s))).isEmpty();
  }

  @Test
  void theCheckedDocumentsAreTheClientsOwn() {
    List<ClientDocuments.Sent> docs = ClientDocuments.all();
    assertThat(docs.get(0).document()).isEqualTo(BorgBaseClient.accountDocument());
    assertThat(docs.stream().map(ClientDocuments.Sent::purpose))
        .containsExactly(
            "the account read",
            "sshAdd",
            "repoAdd",
            "repoEdit",
            "sshDelete",
            "repoDelete",
            "the read of borgform output");
    // Every argument the client can send for a repo appears in the checked repoAdd document.
    String repoAdd = docs.get(2).document();
    for (String arg :
        List.of(
            "name",
            "region",
            "quota",
            "quotaEnabled",
            "alertDays",
            "appendOnly",
            "appendOnlyKeys",
            "fullAccessKeys",
            "rsyncKeys",
            "sftpEnabled",
            "borgVersion",
            "format",
            "compactionEnabled",
            "compactionInterval",
            "compactionIntervalUnit",
            "compactionHour",
            "compactionHourTimezone")) {
      assertThat(repoAdd).contains(arg + ": $m0_" + arg);
    }
    assertThat(docs.get(3).document()).doesNotContain("format:");
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of(
            "an argument dropped",
            (UnaryOperator<String>)
                s -> s.replace("    rsyncKeys: [String]\n    sftpEnabled", "    sftpEnabled"),
            List.of(
                "repoAdd(rsyncKeys:): borgform sends this argument; the live schema has no such"
                    + " argument",
                "repoEdit(rsyncKeys:): borgform sends this argument; the live schema has no such"
                    + " argument"),
            "apply: creating a repo (repos[]); spec field repos[].rsyncKeys"),
        Arguments.of(
            "an id that became an Int",
            (UnaryOperator<String>)
                s -> s.replace("repoDelete(id: String!)", "repoDelete(id: Int!)"),
            List.of("repoDelete(id:): borgform sends String!, the live schema expects Int!"),
            "apply --allow-destroy: deleting a repo not in the spec (policy.pruneRepos)"),
        Arguments.of(
            "a nullable argument that became required",
            (UnaryOperator<String>)
                s ->
                    s.replace(
                        "  sshAdd(name: String, keyData: String)",
                        "  sshAdd(name: String, keyData: String, label: String!)"),
            List.of(
                "sshAdd(label:): the live schema requires this argument (String!); borgform never"
                    + " sends it"),
            "apply: adding a key (keys[]), and replacing one whose publicKey changed"),
        Arguments.of(
            "an argument borgform sends only sometimes, now required",
            (UnaryOperator<String>)
                s ->
                    s.replace(
                        "    name: String\n    region: String\n    quota: Int",
                        "    name: String\n    region: String\n    quota: Int!"),
            List.of(
                "repoEdit(quota:): borgform sends Int, the live schema expects Int!",
                "repoEdit(quota:): the live schema requires this argument (Int!); borgform sends"
                    + " it only when the spec sets repos[].quota"),
            "apply: changing an existing repo, and moving repos to a replaced key"
                + " (keys[].publicKey); spec field repos[].quota"),
        Arguments.of(
            "a list argument that became a single value",
            (UnaryOperator<String>)
                s ->
                    s.replace(
                        "    appendOnly: Boolean\n    appendOnlyKeys: [String]\n    fullAccessKeys: [String]\n    rsyncKeys: [String]\n    sftpEnabled: Boolean\n    borgVersion: String\n    format",
                        "    appendOnly: Boolean\n    appendOnlyKeys: String\n    fullAccessKeys: [String]\n    rsyncKeys: [String]\n    sftpEnabled: Boolean\n    borgVersion: String\n    format"),
            List.of(
                "repoAdd(appendOnlyKeys:): borgform sends [String], the live schema expects String"),
            "apply: creating a repo (repos[]); spec field repos[].appendOnlyKeys"),
        Arguments.of(
            "a mutation removed",
            (UnaryOperator<String>) s -> s.replace("  repoDelete(id: String!): OkPayload\n", ""),
            List.of("mutation repoDelete: borgform uses it; the live schema has no such mutation"),
            "apply --allow-destroy: deleting a repo not in the spec (policy.pruneRepos)"),
        Arguments.of(
            "a field the account read selects, renamed",
            (UnaryOperator<String>) s -> s.replace("  hashSha256: String", "  sha256: String"),
            List.of(
                "sshList { hashSha256 }: borgform reads this field; the live type SshKey has no"
                    + " such field"),
            "plan, apply and export: the account is read in one request, which the API would"
                + " refuse as a whole"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void eachDifferenceIsNamedWithWhatItBreaks(
      String name, UnaryOperator<String> edit, List<String> expected, String breaks) {
    List<Finding> findings = SchemaCheck.check(live(edit));
    assertThat(whats(findings)).as(name).containsExactlyElementsOf(expected);
    assertThat(findings.get(0).breaks()).isEqualTo(breaks);
    assertThat(findings.get(0).hint()).contains("borgform doctor --save-schema FILE");
  }

  /** GraphQL's rule for a variable in an argument's position. */
  @ParameterizedTest(name = "${0} into {1}: {2}")
  @CsvSource({
    "String!, String!, true",
    "String!, String, true",
    "String, String!, false",
    "String, String, true",
    "String!, ID!, false",
    "Int, String, false",
    "[String], [String], true",
    "[String!], [String], true",
    "[String], [String!], false",
    "[String]!, [String], true",
    "[String], [String]!, false",
    "[String], String, false",
    "String, [String], false"
  })
  void variableTypesFitArgumentsAsGraphQlSays(String variable, String argument, boolean fits) {
    Type<?> v =
        Parser.parse("query Q($v: " + variable + ") { a }")
            .getDefinitionsOfType(graphql.language.OperationDefinition.class)
            .get(0)
            .getVariableDefinitions()
            .get(0)
            .getType();
    GraphQLSchema schema = EditedSchema.schema("type Query { a(x: " + argument + "): String }");
    GraphQLType arg = schema.getQueryType().getFieldDefinition("a").getArgument("x").getType();
    assertThat(SchemaCheck.fits(v, arg)).isEqualTo(fits);
  }

  @Test
  void aSavedSchemaIsRecognisedAndOtherFilesAreNot() {
    assertThat(Doctor.isIntrospectionResult("{\"data\":{\"__schema\":{\"types\":[]}}}")).isTrue();
    assertThat(Doctor.isIntrospectionResult("{\"__schema\":{}}")).isTrue();
    assertThat(Doctor.isIntrospectionResult("version: 1\nkeys: []\n")).isFalse();
    assertThat(Doctor.isIntrospectionResult("{\"formatVersion\":\"1\"}")).isFalse();
    assertThat(Doctor.isIntrospectionResult("")).isFalse();
  }
}
