package dev.borgform.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.cli.Cli;
import dev.borgform.testing.Golden;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The man pages made from the command model: their roff, and that nothing visible is missing. */
class ManPagesTest {
  private static final CommandLine MODEL = Cli.commandLine(ReleaseBuilder.quietEnvironment());
  private final Map<String, String> pages =
      new ManPages("0.1.0", LocalDate.parse("2026-11-29")).pages(MODEL);

  @Test
  void onePagePerCommandAndOneForBorgform() {
    assertThat(pages).containsKey("borgform.1");
    for (String command : MODEL.getSubcommands().keySet()) {
      assertThat(pages).containsKey("borgform-" + command + ".1");
    }
  }

  @Test
  void pagesMatchTheirGoldens() {
    // Two commands whose options change least; the others are checked by the test below.
    Golden.check("release/borgform-validate.1", pages.get("borgform-validate.1"));
    Golden.check("release/borgform-completion.1", pages.get("borgform-completion.1"));
    Golden.check("release/borgform-doctor.1", pages.get("borgform-doctor.1"));
  }

  @Test
  void everyVisibleOptionIsInItsCommandsPage() {
    MODEL
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              String page = pages.get("borgform-" + name + ".1");
              for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String n : o.names()) {
                  assertThat(page)
                      .as("%s in borgform-%s.1", n, name)
                      .contains("\\fB" + ManPages.esc(n) + "\\fR");
                }
              }
            });
    assertThat(pages.get("borgform.1")).contains(".SH EXIT STATUS").contains(".SH COMMANDS");
  }

  @Test
  void roffControlCharactersAreEscaped() {
    assertThat(ManPages.esc(".hidden")).isEqualTo("\\&.hidden");
    assertThat(ManPages.esc("'quoted")).isEqualTo("\\&'quoted");
    assertThat(ManPages.esc("a\\b --x")).isEqualTo("a\\eb \\-\\-x");
  }
}
