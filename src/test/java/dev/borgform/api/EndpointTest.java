package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.borgbase.com/graphql",
        "http://127.0.0.1:8080/graphql",
        "http://localhost:1/graphql",
        "http://[::1]:8080/graphql"
      })
  void acceptsHttpsAndLoopbackHttp(String url) {
    assertThat(Endpoint.parse(url).url()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.borgbase.com/graphql",
        "http://10.0.0.5/graphql",
        "http://127.example.com/"
      })
  void refusesPlainHttpToAnyOtherHost(String url) {
    assertThatThrownBy(() -> Endpoint.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clear text");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://x/graphql", "api.borgbase.com", "https://user:pw@api.borgbase.com/graphql"})
  void refusesWhatIsNotAnHttpEndpoint(String url) {
    assertThatThrownBy(() -> Endpoint.parse(url)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Whatever is wrong with a URL, its credentials are never part of the message. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://user:hunter2secret@api.borgbase.com/graphql|\"https://***@api.borgbase.com/graphql\""
            + " holds credentials",
        "ftp://user:hunter2secret@host/x|\"ftp://***@host/x\" holds credentials",
        "https://user:pa ss@api.borgbase.com/graphql|\"https://***@api.borgbase.com/graphql\" is"
            + " not a URL (it holds a space)",
        "http://hunter2secret@10.0.0.5/graphql|\"http://***@10.0.0.5/graphql\" holds credentials",
        "https://a:b@c@api.borgbase.com/|\"https://***@api.borgbase.com/\" holds credentials",
      })
  void credentialsInAnEndpointAreNeverShown(String url, String message) {
    assertThatThrownBy(() -> Endpoint.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .message()
        .doesNotContain("hunter2secret")
        .doesNotContain("pa ss")
        .doesNotContain("a:b");
  }

  @Test
  void aMessageQuotesAPrintableShortFormOfTheUrl() {
    assertThatThrownBy(() -> Endpoint.parse("gopher://x/\u001b[2J" + "y".repeat(300)))
        .message()
        .contains("\\e[2J")
        .doesNotContain("\u001b")
        .doesNotContain("y".repeat(101));
  }

  /** Tokens that cannot go into an HTTP header, each named by what is wrong, never shown. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'abc.def\nX-Evil: 1'|holds a line break (character 8)",
        "'abc.def\rghi'|holds a line break (character 8)",
        "'\uFEFFabc.def.ghi'|starts with a byte-order mark (U+FEFF), which some editors write at the"
            + " start of a file",
        "'tök-ünicode-123456'|holds a non-ASCII character (character 2)",
        "'abc def ghi'|holds a space (character 4)",
        "'abc\u0000def'|holds a control character (character 4)",
        "'abc\u007fdef'|holds a control character (character 4)",
        "''|is empty",
      })
  void aTokenThatCannotBeSentSaysWhyWithoutShowingIt(String token, String problem) {
    String t = token.translateEscapes();
    assertThat(Token.problem(t)).isEqualTo(problem);
    assertThatThrownBy(() -> Token.of(t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the token " + problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"eyJhbGciOi.eyJzdWIi.SflKxw_RJSMe-KKF2QT4f/wpM+eJf36POk6yJV=", "abc"})
  void anAsciiTokenIsFine(String token) {
    assertThat(Token.problem(token)).isNull();
  }

  /** A saved plan is bound to this form: one spelling per endpoint, never a credential. */
  @ParameterizedTest
  @CsvSource({
    "https://api.borgbase.com/graphql, https://api.borgbase.com/graphql",
    "HTTPS://API.BorgBase.com:443/graphql, https://api.borgbase.com/graphql",
    "https://api.borgbase.com:8443/graphql, https://api.borgbase.com:8443/graphql",
    "https://api.borgbase.com, https://api.borgbase.com/",
    "http://127.0.0.1:80/graphql, http://127.0.0.1/graphql",
    "http://[::1]:8080/graphql#x, http://[::1]:8080/graphql",
    "https://api.borgbase.com/graphql?v=2, https://api.borgbase.com/graphql?v=2"
  })
  void theCanonicalFormIsOneSpellingPerEndpoint(String url, String canonical) {
    assertThat(Endpoint.parse(url).canonical()).isEqualTo(canonical);
  }

  @Test
  void aTokenNeverShowsItself() {
    Token t = Token.of("  abc.def.ghi\n");
    assertThat(t.toString()).doesNotContain("abc");
    assertThat(t.bearerHeader()).isEqualTo("Bearer abc.def.ghi");
    assertThat(t.redact("x abc.def.ghi y")).isEqualTo("x [REDACTED] y");
  }

  /** TLS is the scheme's to say, in any case of letters. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "https://api.borgbase.com/graphql, true",
    "HTTPS://api.borgbase.com/graphql, true",
    "Https://api.borgbase.com/graphql, true",
    "http://127.0.0.1:8080/graphql, false",
    "HTTP://localhost/graphql, false"
  })
  void isTlsForHttpsAlone(String url, boolean tls) {
    assertThat(Endpoint.parse(url).isTls()).isEqualTo(tls);
  }
}
