package dev.borgform.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for a secret in text the way a reader of the text could find it: as it is, and after
 * undoing every escaping a renderer applies (Markdown and YAML backslashes, JSON and YAML {@code
 * \}{@code uXXXX}, HTML character references, percent-encoding). Independent of the output
 * scrubber, so a test that uses it does not trust what it tests.
 */
public final class Leaks {
  private static final Pattern UNICODE = Pattern.compile("\\\\[uU]([0-9a-fA-F]{4})");
  private static final Pattern HEX = Pattern.compile("\\\\x([0-9a-fA-F]{2})");
  private static final Pattern DECIMAL_REF = Pattern.compile("&#([0-9]+);");
  private static final Pattern HEX_REF = Pattern.compile("&#[xX]([0-9a-fA-F]+);");

  private Leaks() {}

  /** The forms of {@code text} in which the secret is looked for. */
  public static List<String> readings(String text) {
    List<String> out = new ArrayList<>();
    out.add(text);
    String decoded = replace(UNICODE, text, 16);
    decoded = replace(HEX, decoded, 16);
    decoded = replace(DECIMAL_REF, decoded, 10);
    decoded = replace(HEX_REF, decoded, 16);
    decoded =
        decoded
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
    out.add(decoded);
    out.add(decoded.replace("\\", ""));
    out.add(decoded.replace("''", "'"));
    try {
      out.add(URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // Not percent-encoded text: nothing more to read.
    }
    return out;
  }

  /** True when {@code secret} (or a long piece of it) can be read in {@code text}. */
  public static boolean found(String text, String secret) {
    String piece = secret.length() > 24 ? secret.substring(4, 24) : secret;
    for (String r : readings(text)) {
      if (r.contains(secret) || r.contains(piece)) return true;
    }
    return false;
  }

  private static String replace(Pattern p, String text, int radix) {
    Matcher m = p.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), radix))));
    }
    m.appendTail(b);
    return b.toString();
  }
}
