package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The last line of defence: whatever a run prints is scrubbed of its secrets. */
class RedactingWriterTest {
  private static final String SECRET = "eyJhbGciOiJIUzI1NiJ9.payload.signature";

  private final StringWriter sink = new StringWriter();
  private final Secrets secrets = new Secrets();
  private final PrintWriter out =
      new PrintWriter(new RedactingWriter(new PrintWriter(sink), secrets), true);

  @Test
  void aSecretIsReplacedWhereverItAppears() {
    secrets.add(SECRET + "\n");
    out.println("token " + SECRET + " and again:" + SECRET);
    assertThat(sink.toString()).isEqualTo("token [REDACTED] and again:[REDACTED]\n");
  }

  @Test
  void aSecretSplitAcrossWritesAndFlushesIsStillCaught() {
    secrets.add(SECRET);
    out.print("x " + SECRET.substring(0, 10));
    out.flush();
    assertThat(sink.toString()).as("the possible start of a secret is held back").isEqualTo("x ");
    out.print(SECRET.substring(10) + " y");
    out.flush();
    out.close();
    assertThat(sink.toString()).isEqualTo("x [REDACTED] y");
  }

  @Test
  void promptsAppearAtOnceAndHeldTextIsReleasedAtTheEnd() {
    secrets.add(SECRET);
    out.print("  Enter a value: ");
    out.flush();
    assertThat(sink.toString()).isEqualTo("  Enter a value: ");
    out.print("ends with eyJ");
    out.flush();
    assertThat(sink.toString()).isEqualTo("  Enter a value: ends with ");
    out.close();
    assertThat(sink.toString()).isEqualTo("  Enter a value: ends with eyJ");
  }

  @Test
  void shortValuesAreNotTreatedAsSecrets() {
    secrets.add("abc");
    secrets.add(null);
    out.println("abc abc");
    assertThat(sink.toString()).isEqualTo("abc abc\n");
  }

  @Test
  void theEnvironmentNeverShowsVariableValues() {
    Environment env =
        new Environment(
            java.util.Map.of("BORGBASE_TOKEN", SECRET),
            java.nio.file.Path.of("."),
            out,
            out,
            Terminal.none(),
            () -> {});
    assertThat(env.toString()).doesNotContain(SECRET).contains("BORGBASE_TOKEN");
  }
}
