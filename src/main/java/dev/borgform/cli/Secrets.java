package dev.borgform.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The secrets of one run (the API token), so that everything the run prints can be scrubbed of
 * them: a last line of defence behind the code that never prints the token in the first place. One
 * instance per run; never static.
 *
 * <p>A secret is found not only as it is but in every form a renderer or encoder could give it, so
 * that escaping cannot smuggle it past: each of its characters may appear backslash-escaped
 * (Markdown {@code \_}, JSON {@code \/}, YAML {@code \"}), as a backslash-u escape with four hex
 * digits, {@code \x41} or {@code \U00000041} (JSON, YAML, the neutralised text of {@code
 * diag.Printable}), as an HTML character reference ({@code &#95;}, {@code &#x5f;}, {@code &amp;};
 * Markdown output), doubled if it is a single quote (YAML single-quoted text), or percent-encoded
 * (URLs).
 */
// The comments quote HTML character references as they appear in output, literally on purpose.
@SuppressWarnings("EscapedEntity")
public final class Secrets {
  /** Shorter values are not tokens; scrubbing them would only garble ordinary output. */
  static final int MIN_LENGTH = 8;

  /** The longest form one character takes above ({@code &#x0000005f;} is 12), for holding back. */
  private static final int MAX_ENCODED_CHAR = 12;

  /**
   * One secret, with the pattern of its forms made when first needed: building it takes tens of
   * milliseconds at startup, and most text (a plan holds no backslash, ampersand, percent sign or
   * quote) is searched and held back without it.
   */
  private static final class Secret {
    private final String value;
    // Made at most a few times if threads race; every copy is the same pattern.
    private volatile @Nullable Pattern anyForm;

    Secret(String value) {
      this.value = value;
    }

    String value() {
      return value;
    }

    Pattern anyForm() {
      Pattern p = anyForm;
      if (p == null) {
        p = Secrets.anyForm(value);
        anyForm = p;
      }
      return p;
    }
  }

  private final List<Secret> secrets = new CopyOnWriteArrayList<>();

  void add(@Nullable String secret) {
    if (secret == null) return;
    String s = secret.strip();
    if (s.length() < MIN_LENGTH) return;
    for (Secret known : secrets) if (known.value().equals(s)) return;
    secrets.add(new Secret(s));
  }

  /** The secrets as they are, for checks that must refuse them (spec interpolation). */
  List<String> values() {
    return secrets.stream().map(Secret::value).toList();
  }

  String redact(String text) {
    String out = text;
    boolean encoded = mayHoldEncodedForms(text);
    for (Secret s : secrets) {
      out =
          encoded
              ? s.anyForm().matcher(out).replaceAll("[REDACTED]")
              : out.replace(s.value(), "[REDACTED]");
    }
    return out;
  }

  /** True when {@code text} holds a secret in any of its forms. */
  boolean appearIn(String text) {
    boolean encoded = mayHoldEncodedForms(text);
    for (Secret s : secrets) {
      if (encoded ? s.anyForm().matcher(text).find() : text.contains(s.value())) return true;
    }
    return false;
  }

  /**
   * Every encoded form starts a character with a backslash, an ampersand, a percent sign or a
   * doubled quote; text without any of them can hold a secret only as it is, which a plain search
   * finds several times faster than the pattern (most lines of a plan are such text).
   */
  private static boolean mayHoldEncodedForms(CharSequence text) {
    return mayHoldEncodedForms(text, 0);
  }

  static boolean mayHoldEncodedForms(CharSequence text, int from) {
    if (text instanceof String s) {
      // String's own search runs over its bytes, several times faster than charAt (a plan's text
      // is searched whole before it is printed).
      return s.indexOf('\\', from) >= 0
          || s.indexOf('&', from) >= 0
          || s.indexOf('%', from) >= 0
          || s.indexOf('\'', from) >= 0;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '&' || c == '%' || c == '\'') return true;
    }
    return false;
  }

  /**
   * The longest tail of {@code text}, within its last {@code window} characters, that {@code
   * secret} starts with and is longer than: for text with no encoded form in that window, where
   * each character of the secret can only be itself, what the pattern's hold-back finds.
   */
  private static int plainPrefixAtEnd(CharSequence text, int window, String secret) {
    int length = text.length();
    for (int start = length - window; start < length; start++) {
      int tail = length - start;
      if (tail < secret.length() && startsWith(secret, text, start, tail)) return tail;
    }
    return 0;
  }

  private static boolean startsWith(String secret, CharSequence text, int start, int count) {
    for (int i = 0; i < count; i++) {
      if (secret.charAt(i) != text.charAt(start + i)) return false;
    }
    return true;
  }

  /**
   * How many trailing characters of {@code text} could be the start of a secret in one of its forms
   * (to be held back until more text shows whether it is one).
   */
  int possiblePrefixAtEnd(CharSequence text) {
    int best = 0;
    for (Secret s : secrets) {
      int window = Math.min(text.length(), (s.value().length() - 1) * MAX_ENCODED_CHAR);
      if (!mayHoldEncodedForms(text, text.length() - window)) {
        best = Math.max(best, plainPrefixAtEnd(text, window, s.value()));
        continue;
      }
      Matcher m = s.anyForm().matcher(text);
      // The earliest start whose match runs into the end of the text is the longest tail to keep.
      for (int start = text.length() - window; start < text.length() - best; start++) {
        m.region(start, text.length());
        if (!m.lookingAt() && m.hitEnd()) {
          best = text.length() - start;
          break;
        }
      }
    }
    return best;
  }

  /** A pattern that matches {@code secret} in every form listed in the class comment. */
  static Pattern anyForm(String secret) {
    StringBuilder re = new StringBuilder();
    secret
        .codePoints()
        .forEach(
            cp -> {
              re.append("(?:").append(Pattern.quote(new String(Character.toChars(cp))));
              if (cp < 0x80 && !Character.isLetterOrDigit(cp)) {
                re.append("|\\\\").append(Pattern.quote(String.valueOf((char) cp)));
              }
              if (cp <= 0xffff) re.append("|\\\\u").append(hex(cp, 4));
              if (cp <= 0xff) re.append("|\\\\x").append(hex(cp, 2));
              re.append("|\\\\U").append(hex(cp, 8));
              re.append("|&#0*").append(cp).append(';');
              re.append("|&#[xX]0*").append(hex(cp, 1)).append(';');
              String named = namedReference(cp);
              if (named != null) re.append('|').append(Pattern.quote(named));
              if (cp == '\'') re.append("|''");
              if (cp < 0x80) re.append("|%").append(hex(cp, 2));
              re.append(')');
            });
    return Pattern.compile(re.toString());
  }

  private static @Nullable String namedReference(int cp) {
    return switch (cp) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&apos;";
      default -> null;
    };
  }

  /** {@code cp} in hex, at least {@code digits} long, each digit matching either case. */
  private static String hex(int cp, int digits) {
    String h = String.format(Locale.ROOT, "%0" + digits + "x", cp);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (Character.isLetter(c)) {
        b.append('[').append(c).append(Character.toUpperCase(c)).append(']');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
