package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** NO_PROXY entries against hosts, as curl and Go tools read them (see {@link NoProxy}). */
class NoProxyTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // value, host, port, bypasses the proxy?
        Arguments.of("", "api.borgbase.com", 443, false),
        Arguments.of("*", "api.borgbase.com", 443, true),
        Arguments.of("  * ", "10.1.2.3", 80, true),
        Arguments.of("borgbase.com", "api.borgbase.com", 443, true),
        Arguments.of("borgbase.com", "borgbase.com", 443, true),
        Arguments.of("borgbase.com", "notborgbase.com", 443, false),
        Arguments.of("borgbase.com", "borgbase.com.evil.example", 443, false),
        Arguments.of(".borgbase.com", "borgbase.com", 443, true),
        Arguments.of(".borgbase.com", "api.borgbase.com", 443, true),
        Arguments.of("*.borgbase.com", "api.borgbase.com", 443, true),
        Arguments.of("BorgBase.COM", "API.borgbase.com", 443, true),
        Arguments.of("borgbase.com.", "api.borgbase.com.", 443, true),
        Arguments.of("example.com, borgbase.com", "api.borgbase.com", 443, true),
        Arguments.of("example.com borgbase.com", "api.borgbase.com", 443, true),
        Arguments.of("example.com,,", "api.borgbase.com", 443, false),
        Arguments.of("borgbase.com:443", "api.borgbase.com", 443, true),
        Arguments.of("borgbase.com:8443", "api.borgbase.com", 443, false),
        Arguments.of("127.0.0.1", "127.0.0.1", 8080, true),
        Arguments.of("127.0.0.1", "127.0.0.2", 8080, false),
        Arguments.of("127.0.0.1:8080", "127.0.0.1", 8080, true),
        Arguments.of("127.0.0.1:8080", "127.0.0.1", 9090, false),
        Arguments.of("127.0.0.0/8", "127.9.9.9", 443, true),
        Arguments.of("10.0.0.0/8", "11.0.0.1", 443, false),
        Arguments.of("192.168.1.0/24", "192.168.1.77", 443, true),
        Arguments.of("192.168.1.0/24", "192.168.2.1", 443, false),
        Arguments.of("::1", "::1", 443, true),
        Arguments.of("::1", "0:0:0:0:0:0:0:1", 443, true),
        Arguments.of("[::1]", "[::1]", 443, true),
        Arguments.of("[::1]:8443", "::1", 8443, true),
        Arguments.of("[::1]:8443", "::1", 443, false),
        Arguments.of("fd00::/8", "fd12::1", 443, true),
        Arguments.of("fd00::/8", "fe80::1", 443, false),
        // Addresses match addresses only: a name is never resolved to compare it.
        Arguments.of("127.0.0.1", "localhost", 443, false),
        Arguments.of("127.0.0.0/8", "localhost", 443, false),
        Arguments.of("localhost", "localhost", 443, true),
        // Loopback is not exempt unless listed (curl).
        Arguments.of("example.com", "127.0.0.1", 443, false));
  }

  @ParameterizedTest(name = "NO_PROXY=\"{0}\", {1}:{2} -> direct {3}")
  @MethodSource("cases")
  void matchesAsCurlAndGoDo(String value, String host, int port, boolean direct) {
    assertThat(NoProxy.parse(value).matches(host, port)).isEqualTo(direct);
  }
}
