package dev.borgform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a schema saved by {@code borgform doctor --save-schema} with the emulator's ({@code
 * borgbase.graphqls}): both printed as SDL by graphql-java the same way (types sorted, no comments,
 * no built-in directives or scalars), then compared type by type. What it lists is what to change
 * in the emulator's schema to match the live API.
 */
public final class SchemaDiff {
  private SchemaDiff() {}

  /** The SDL of a saved introspection result ({@code {"data": {"__schema": ...}}}). */
  public static String sdlOfSaved(Path saved) {
    try {
      Map<?, ?> root = new ObjectMapper().readValue(saved.toFile(), Map.class);
      Object data = root.containsKey("data") ? root.get("data") : root;
      @SuppressWarnings("unchecked")
      Map<String, Object> introspection = (Map<String, Object>) data;
      GraphQLSchema schema =
          UnExecutableSchemaGenerator.makeUnExecutableSchema(
              new SchemaParser()
                  .buildRegistry(
                      new IntrospectionResultToSchema().createSchemaDefinition(introspection)));
      return print(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The emulator's schema, printed as {@link #sdlOfSaved} prints a saved one. */
  public static String sdlOfEmulator() {
    return print(EditedSchema.schema(EditedSchema.emulatorSdl()));
  }

  private static String print(GraphQLSchema schema) {
    return new SchemaPrinter(
            SchemaPrinter.Options.defaultOptions()
                .includeDirectives(false)
                .includeScalarTypes(false)
                .includeIntrospectionTypes(false)
                .includeSchemaDefinition(false)
                .includeSchemaElement(e -> true))
        .print(schema);
  }

  /**
   * One line per difference, "TYPE: - line" (only in the emulator) or "TYPE: + line" (only in the
   * saved schema); empty when they agree.
   */
  public static List<String> differences(String emulatorSdl, String savedSdl) {
    Map<String, Set<String>> emu = blocks(emulatorSdl);
    Map<String, Set<String>> live = blocks(savedSdl);
    Set<String> types = new LinkedHashSet<>(emu.keySet());
    types.addAll(live.keySet());
    List<String> out = new ArrayList<>();
    for (String t : types) {
      Set<String> a = emu.getOrDefault(t, Set.of());
      Set<String> b = live.getOrDefault(t, Set.of());
      if (!emu.containsKey(t)) out.add(t + ": + (only in the saved schema)");
      if (!live.containsKey(t)) out.add(t + ": - (only in the emulator)");
      for (String line : a) if (!b.contains(line)) out.add(t + ": - " + line);
      for (String line : b) if (!a.contains(line)) out.add(t + ": + " + line);
    }
    return out;
  }

  /** Type header ("type Mutation") to its member lines, stripped. */
  private static Map<String, Set<String>> blocks(String sdl) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    String current = null;
    StringBuilder member = new StringBuilder();
    for (String raw : sdl.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) continue;
      if (current == null) {
        current = line.replace("{", "").strip();
        out.put(current, new LinkedHashSet<>());
        continue;
      }
      if (line.equals("}")) {
        current = null;
        continue;
      }
      // Arguments printed over several lines belong to one member.
      member.append(member.length() == 0 ? "" : " ").append(line);
      if (balanced(member)) {
        out.get(current).add(member.toString().replace("( ", "(").replace(" )", ")"));
        member.setLength(0);
      }
    }
    return out;
  }

  private static boolean balanced(CharSequence s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '(') depth++;
      if (s.charAt(i) == ')') depth--;
    }
    return depth == 0;
  }
}
