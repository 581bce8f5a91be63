package dev.borgform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.testing.CliRun;
import dev.borgform.testing.CliRun.Result;
import dev.borgform.testing.EmulatorCommandRun;
import dev.borgform.testing.TunnelProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS end to end: {@code borgform emulator --tls} serving a separate CLI run that trusts the
 * emulator's CA through {@code SSL_CERT_FILE}, directly and through an {@code HTTPS_PROXY} CONNECT
 * proxy that wants credentials: plan, apply, plan again with no changes.
 */
class TlsIT {
  private static final String TOKEN = "tls-it-full-token.eyJzdWIiOiJ0bHMifQ.sig_nature";
  private static final String PROXY_PASSWORD = "pr0xy-secret:pa55";

  @TempDir Path dir;

  private Path spec() {
    return Path.of("examples/borgbase.yaml").toAbsolutePath();
  }

  private void planApplyPlan(Map<String, String> env) {
    Result plan = CliRun.run(env, "plan", "-f", spec().toString(), "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
    Result apply = CliRun.run(env, "apply", "-f", spec().toString(), "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out()).contains("Apply complete! 7 applied, 0 failed, 0 not attempted.");
    Result again = CliRun.run(env, "plan", "-f", spec().toString(), "--detailed-exitcode");
    assertThat(again.exitCode()).as(again.toString()).isZero();
  }

  @Test
  void theEmulatorOverTlsServesACliThatTrustsItsCaThroughSslCertFile() throws Exception {
    Path pem;
    try (EmulatorCommandRun emu =
        new EmulatorCommandRun(
            dir, "emulator", "--tls", "--port", "0", "--token", "full=" + TOKEN)) {
      String url = emu.value("BORGBASE_API_URL");
      assertThat(url).startsWith("https://127.0.0.1:");
      pem = Path.of(emu.value("SSL_CERT_FILE"));
      assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(emu.out.toString())
          .contains(
              "# tls: HTTPS with a certificate made at start, signed by the CA in SSL_CERT_FILE");

      Map<String, String> env =
          Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", TOKEN, "SSL_CERT_FILE", pem.toString());
      planApplyPlan(env);

      Result untrusted =
          CliRun.run(
              Map.of("BORGBASE_API_URL", url, "BORGBASE_TOKEN", TOKEN),
              "plan",
              "-f",
              spec().toString());
      assertThat(untrusted.exitCode()).isEqualTo(1);
      assertThat(untrusted.err())
          .startsWith(
              "Error: Could not reach BorgBase at "
                  + url
                  + ": the TLS certificate of 127.0.0.1 is not signed by a trusted certificate"
                  + " authority\n  Nothing was sent.");
    }
    assertThat(pem).as("the CA file is removed when the emulator stops").doesNotExist();
  }

  @Test
  void theSameThroughAnHttpsProxyThatWantsCredentialsWhichNeverSeesTheToken() throws Exception {
    try (EmulatorCommandRun emu =
            new EmulatorCommandRun(
                dir, "emulator", "--tls", "--port", "0", "--token", "full=" + TOKEN);
        TunnelProxy proxy = TunnelProxy.requiring(Credentials.basic("ci", PROXY_PASSWORD))) {
      Map<String, String> env = new HashMap<>();
      env.put("BORGBASE_API_URL", emu.value("BORGBASE_API_URL"));
      env.put("BORGBASE_TOKEN", TOKEN);
      env.put("SSL_CERT_FILE", emu.value("SSL_CERT_FILE"));
      env.put("https_proxy", "http://ci:pr0xy-secret%3Apa55@127.0.0.1:" + proxy.port());
      planApplyPlan(env);

      List<String> heads = proxy.heads();
      assertThat(heads).isNotEmpty();
      String port = env.get("BORGBASE_API_URL").replaceAll(".*:(\\d+)/.*", "$1");
      assertThat(heads)
          .allSatisfy(
              h -> {
                assertThat(h).startsWith("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\n");
                assertThat(h)
                    .contains("Proxy-Authorization: " + Credentials.basic("ci", PROXY_PASSWORD));
                assertThat(h).doesNotContain(TOKEN).doesNotContain("Bearer");
              });
      assertThat(proxy.tunnelled()).isNotEmpty().doesNotContain(TOKEN).doesNotContain("graphql");

      Result debug = CliRun.run(env, "plan", "-f", spec().toString(), "--debug");
      assertThat(debug.exitCode()).as(debug.toString()).isZero();
      assertThat(debug.err())
          .contains(
              "[http]   via proxy http://127.0.0.1:"
                  + proxy.port()
                  + " (from https_proxy): a CONNECT tunnel to 127.0.0.1:"
                  + port
                  + ", TLS end to end; trusting the JDK's CAs, and where they do not suffice"
                  + " SSL_CERT_FILE=")
          .doesNotContain(PROXY_PASSWORD)
          .doesNotContain("pr0xy-secret");
    }
  }
}
