package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * docs/borgform.schema.json, checked with a real JSON Schema validator against every fixture, read
 * as an editor reads it (YAML 1.2 core schema). Valid fixtures and examples pass; every invalid
 * case is rejected, unless it is listed in {@link #LOADER_ONLY} with the reason a schema cannot see
 * the problem. A new invalid case must take one side or the other.
 */
class SpecSchemaTest {
  static final Path SCHEMA = Path.of("docs/borgform.schema.json");

  /** Invalid cases only the loader can catch, each with why. */
  static final Map<String, String> LOADER_ONLY = new LinkedHashMap<>();

  static {
    String notYaml = "not YAML an editor can read, so there is nothing to check against a schema";
    String file = "about files, folders or byte encodings, which a schema never sees";
    String env = "the value is only known after ${VAR} is filled in";
    String keyBlob = "the base64 blob must be decoded to check it";
    String cross = "compares one entry with others (a schema checks each value on its own)";
    String yaml12 =
        "YAML 1.2 reads this as the schema expects; the loader refuses it because YAML 1.1 tools read it differently";
    LOADER_ONLY.put("003-not-utf8.yaml", file);
    LOADER_ONLY.put("004-utf16.yaml", file);
    LOADER_ONLY.put("005-tab-indentation.yaml", notYaml);
    LOADER_ONLY.put("006-multiple-documents.yaml", notYaml);
    LOADER_ONLY.put("007-duplicate-field.yaml", notYaml);
    LOADER_ONLY.put(
        "008-billion-laughs.yaml", notYaml + " (the YAML reader's alias limit stops it)");
    LOADER_ONLY.put("010-unclosed-quote.yaml", notYaml);
    LOADER_ONLY.put("011-bad-indentation.yaml", notYaml);
    LOADER_ONLY.put("014-yaml-tag.yaml", notYaml + " (an unknown tag has no plain value)");
    LOADER_ONLY.put("018-custom-tag.yaml", notYaml + " (an unknown tag has no plain value)");
    LOADER_ONLY.put("015-merge-key.yaml", "YAML readers apply << before a schema sees the result");
    LOADER_ONLY.put("016-undefined-alias.yaml", notYaml);
    LOADER_ONLY.put("017-value-with-colon-unquoted.yaml", notYaml);
    LOADER_ONLY.put("036-key-declared-twice.yaml", cross);
    LOADER_ONLY.put("038-key-type-does-not-match-blob.yaml", keyBlob);
    LOADER_ONLY.put("039-key-rsa-1024-bits.yaml", keyBlob);
    LOADER_ONLY.put("041-key-blob-truncated.yaml", keyBlob);
    LOADER_ONLY.put("045-key-ecdsa-curve-mismatch.yaml", keyBlob);
    LOADER_ONLY.put("049-key-truncated-rsa.yaml", keyBlob);
    LOADER_ONLY.put("053-private-key-body-without-header.yaml", keyBlob);
    LOADER_ONLY.put("054-private-key-pasted-unindented.yaml", notYaml);
    LOADER_ONLY.put("056-private-key-from-environment.yaml", env);
    LOADER_ONLY.put("057-private-key-file.yaml", file);
    LOADER_ONLY.put("058-private-key-putty-file.yaml", file);
    LOADER_ONLY.put("060-key-file-missing.yaml", file);
    LOADER_ONLY.put("061-key-file-is-a-folder.yaml", file);
    LOADER_ONLY.put("062-key-file-with-tilde.yaml", file);
    LOADER_ONLY.put("063-key-file-empty.yaml", file);
    LOADER_ONLY.put("064-key-file-authorized-keys.yaml", file);
    LOADER_ONLY.put("065-key-file-too-large.yaml", file);
    LOADER_ONLY.put("066-key-file-path-from-environment-missing.yaml", file);
    LOADER_ONLY.put("070-env-unset.yaml", env);
    LOADER_ONLY.put("073-env-secret-in-region.yaml", env);
    LOADER_ONLY.put("074-env-secret-in-quota.yaml", env);
    LOADER_ONLY.put("076-env-secret-in-id.yaml", env);
    LOADER_ONLY.put("077-env-secret-in-key-list.yaml", env);
    LOADER_ONLY.put("078-env-multiline-value-in-name.yaml", env);
    LOADER_ONLY.put("079-env-secret-in-timezone.yaml", env);
    LOADER_ONLY.put("080-env-not-a-public-key.yaml", env);
    LOADER_ONLY.put("083-env-variable-holding-the-token.yaml", env);
    LOADER_ONLY.put("085-key-ecdsa-point-not-on-curve.yaml", keyBlob);
    LOADER_ONLY.put("093-repo-declared-twice.yaml", cross);
    LOADER_ONLY.put(
        "113-quota-fraction-of-a-megabyte.yaml", "needs arithmetic on the number and its unit");
    LOADER_ONLY.put("115-quota-too-large.yaml", "needs arithmetic on the number and its unit");
    LOADER_ONLY.put("137-alert-days-hex.yaml", yaml12);
    LOADER_ONLY.put("140-unknown-key-in-list.yaml", cross);
    LOADER_ONLY.put("142-key-append-only-and-full-access.yaml", cross);
    LOADER_ONLY.put(
        "154-compaction-timezone-typo.yaml",
        "the time zone names are the JVM's list, not a fixed set");
    LOADER_ONLY.put("161-repo-id-pinned-twice.yaml", cross);
    LOADER_ONLY.put("176-policy-ignore-matches-spec-key.yaml", cross);
    LOADER_ONLY.put("177-policy-ignore-matches-spec-repo.yaml", cross);
    LOADER_ONLY.put("200-folder-key-declared-in-two-files", cross);
    LOADER_ONLY.put("201-folder-repo-declared-in-two-files", cross);
    LOADER_ONLY.put("202-folder-two-policies", cross);
    LOADER_ONLY.put("203-folder-without-specs", file);
    LOADER_ONLY.put("205-folder-id-pinned-in-two-files", cross);
    LOADER_ONLY.put("219-defaults-undeclared-key.yaml", cross);
    LOADER_ONLY.put(
        "221-defaults-key-list-conflicts-with-repo.yaml",
        cross + ": a default merged into a repo's own fields");
    LOADER_ONLY.put("222-folder-two-defaults", cross);
    LOADER_ONLY.put(
        "223-folder-defaults-from-another-file",
        cross + ": a default merged into a repo's own fields");
    LOADER_ONLY.put("211-renamed-from-own-name.yaml", "compares a value with the entry's own name");
    LOADER_ONLY.put("212-renamed-from-a-name-still-in-the-spec.yaml", cross);
    LOADER_ONLY.put("213-renamed-from-claimed-by-two-repos.yaml", cross);
    LOADER_ONLY.put("214-key-renamed-from-claimed-by-two-keys.yaml", cross);
  }

  private static Schema schema;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void loadSchema() throws IOException {
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Files.readString(SCHEMA));
  }

  /** The schema document itself is valid JSON Schema 2020-12. */
  @Test
  void theSchemaIsAValidDraft202012Schema() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Schema meta =
        registry.getSchema(
            com.networknt.schema.SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    JsonNode doc = JSON.readTree(SCHEMA.toFile());
    assertThat(meta.validate(doc)).isEmpty();
    assertThat(doc.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  /** The YAML files a spec path stands for: the file, or the *.yaml/*.yml files of a folder. */
  private static List<Path> yamlFiles(Path spec) throws IOException {
    if (!Files.isDirectory(spec)) return List.of(spec);
    try (Stream<Path> s = Files.list(spec)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /** The schema's errors for one file, or null when an editor could not read it as YAML. */
  private static List<String> schemaErrors(Path file) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    Object data;
    try {
      LoadSettings settings =
          LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false).build();
      data = new Load(settings).loadFromString(text);
    } catch (RuntimeException e) {
      return null;
    }
    JsonNode node = JSON.valueToTree(data);
    List<String> out = new ArrayList<>();
    for (Error e : schema.validate(node)) out.add(e.getInstanceLocation() + ": " + e.getMessage());
    return out;
  }

  static List<String> validSpecs() throws IOException {
    return ValidSpecsIT.specs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void everyValidFixtureAndExampleMatchesTheSchema(String spec) throws IOException {
    for (Path f : yamlFiles(Path.of(spec))) {
      List<String> errors = schemaErrors(f);
      assertThat(errors).as("%s is readable YAML", f).isNotNull();
      assertThat(errors).as("schema errors in %s", f).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.borgform.spec.InvalidSpecCorpusTest#cases")
  void everyInvalidCaseIsRejectedByTheSchemaOrListedAsLoaderOnly(String name) throws IOException {
    boolean rejected = false;
    List<String> found = new ArrayList<>();
    for (Path f : yamlFiles(InvalidSpecCorpusTest.DIR.resolve(name))) {
      List<String> errors = schemaErrors(f);
      if (errors == null || !errors.isEmpty()) {
        // Unreadable YAML counts as "not rejected by the schema": the schema never saw it.
        if (errors != null) {
          rejected = true;
          found.addAll(errors);
        }
      }
    }
    if (LOADER_ONLY.containsKey(name)) {
      assertThat(rejected)
          .as(
              "%s is listed as loader-only (%s) but the schema rejects it: %s",
              name, LOADER_ONLY.get(name), found)
          .isFalse();
    } else {
      assertThat(rejected)
          .as(
              "%s: the schema accepts it; tighten the schema or list it in LOADER_ONLY with the reason",
              name)
          .isTrue();
    }
  }

  @Test
  void theLoaderOnlyListNamesOnlyExistingCases() throws IOException {
    assertThat(InvalidSpecCorpusTest.cases()).containsAll(LOADER_ONLY.keySet());
  }
}
