package dev.borgform.diag;

import java.util.Objects;

/**
 * A place in a spec file, 1-based, as editors show it. {@link #toString()} gives the {@code
 * file:line:column} prefix every diagnostic starts with.
 */
public record SourcePos(String file, int line, int column) implements Comparable<SourcePos> {

  public SourcePos {
    Objects.requireNonNull(file, "file");
  }

  /** A position for problems that belong to a whole file (empty file, bad encoding). */
  public static SourcePos startOf(String file) {
    return new SourcePos(file, 1, 1);
  }

  @Override
  public int compareTo(SourcePos o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
