package dev.borgform.spec;

import dev.borgform.diag.Diagnostics;
import dev.borgform.diag.Printable;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads one spec file into a YAML node tree with positions, refusing what could hurt: files too big
 * to be a spec, bytes that are not UTF-8, and alias bombs ("billion laughs"). SnakeYAML's {@code
 * compose} keeps every node's line and column and builds no Java objects from tags.
 */
final class YamlSource {
  /** Ten thousand repos take about 2 MB of YAML; 8 MiB leaves room without inviting abuse. */
  static final int MAX_BYTES = 8 * 1024 * 1024;

  /**
   * Aliases to lists or mappings per file. Enough to share a key list (`fullAccessKeys: *admins`)
   * across a thousand repos; the loader never expands a value it does not expect, so this bounds
   * work rather than being the only guard.
   */
  static final int MAX_ALIASES = 1000;

  /** A spec nests five levels (spec, repos, repo, compaction, value); 16 is generous. */
  static final int MAX_DEPTH = 16;

  /**
   * The longest line a spec may have, in characters. The longest real line is a public key (an RSA
   * 16384 key is about 2,800 characters); 64 KiB is far above it. A longer line is refused before
   * the YAML parser sees it: SnakeYAML's cost grows faster than the line (a single 4 MiB line took
   * 12 s and 450 MB to read), and such a line is not a spec anyway.
   */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final String EMPTY_HINT =
      "Start it with `version: 1`, then list `keys:` and `repos:` (see docs/spec.md).";

  private YamlSource() {}

  /** The file's text, or null with the problem added to {@code diags}. */
  static @Nullable String readText(Path file, String display, Diagnostics diags, long budget) {
    String text = readDecoded(file, display, diags, budget);
    return text == null || !isSpecText(text, display, diags) ? null : text;
  }

  /**
   * The file's text as UTF-8, not yet checked by {@link #isSpecText}, or null with the problem
   * added to {@code diags}.
   */
  static @Nullable String readDecoded(Path file, String display, Diagnostics diags, long budget) {
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
      if (size > budget) {
        diags.error(
            SourcePos.startOf(display),
            "the spec files of this folder are more than "
                + SpecLoader.MAX_FOLDER_BYTES
                + " bytes together; this file was not read",
            "A spec that large is not a spec; check that -f names the right folder.");
        return null;
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      diags.error(
          SourcePos.startOf(display),
          "cannot read the spec file (" + e.getClass().getSimpleName() + ")",
          "Check the path given with -f and the file's permissions.");
      return null;
    }
    if (bytes.length > MAX_BYTES) {
      diags.error(
          SourcePos.startOf(display),
          "the spec file is more than " + MAX_BYTES + " bytes",
          "Split it into several files in one folder and pass the folder with -f.");
      return null;
    }
    return decodeOnly(bytes, display, diags);
  }

  /** {@link #readText} of bytes already read. */
  static @Nullable String decode(byte[] bytes, String display, Diagnostics diags) {
    String text = decodeOnly(bytes, display, diags);
    return text == null || !isSpecText(text, display, diags) ? null : text;
  }

  private static @Nullable String decodeOnly(byte[] bytes, String display, Diagnostics diags) {
    String text;
    // ASCII (most specs) is UTF-8 that cannot be malformed, and the JDK copies it into a string at
    // once; the checking decoder below took 30 ms of a 2 MB spec's start on its own.
    if (isAscii(bytes)) {
      text = new String(bytes, StandardCharsets.US_ASCII);
    } else {
      text = decodeChecked(bytes, display, diags);
      if (text == null) return null;
    }
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    return text;
  }

  /**
   * True for text that can be a spec: no line longer than the limit, and something besides blank
   * lines and comments. Otherwise false, with the problem added to {@code diags}.
   */
  static boolean isSpecText(String text, String display, Diagnostics diags) {
    if (!linesWithinLimit(text, display, diags)) return false;
    if (text.isBlank() || onlyComments(text)) {
      diags.error(SourcePos.startOf(display), "the spec file is empty", EMPTY_HINT);
      return false;
    }
    return true;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) return false;
    }
    return true;
  }

  private static @Nullable String decodeChecked(byte[] bytes, String display, Diagnostics diags) {
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
      String hint =
          bytes.length >= 2
                  && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                      || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))
              ? "The file is UTF-16; save it as UTF-8 (most editors have an encoding option)."
              : "Save the file as UTF-8 (most editors have an encoding option).";
      diags.error(positionOfBadByte(bytes, display), "the spec file is not valid UTF-8", hint);
      return null;
    }
    return text;
  }

  /** False (with the problem added to {@code diags}) when a line is longer than the limit. */
  private static boolean linesWithinLimit(String text, String display, Diagnostics diags) {
    int line = 1;
    int start = 0;
    while (start <= text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      if (end - start > MAX_LINE_CHARS) {
        diags.error(
            new SourcePos(display, line, 1),
            "line "
                + line
                + " is "
                + (end - start)
                + " characters long; the limit is "
                + MAX_LINE_CHARS
                + " (the file was not read further)",
            "No line of a spec comes near this; check that -f names the spec. A long value such as"
                + " a public key belongs on one line of its own (publicKey) or in a file"
                + " (publicKeyFile).");
        return false;
      }
      if (nl < 0) break;
      start = nl + 1;
      line++;
    }
    return true;
  }

  private static Yaml yaml() {
    DumperOptions dumping = new DumperOptions();
    return new Yaml(
        new SafeConstructor(loaderOptions()),
        new Representer(dumping),
        dumping,
        loaderOptions(),
        new QuickResolver());
  }

  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    return options;
  }

  /**
   * Told of parts of a file as soon as SnakeYAML has composed them, while it composes the rest (so
   * that they can be read meanwhile). What it is told of may belong to a file that turns out to be
   * broken further down.
   */
  interface Listener {
    /** A value of the root mapping, with its field's name. */
    default void rootValue(String field, Node value) {}

    /**
     * A mapping that is an item of a list that is a value of the root mapping (one repo of {@code
     * repos:}), with that field's name. Items that are not mappings, or are aliases, are not told.
     */
    default void rootListItem(String field, MappingNode item) {}
  }

  /** A listener told nothing. */
  static final Listener NO_LISTENER = new Listener() {};

  /**
   * SnakeYAML's composer, exactly as {@code Yaml.compose} makes it, telling a {@link Listener} of
   * root values and their list items as soon as they are whole. Nodes are never changed once
   * composed.
   */
  private static final class RootValues extends Composer {
    private final Listener listener;

    /** Collections being composed: 1 while the root's own fields are. */
    private int depth;

    private @Nullable String field;

    /** The root field whose list is being composed; its items are composed at depth 2. */
    private @Nullable String listOf;

    RootValues(Parser parser, QuickResolver resolver, LoaderOptions options, Listener listener) {
      super(parser, resolver, options);
      this.listener = listener;
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
      if (depth != 1 || field == null) return deeper(() -> super.composeSequenceNode(anchor));
      listOf = field;
      try {
        return deeper(() -> super.composeSequenceNode(anchor));
      } finally {
        listOf = null;
      }
    }

    @Override
    protected Node composeMappingNode(String anchor) {
      String itemOf = depth == 2 ? listOf : null;
      Node node = deeper(() -> super.composeMappingNode(anchor));
      if (itemOf != null && node instanceof MappingNode m) listener.rootListItem(itemOf, m);
      return node;
    }

    private Node deeper(Supplier<Node> compose) {
      depth++;
      try {
        return compose.get();
      } finally {
        depth--;
      }
    }

    /**
     * Drops the two comment lists SnakeYAML gives every scalar. Comments are not read (so they are
     * always empty), yet at 10,000 keys and repos they were 280,000 of the objects the file's nodes
     * keep until it is read, and a tenth of what each collection copies meanwhile.
     */
    @Override
    protected Node composeScalarNode(@Nullable String anchor, List<CommentLine> blockComments) {
      Node node = super.composeScalarNode(anchor, blockComments);
      node.setBlockComments(null);
      node.setInLineComments(null);
      return node;
    }

    @Override
    protected Node composeKeyNode(MappingNode node) {
      // A key that is itself a list is no root field's value.
      if (depth == 1) field = null;
      Node key = super.composeKeyNode(node);
      if (depth == 1) field = key instanceof ScalarNode s ? s.getValue() : null;
      return key;
    }

    @Override
    protected Node composeValueNode(MappingNode node) {
      Node value = super.composeValueNode(node);
      if (depth == 1 && field != null) listener.rootValue(field, value);
      return value;
    }
  }

  /**
   * Files of this many characters or more are scanned on a thread of their own ({@link
   * PipedParser}); about 1,000 keys and 1,000 repos. Smaller ones take milliseconds, less than a
   * thread's start would save.
   */
  static final int PIPED_FROM_CHARS = 200_000;

  /** The root node, or null with the problem added to {@code diags}. */
  static @Nullable Node compose(String text, String display, Diagnostics diags) {
    return compose(text, display, diags, NO_LISTENER, PIPED_FROM_CHARS);
  }

  /**
   * The root node, or null with the problem added to {@code diags}; {@code listener} is told of the
   * root's values and of their list items as soon as SnakeYAML has composed them, while the rest of
   * the file is still being composed (so the spec's keys and repos can be read meanwhile).
   */
  static @Nullable Node compose(
      String text, String display, Diagnostics diags, Listener listener, int pipedFromChars) {
    try (Parsing parsing = parse(text, pipedFromChars)) {
      return compose(parsing, display, diags, listener);
    }
  }

  /**
   * SnakeYAML's parser on {@code text}, started now: on a thread of its own for text of {@code
   * pipedFromChars} characters or more, so that it scans while the caller checks the text ({@link
   * #isSpecText}, no private key) before composing it. Nothing it finds is reported until {@link
   * #compose(Parsing, String, Diagnostics, Listener)}; closing it stops the thread.
   */
  static Parsing parse(String text, int pipedFromChars) {
    LoaderOptions options = loaderOptions();
    Parser parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    return new Parsing(
        text, options, parser, text.length() >= pipedFromChars ? new PipedParser(parser) : null);
  }

  /** A parse under way ({@link #parse}). */
  static final class Parsing implements AutoCloseable {
    private final String text;
    private final LoaderOptions options;
    private final Parser parser;
    private final @Nullable PipedParser piped;

    private Parsing(
        String text, LoaderOptions options, Parser parser, @Nullable PipedParser piped) {
      this.text = text;
      this.options = options;
      this.parser = parser;
      this.piped = piped;
    }

    @Override
    public void close() {
      if (piped != null) piped.close();
    }
  }

  /**
   * The root node of {@code parsing}'s text, or null with the problem added to {@code diags}; the
   * rest as {@link #compose(String, String, Diagnostics, Listener, int)}.
   */
  static @Nullable Node compose(
      Parsing parsing, String display, Diagnostics diags, Listener listener) {
    String text = parsing.text;
    try {
      Node root;
      try {
        root =
            new RootValues(
                    parsing.piped != null ? parsing.piped : parsing.parser,
                    new QuickResolver(),
                    parsing.options,
                    listener)
                .getSingleNode();
      } catch (YAMLException e) {
        // SnakeYAML says that a limit was crossed but not where; a pass over the events finds it.
        if (!(e instanceof MarkedYAMLException) && !withinLimits(text, display, diags)) return null;
        throw e;
      }
      if (root == null)
        diags.error(SourcePos.startOf(display), "the spec file is empty", EMPTY_HINT);
      return root;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      // "Unexpected end of stream" is found at the end of the file; where the unclosed thing
      // began is what the user needs.
      String problem = String.valueOf(e.getProblem());
      if ((problem.contains("end of stream") || problem.contains("<stream end>"))
          && e.getContextMark() != null) {
        m = e.getContextMark();
      }
      SourcePos pos =
          m == null
              ? SourcePos.startOf(display)
              : new SourcePos(display, m.getLine() + 1, m.getColumn() + 1);
      diags.error(pos, "the file is not valid YAML: " + yamlProblem(e), yamlHint(e));
      return null;
    } catch (YAMLException e) {
      diags.error(
          SourcePos.startOf(display),
          "the file is not valid YAML: " + shortProblem(firstLine(e.getMessage())),
          yamlHint(e));
      return null;
    }
  }

  private static boolean withinLimits(String text, String display, Diagnostics diags) {
    int depth = 0;
    int aliases = 0;
    Set<String> collectionAnchors = new HashSet<>();
    for (Event e : yaml().parse(new StringReader(text))) {
      if (e instanceof CollectionStartEvent c) {
        if (c.getAnchor() != null) collectionAnchors.add(c.getAnchor());
        if (++depth > MAX_DEPTH) {
          diags.error(
              at(display, e.getStartMark()),
              "the spec nests more than " + MAX_DEPTH + " levels deep",
              "A spec needs five levels at most (spec, repos, repo, compaction, value); check the"
                  + " indentation here.");
          return false;
        }
      } else if (e instanceof CollectionEndEvent) {
        depth--;
      } else if (e instanceof AliasEvent a && collectionAnchors.contains(a.getAnchor())) {
        if (++aliases > MAX_ALIASES) {
          diags.error(
              at(display, e.getStartMark()),
              "the spec uses more than " + MAX_ALIASES + " aliases (*name) of lists or mappings",
              "Write the values out, or split the spec into several files in one folder. Many"
                  + " aliases are the mark of a YAML bomb (\"billion laughs\").");
          return false;
        }
      }
    }
    return true;
  }

  private static SourcePos at(String display, Mark m) {
    return new SourcePos(display, m.getLine() + 1, m.getColumn() + 1);
  }

  private static String yamlProblem(MarkedYAMLException e) {
    String problem = e.getProblem();
    if (problem != null && problem.contains("\\t(TAB)")) {
      return "a tab character where YAML expects spaces";
    }
    if (String.valueOf(e.getMessage()).contains("expected a single document")) {
      return "the file holds more than one YAML document";
    }
    if (problem != null && problem.startsWith("Global tag is not allowed: ")) {
      String tag = problem.substring("Global tag is not allowed: ".length());
      if (tag.startsWith("tag:yaml.org,2002:"))
        tag = "!!" + tag.substring("tag:yaml.org,2002:".length());
      return "the YAML tag " + Ctx.shown(tag) + " is not used in a spec";
    }
    if (problem != null
        && problem.contains("end of stream")
        && e.getContext() != null
        && e.getContext().contains("quoted scalar")) {
      return "a quote opened here is never closed";
    }
    String p = problem != null ? problem : e.getContext();
    if (e.getContext() != null && problem != null) p = e.getContext() + ", " + problem;
    return shortProblem(firstLine(p == null ? "" : p));
  }

  /**
   * SnakeYAML's words, made safe to print. They can quote the file (an alias name, a character),
   * and the file may not be a spec at all (a wrong -f): a quoted name is cut short, and so is the
   * whole.
   */
  private static String shortProblem(String problem) {
    Matcher alias = UNDEFINED_ALIAS.matcher(problem);
    String p =
        alias.find()
            ? problem.substring(0, alias.start(1))
                + Printable.excerpt(alias.group(1), SHOWN_FROM_NON_SPEC)
            : problem;
    return Printable.excerpt(p, MAX_PROBLEM_CHARS);
  }

  private static final Pattern UNDEFINED_ALIAS = Pattern.compile("found undefined alias (\\S+)");

  /** How much of a file that may not be a spec a message quotes at most. */
  static final int SHOWN_FROM_NON_SPEC = 12;

  private static final int MAX_PROBLEM_CHARS = 160;

  private static String yamlHint(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("expected a single document")) {
      return "Put one document per file (remove the `---` separators), or split into files in a"
          + " folder.";
    }
    if (m.contains("(TAB)") || m.contains("\\t")) {
      return "Indent with spaces; YAML does not allow tabs for indentation.";
    }
    if (m.contains("mapping values are not allowed here")) {
      return "A value that holds \": \" needs quotes; otherwise the indentation is off here.";
    }
    if (m.contains("could not find expected ':'")) {
      return "A line here lacks its \": \", or a quote is not closed.";
    }
    if (m.contains("Global tag is not allowed")) {
      return "Remove the tag; a spec holds only plain values, lists and mappings.";
    }
    if (m.contains("quoted scalar") && m.contains("end of stream")) {
      return "Close the quote at the end of the value.";
    }
    if (m.contains("flow") && m.contains("<stream end>")) {
      return "A [ or { above is never closed with its ] or }.";
    }
    if (m.contains("found undefined alias")) {
      return "Define the anchor (&name) before the alias (*name) that uses it.";
    }
    return "Check indentation and quoting at that position.";
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static boolean onlyComments(String text) {
    // Line by line up to the first that holds something: splitting a whole spec into lines first
    // made a string of every line of a 2 MB file only to look at its first.
    int start = 0;
    while (true) {
      int nl = text.indexOf('\n', start);
      String t = (nl < 0 ? text.substring(start) : text.substring(start, nl)).strip();
      if (!t.isEmpty() && !t.startsWith("#") && !t.equals("---") && !t.equals("...")) return false;
      if (nl < 0) return true;
      start = nl + 1;
    }
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
