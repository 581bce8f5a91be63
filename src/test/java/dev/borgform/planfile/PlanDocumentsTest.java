package dev.borgform.planfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.plan.DeletionGuard;
import dev.borgform.plan.Plan;
import dev.borgform.render.ReasonText;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What plan --out may replace: a saved plan, and nothing else that happens to be there. */
class PlanDocumentsTest {
  static Stream<Arguments> files() {
    String saved =
        new PlanCodec(ReasonText.WORDS)
            .write(
                new Plan(
                    List.of(),
                    List.of(),
                    "sha256:" + "0".repeat(64),
                    DeletionGuard.none(),
                    new dev.borgform.plan.PlanPolicy(true, false, 30, List.of(), List.of(), 0, 1),
                    dev.borgform.plan.Target.sandboxed()));
    return Stream.of(
        Arguments.of("a plan saved by plan --out", saved, true),
        Arguments.of(
            "the fields in another order, with more besides",
            "{\"x\": {\"changes\": 1}, \"changes\": [], \"y\": [1, {}], \"formatVersion\": \"9.9\"}",
            true),
        Arguments.of("a spec", "version: 1\nkeys: []\nrepos: []\n", false),
        Arguments.of("JSON without formatVersion", "{\"changes\": []}", false),
        Arguments.of(
            "formatVersion that is not text", "{\"formatVersion\": 1, \"changes\": []}", false),
        Arguments.of(
            "changes that are not a list", "{\"formatVersion\": \"1.0\", \"changes\": {}}", false),
        Arguments.of(
            "the fields only nested",
            "{\"a\": {\"formatVersion\": \"1.0\", \"changes\": []}}",
            false),
        Arguments.of("a JSON list", "[{\"formatVersion\": \"1.0\", \"changes\": []}]", false),
        Arguments.of(
            "an emulator state file", "{\"version\": 1, \"sshKeys\": [], \"repos\": []}", false),
        Arguments.of("empty", "", false),
        Arguments.of("binary", "\u0000\u0001\u00ff\u00fe", false),
        Arguments.of("a password file", "root:x:0:0:root:/root:/bin/bash\n", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void tellsASavedPlanFromAnyOtherFile(String what, String content, boolean plan) {
    assertThat(
            PlanDocuments.isPlanDocument(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(plan);
  }
}
