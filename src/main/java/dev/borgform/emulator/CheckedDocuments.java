package dev.borgform.emulator;

import graphql.language.Document;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The last few documents that parsed and passed validation, by their text (least recently used goes
 * first). Only texts up to a length are kept, so the cache holds at most {@code maxEntries} times
 * that many characters and their syntax trees, whatever clients send.
 */
final class CheckedDocuments {
  private final int maxEntries;
  private final int maxLength;
  private final Map<String, Document> byText;

  CheckedDocuments(int maxEntries, int maxLength) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
    this.byText =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Document> eldest) {
            return size() > CheckedDocuments.this.maxEntries;
          }
        };
  }

  /** The document of {@code text} if it was put here and is still kept; else null. */
  synchronized @Nullable Document get(String text) {
    return byText.get(text);
  }

  /** Keeps {@code doc}, a valid document, as the one of {@code text} (unless the text is long). */
  synchronized void put(String text, Document doc) {
    if (text.length() <= maxLength) byText.put(text, doc);
  }

  synchronized int size() {
    return byText.size();
  }
}
