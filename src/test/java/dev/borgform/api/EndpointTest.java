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
}
