package dev.borgform.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fits a Markdown document into a character budget ({@code --max-chars}) by leaving out whole
 * parts, the one loop of the plan and the failure documents. The document is a fixed part that
 * always stays (heading, counts, footer) and sections of parts (alerts, table rows, a details
 * block), kept in order while they fit. Once a part does not fit, it and the rest of its section
 * are left out, and so is every part of the next section: a section is tried only when the one
 * before it was kept whole (an empty one is whole), so a reader never sees a row without the
 * warnings above it, nor the list of what is left alone without every row. A note says what was
 * left out; the room for parts is what the budget leaves after the fixed part and the note for
 * everything, whose length only grows with the counts and so bounds the note printed. Lengths are
 * {@link String#length()}: UTF-16 code units, never fewer than the code points a comment counts.
 */
final class MarkdownFit {
  /**
   * Parts kept in order while they fit. {@code opening} and {@code closing} (a table's head and the
   * blank line after it) are printed around the kept parts only when one is kept, and count with
   * the first.
   */
  record Section(String opening, List<String> parts, String closing) {
    Section {
      parts = List.copyOf(parts);
    }

    static Section of(List<String> parts) {
      return new Section("", parts, "");
    }

    int length() {
      int n = parts.isEmpty() ? 0 : opening.length() + closing.length();
      for (String p : parts) n += p.length();
      return n;
    }

    /** The first {@code kept} parts, with the opening and closing when there is one. */
    void print(int kept, PrintWriter out) {
      if (kept == 0) return;
      out.print(opening);
      for (String p : parts.subList(0, kept)) out.print(p);
      out.print(closing);
    }
  }

  private MarkdownFit() {}

  /**
   * How many parts of each section stay, in the sections' order.
   *
   * @param maxChars the budget; 0 for none
   * @param fixed the characters always printed (everything but the sections and the note)
   * @param note the note for the parts left out, given how many of each section were cut
   */
  static List<Integer> keep(
      int maxChars, int fixed, List<Section> sections, Function<List<Integer>, String> note) {
    List<Integer> all = new ArrayList<>();
    int whole = fixed;
    for (Section s : sections) {
      all.add(s.parts().size());
      whole += s.length();
    }
    if (maxChars <= 0 || whole <= maxChars) return all;
    int room = maxChars - fixed - note.apply(all).length();
    List<Integer> kept = new ArrayList<>();
    boolean previousWhole = true;
    for (Section s : sections) {
      int n = 0;
      for (String p : s.parts()) {
        int cost = p.length() + (n == 0 ? s.opening().length() + s.closing().length() : 0);
        if (!previousWhole || cost > room) break;
        n++;
        room -= cost;
      }
      kept.add(n);
      previousWhole = n == s.parts().size();
    }
    return kept;
  }

  /** How many parts of each section {@code kept} leaves out. */
  static List<Integer> cut(List<Section> sections, List<Integer> kept) {
    List<Integer> cut = new ArrayList<>();
    for (int i = 0; i < sections.size(); i++) {
      cut.add(sections.get(i).parts().size() - kept.get(i));
    }
    return cut;
  }
}
