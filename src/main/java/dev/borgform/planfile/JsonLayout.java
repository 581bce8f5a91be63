package dev.borgform.planfile;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The one layout of every JSON document borgform writes (plan files, outcome and output documents):
 * two-space indents, {@code "key": value}, {@code []} and {@code {}} for empty ones. Documents that
 * look alike diff alike.
 */
final class JsonLayout {
  private JsonLayout() {}

  /** {@code mapper}'s writer in that layout. */
  static ObjectWriter pretty(ObjectMapper mapper) {
    return mapper.writer(
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));
  }
}
