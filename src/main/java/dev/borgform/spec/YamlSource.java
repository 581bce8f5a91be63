package dev.borgform.spec;

import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.SourcePos;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one spec file into a YAML node tree with positions, refusing what could hurt: files too
 * big to be a spec, bytes that are not UTF-8, and alias bombs ("billion laughs"). SnakeYAML's
 * {@code compose} keeps every node's line and column and builds no Java objects from tags.
 */
final class YamlSource {
  /** Ten thousand repos take about 2 MB of YAML; 8 MiB leaves room without inviting abuse. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 16;

  private YamlSource() {}

  /** The root node, or null with the problem added to {@code diags}. */
  static Node read(Path file, String display, Diagnostics diags) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        diags.error(
            SourcePos.startOf(display),
            "the spec file is " + size + " bytes; the limit is " + MAX_BYTES,
            "Split it into several files in one folder and pass the folder with -f.");
        return null;
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      diags.error(
          SourcePos.startOf(display),
          "cannot read the spec file: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          "Check the path given with -f and the file's permissions.");
      return null;
    }
    return parse(bytes, display, diags);
  }

  static Node parse(byte[] bytes, String display, Diagnostics diags) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      diags.error(
          positionOfBadByte(bytes, display),
          "the spec file is not valid UTF-8",
          "Save the file as UTF-8 (most editors have an encoding option).");
      return null;
    }
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    if (text.isBlank() || onlyComments(text)) {
      diags.error(
          SourcePos.startOf(display),
          "the spec file is empty",
          "Start it with `version: 1`, then list `keys:` and `repos:` (see docs/spec.md).");
      return null;
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      Node root = yaml.compose(new StringReader(text));
      if (root == null) {
        diags.error(
            SourcePos.startOf(display),
            "the spec file is empty",
            "Start it with `version: 1`, then list `keys:` and `repos:` (see docs/spec.md).");
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourcePos pos =
          m == null ? SourcePos.startOf(display) : new SourcePos(display, m.getLine() + 1, m.getColumn() + 1);
      diags.error(pos, "the file is not valid YAML: " + yamlProblem(e), yamlHint(e));
      return null;
    } catch (YAMLException e) {
      diags.error(
          SourcePos.startOf(display),
          "the file is not valid YAML: " + firstLine(e.getMessage()),
          yamlHint(e));
      return null;
    }
  }

  private static String yamlProblem(MarkedYAMLException e) {
    String p = e.getProblem() != null ? e.getProblem() : e.getContext();
    if (e.getContext() != null && e.getProblem() != null) p = e.getContext() + ", " + e.getProblem();
    return firstLine(p == null ? e.getMessage() : p);
  }

  private static String yamlHint(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("aliases")) {
      return "The file uses more than " + MAX_ALIASES + " aliases (*name); write the values out.";
    }
    if (m.contains("Nesting Depth")) {
      return "The file nests deeper than " + MAX_DEPTH + " levels; a spec never needs that.";
    }
    if (m.contains("expected a single document")) {
      return "Put one document per file (remove the `---` separators), or split into files in a"
          + " folder.";
    }
    if (m.contains("tab")) return "Indent with spaces; YAML does not allow tabs for indentation.";
    return "Check indentation and quoting at that position.";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static boolean onlyComments(String text) {
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) return false;
    }
    return true;
  }

  private static SourcePos positionOfBadByte(byte[] bytes, String display) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int line = 1, col = 1, i = 0;
    while (i < bytes.length) {
      int len = utf8Length(bytes[i]);
      try {
        if (len < 0 || i + len > bytes.length) throw new CharacterCodingException();
        decoder.reset().decode(ByteBuffer.wrap(bytes, i, len));
      } catch (CharacterCodingException e) {
        return new SourcePos(display, line, col);
      }
      if (bytes[i] == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
      i += len;
    }
    return new SourcePos(display, line, col);
  }

  private static int utf8Length(byte b) {
    int u = b & 0xff;
    if (u < 0x80) return 1;
    if (u >= 0xc2 && u < 0xe0) return 2;
    if (u >= 0xe0 && u < 0xf0) return 3;
    if (u >= 0xf0 && u < 0xf5) return 4;
    return -1;
  }
}
