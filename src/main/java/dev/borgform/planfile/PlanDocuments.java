package dev.borgform.planfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/** Telling a saved plan from any other file, without reading all of it. */
public final class PlanDocuments {
  private PlanDocuments() {}

  /**
   * True for a JSON object with a {@code formatVersion} text and a {@code changes} list at its top
   * level: what every plan document has, whatever its version. Read as a stream, so a big file
   * costs no memory and a file that is not JSON stops at its first bytes. For {@code plan --out},
   * which replaces only an earlier plan.
   */
  public static boolean isPlanDocument(InputStream in) {
    boolean version = false;
    boolean changes = false;
    try (JsonParser p = new JsonFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("formatVersion")) version = value == JsonToken.VALUE_STRING;
        if (field.equals("changes")) changes = value == JsonToken.START_ARRAY;
        if (version && changes) return true;
        p.skipChildren();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
