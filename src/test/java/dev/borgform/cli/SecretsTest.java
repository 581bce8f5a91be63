package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.borgform.plan.Address;
import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.plan.PlanNote;
import dev.borgform.render.MarkdownPlanRenderer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The output scrubber finds the token in every form a renderer or encoder gives it: as it is, as
 * the Markdown plan escapes it, JSON-escaped, YAML-quoted, as HTML references and percent-encoded;
 * whole or split across writes. Each encoded form is made by the real encoder where one exists.
 */
class SecretsTest {
  /**
   * Whether text from a position on may hold an encoded form: each of the four characters that
   * start one, before, at and after that position, the same for a String (searched by its own
   * indexOf) as for any other text.
   */
  @ParameterizedTest(name = "[{0}] from {1}: {2}")
  @MethodSource("encodedFormStarts")
  void textMayHoldEncodedFormsFromAPositionOn(String text, int from, boolean expected) {
    assertThat(Secrets.mayHoldEncodedForms(text, from)).isEqualTo(expected);
    // Any other text: a CharSequence that is not a String.
    CharSequence other = java.nio.CharBuffer.wrap(text);
    assertThat(Secrets.mayHoldEncodedForms(other, from)).isEqualTo(expected);
  }

  static Stream<Arguments> encodedFormStarts() {
    List<Arguments> cases = new java.util.ArrayList<>();
    for (char c : new char[] {'\\', '&', '%', '\''}) {
      String text = "plain" + c + "text";
      cases.add(Arguments.of(text, 0, true));
      cases.add(Arguments.of(text, 5, true));
      cases.add(Arguments.of(text, 6, false));
      cases.add(Arguments.of(c + "x", 0, true));
      cases.add(Arguments.of("x" + c, 1, true));
      cases.add(Arguments.of("x" + c, 2, false));
    }
    cases.add(Arguments.of("", 0, false));
    cases.add(Arguments.of("no such character here: / \" \u00e9 #", 0, false));
    return cases.stream();
  }

  /** JWT-shaped, with the characters renderers escape: '_' (Markdown), '/' (JSON), '.', '-'. */
  static final String TOKEN =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0_NTY3ODkw/In0.SflKx-wRJSMeKKF2QT4f_wpMeJf36";

  /** A secret with the characters YAML and HTML quote, for the forms tokens never need. */
  static final String ODD = "pa'ss\"wo&rd<1>\\z";

  static Stream<Arguments> forms() {
    return Stream.of(
        form("as it is", TOKEN, s -> s),
        form("Markdown plan (escaped _ and \\)", TOKEN, SecretsTest::markdownPlan),
        form("JSON, every character as \\u escape", TOKEN, SecretsTest::jsonAllEscaped),
        form("JSON with \\/", TOKEN, s -> s.replace("/", "\\/")),
        form("JSON from Jackson", TOKEN, SecretsTest::json),
        form("JSON escapes of quote and backslash", ODD, SecretsTest::json),
        form("YAML double-quoted with \\x escapes", TOKEN, s -> yamlHex(s, "\\x%02x")),
        form("YAML \\U escapes", TOKEN, s -> yamlHex(s, "\\U%08X")),
        form(
            "YAML from SnakeYAML, double-quoted",
            ODD,
            s -> yaml(s, DumperOptions.ScalarStyle.DOUBLE_QUOTED)),
        form(
            "YAML from SnakeYAML, single-quoted",
            ODD,
            s -> yaml(s, DumperOptions.ScalarStyle.SINGLE_QUOTED)),
        form("HTML decimal references", TOKEN, s -> html(s, "&#%d;")),
        form("HTML hex references", TOKEN, s -> html(s, "&#x%X;")),
        form(
            "HTML named references",
            ODD,
            s ->
                s.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;")),
        form("percent-encoded", TOKEN, s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
        form("percent-encoded, every character", TOKEN, s -> html(s, "%%%02x")),
        form("a mix of forms", TOKEN, SecretsTest::mixed));
  }

  private static Arguments form(String name, String secret, UnaryOperator<String> encode) {
    return Arguments.of(name, secret, encode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void everyFormIsRedacted(String name, String secret, UnaryOperator<String> encode) {
    String encoded = encode.apply(secret);
    Secrets secrets = new Secrets();
    secrets.add(secret);
    String text = "before " + encoded + " after";
    assertThat(secrets.appearIn(text)).isTrue();
    String out = secrets.redact(text);
    assertThat(out).contains("[REDACTED]").doesNotContain(encoded);
    assertThat(secrets.appearIn(out)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void everyFormSplitAcrossWritesIsRedactedByTheWriter(
      String name, String secret, UnaryOperator<String> encode) {
    String encoded = encode.apply(secret);
    Secrets secrets = new Secrets();
    secrets.add(secret);
    StringWriter sink = new StringWriter();
    PrintWriter out = new PrintWriter(new RedactingWriter(sink, secrets), true);
    int cut = encoded.length() / 2;
    out.print("x " + encoded.substring(0, cut));
    out.flush();
    assertThat(sink.toString())
        .as("what was passed on at the flush holds no half of the secret")
        .doesNotContain(encoded.substring(0, cut).lines().reduce((a, b) -> b).orElse(""));
    out.print(encoded.substring(cut) + " y");
    out.flush();
    out.close();
    assertThat(sink.toString())
        .as("the same as if it had been written at once")
        .isEqualTo(secrets.redact("x " + encoded + " y"))
        .contains("[REDACTED]");
  }

  @Test
  void ordinaryTextThatOnlyLooksEscapedIsLeftAlone() {
    Secrets secrets = new Secrets();
    secrets.add(TOKEN);
    String text = "a \\u0041 b &#65; c %41 d \\x41 e " + TOKEN.substring(0, 20) + " f\n";
    assertThat(secrets.redact(text)).isEqualTo(text);
    assertThat(secrets.possiblePrefixAtEnd(text)).isZero();
  }

  /**
   * Text with no encoded form near its end is held back without the pattern; what is held back is
   * what the pattern would hold back, for every tail of every form of both secrets and for text
   * made at random of their characters and the encoders' ones.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void theHoldBackWithoutThePatternIsThePatterns(
      String name, String secret, UnaryOperator<String> encode) {
    Secrets secrets = new Secrets();
    secrets.add(secret);
    String encoded = encode.apply(secret);
    java.util.regex.Pattern anyForm = Secrets.anyForm(secret);
    int checked = 0;
    for (String text : List.of("plan line\n", "", "a b c ")) {
      // Every cut near the start, where the hold-back changes most, then every seventh and the end.
      for (int cut = 0; cut <= encoded.length(); cut += cut < 24 ? 1 : 7) {
        String t = text + encoded.substring(0, cut);
        String redacted = secrets.redact(t);
        assertThat(secrets.possiblePrefixAtEnd(redacted))
            .as("%s", redacted)
            .isEqualTo(heldBackByThePattern(secret, anyForm, redacted));
        checked++;
      }
    }
    java.util.Random random = new java.util.Random(name.hashCode());
    String alphabet = secret + "ab \n";
    for (int i = 0; i < 120; i++) {
      StringBuilder t = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) t.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (random.nextBoolean()) t.append(secret, 0, random.nextInt(secret.length()));
      String redacted = secrets.redact(t.toString());
      assertThat(secrets.possiblePrefixAtEnd(redacted))
          .as("%s", redacted)
          .isEqualTo(heldBackByThePattern(secret, anyForm, redacted));
      checked++;
    }
    assertThat(checked).isGreaterThan(120);
  }

  /** The hold-back as the pattern alone decides it, for comparing. */
  private static int heldBackByThePattern(
      String secret, java.util.regex.Pattern anyForm, String text) {
    int window = Math.min(text.length(), (secret.length() - 1) * 12);
    java.util.regex.Matcher m = anyForm.matcher(text);
    for (int start = text.length() - window; start < text.length(); start++) {
      m.region(start, text.length());
      if (!m.lookingAt() && m.hitEnd()) return text.length() - start;
    }
    return 0;
  }

  @Test
  void theSecretsAreListedForChecksThatRefuseThem() {
    Secrets secrets = new Secrets();
    secrets.add("  " + TOKEN + "\n");
    secrets.add(TOKEN);
    secrets.add("short");
    assertThat(secrets.values()).containsExactly(TOKEN);
  }

  // ---- the encoders ------------------------------------------------------------------------

  private static String markdownPlan(String secret) {
    Plan plan =
        new Plan(
            List.of(),
            List.of(new PlanNote(PlanNote.Kind.WARNING, Address.repo("r"), "see " + secret)),
            "sha256:0",
            DeletionGuard.none(),
            new dev.borgform.plan.PlanPolicy(true, false, 30, List.of(), List.of(), 0, 1),
            dev.borgform.plan.Target.UNBOUND);
    StringWriter w = new StringWriter();
    new MarkdownPlanRenderer().render(plan, new PrintWriter(w));
    String md = w.toString();
    assertThat(md).as("the Markdown renderer escapes the token").doesNotContain(secret);
    return md;
  }

  private static String json(String s) {
    try {
      return new ObjectMapper().writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jsonAllEscaped(String s) {
    ObjectMapper m = new ObjectMapper();
    m.getFactory()
        .setCharacterEscapes(
            new CharacterEscapes() {
              private static final long serialVersionUID = 1L;

              @Override
              public int[] getEscapeCodesForAscii() {
                int[] codes = standardAsciiEscapesForJSON();
                for (int c = 0; c < codes.length; c++) codes[c] = CharacterEscapes.ESCAPE_STANDARD;
                return codes;
              }

              @Override
              public SerializableString getEscapeSequence(int ch) {
                return null;
              }
            });
    try {
      String out = m.writeValueAsString(s);
      assertThat(out).doesNotContain(s.substring(0, 3));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String yaml(String s, DumperOptions.ScalarStyle style) {
    DumperOptions o = new DumperOptions();
    o.setDefaultScalarStyle(style);
    String out = new Yaml(o).dump(s);
    assertThat(out).doesNotContain(s);
    return out.strip();
  }

  private static String yamlHex(String s, String format) {
    StringBuilder b = new StringBuilder("\"");
    s.chars().forEach(c -> b.append(String.format(format, c)));
    return b.append('"').toString();
  }

  private static String html(String s, String format) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(String.format(format, c)));
    return b.toString();
  }

  private static String mixed(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (i % 5) {
        case 0 -> b.append(c);
        case 1 -> b.append(String.format("\\u%04x", (int) c));
        case 2 -> b.append(String.format("&#%d;", (int) c));
        case 3 -> b.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        default -> b.append(String.format("%%%02X", (int) c));
      }
    }
    return b.toString();
  }
}
