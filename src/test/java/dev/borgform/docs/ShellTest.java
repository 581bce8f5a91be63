package dev.borgform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
  private static List<List<String>> invocations(String script) {
    return Shell.borgformInvocations(script).stream().map(Shell.Invocation::args).toList();
  }

  @Test
  void findsBorgformInListsPipelinesKeywordsAndCasePatterns() {
    assertThat(
            invocations(
                "./borgform plan -f borgbase.yaml --out plan.json --output markdown > plan.md   # comment"))
        .containsExactly(
            List.of("plan", "-f", "borgbase.yaml", "--out", "plan.json", "--output", "markdown"));
    assertThat(
            invocations(
                "code=0\nborgform plan --detailed-exitcode || code=$?\ncase \"$code\" in\n  2) borgform apply plan.json ;;\nesac"))
        .containsExactly(List.of("plan", "--detailed-exitcode"), List.of("apply", "plan.json"));
    assertThat(
            invocations(
                "if borgform validate; then echo ok; fi && BORGBASE_TOKEN=x borgform plan 2>&1 | tee out"))
        .containsExactly(List.of("validate"), List.of("plan"));
    assertThat(invocations("source <(borgform completion bash)"))
        .containsExactly(List.of("completion", "bash"));
  }

  @Test
  void quotesRedirectionsAndContinuationsAreReadAsBashReadsThem() {
    assertThat(
            invocations(
                "borgform plan -f 'my spec.yaml' \\\n  --out \"$DIR/plan.json\" 2> err.txt >>log"))
        .containsExactly(List.of("plan", "-f", "my spec.yaml", "--out", "$DIR/plan.json"));
    assertThat(invocations("echo 'borgform plan' # borgform apply")).isEmpty();
    assertThat(invocations("printf '%s' \"$(borgform --version)\" > /usr/local/bin/borgform"))
        .isEmpty();
  }

  @Test
  void commandsJoinContinuationsSkipCommentLinesAndReadTheirAnnotations() {
    List<Shell.Command> cmds =
        Shell.commands(
            List.of(
                "# a comment line",
                "",
                "./borgform plan --detailed-exitcode   # exit 2: changes to review",
                "./borgform apply \\",
                "  -f borgbase.yaml                    # shows the plan and asks: type yes",
                "./borgform apply plan.json            # refused if stale (exit 3)"),
            10);
    assertThat(cmds).extracting(Shell.Command::line).containsExactly(12, 13, 15);
    assertThat(cmds).extracting(Shell.Command::expectedExit).containsExactly(2, 0, 0);
    assertThat(cmds).extracting(Shell.Command::typesYes).containsExactly(false, true, false);
    assertThat(cmds.get(1).code()).isEqualTo("./borgform apply \\\n  -f borgbase.yaml");
  }

  @Test
  void aHashInsideQuotesOrAWordIsNotAComment() {
    assertThat(Shell.commentStart("echo 'a # b' \"c # d\" e#f # real")).isEqualTo(25);
    assertThat(Shell.commentStart("echo $#")).isEqualTo(-1);
  }
}
