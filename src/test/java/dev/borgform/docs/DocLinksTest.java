package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and the docs leads to a file of the repository, and to a
 * heading that exists.
 */
class DocLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void relativeLinksAndTheirAnchorsExist() throws IOException {
    Path root = DocRunner.root();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : Markdown.docs(root)) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINK.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z]+:.*")) continue; // https:, mailto:
          checked++;
          String where = root.relativize(doc) + ":" + (i + 1) + ": " + target;
          int hash = target.indexOf('#');
          String file = hash < 0 ? target : target.substring(0, hash);
          Path p = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
          if (!p.startsWith(root) || !Files.exists(p)) {
            broken.add(where + " (no such file in the repository)");
            continue;
          }
          if (hash >= 0
              && p.toString().endsWith(".md")
              && !anchors(p).contains(target.substring(hash + 1))) {
            broken.add(where + " (no such heading)");
          }
        }
      }
    }
    assertThat(broken).isEmpty();
    assertThat(checked).isGreaterThan(30);
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(Path md) throws IOException {
    Set<String> out = new HashSet<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(md)) {
      if (line.strip().startsWith("```")) fenced = !fenced;
      if (fenced || !line.startsWith("#")) continue;
      String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
      out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
    }
    return out;
  }
}
