package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client setup started while a spec is read makes a TLS context only for a session that will
 * use TLS: not for the sandbox or an {@code http} endpoint, from the flag or the environment.
 */
class ClientSetupTest {
  @ParameterizedTest(name = "sandbox={0} endpoint={1} env={2}: TLS {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, -, true",
        "-, https://api.borgbase.com/graphql, -, true",
        "-, HTTPS://api.borgbase.com/graphql, -, true",
        "-, http://127.0.0.1:8080/graphql, -, false",
        "-, -, http://localhost:8080/graphql, false",
        "-, -, https://api.example.test/graphql, true",
        "-, https://api.borgbase.com/graphql, http://localhost:1/graphql, true",
        "-, http://localhost:1/graphql, https://api.borgbase.com/graphql, false",
        ".borgform/sandbox.json, -, -, false",
        ".borgform/sandbox.json, -, https://api.borgbase.com/graphql, false",
        // Not a URL: counted as TLS, the default; opening the session reports it.
        "-, 'not a url', -, true",
        "-, ftp://example.test/graphql, -, true"
      })
  void aTlsContextIsMadeOnlyForASessionThatUsesTls(
      @Nullable String sandbox, @Nullable String endpoint, @Nullable String env, boolean tls) {
    GlobalOptions g = new GlobalOptions();
    g.sandbox = sandbox;
    g.endpoint = endpoint;
    Map<String, String> variables = env == null ? Map.of() : Map.of("BORGBASE_API_URL", env);
    StringWriter sink = new StringWriter();
    Environment e =
        new Environment(
            variables,
            Path.of("").toAbsolutePath(),
            new PrintWriter(sink),
            new PrintWriter(sink),
            Terminal.none(),
            () -> {});
    assertThat(Session.usesTls(g, e)).isEqualTo(tls);
    assertThat(sink.toString()).isEmpty();
  }
}
