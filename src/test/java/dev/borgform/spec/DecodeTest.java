package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.diag.Diagnostics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spec file's bytes become the text a checking UTF-8 decoder makes of them, whether they are
 * ASCII (copied at once) or not (decoded and checked): every spec of the corpus, and bytes at the
 * edges of ASCII.
 */
class DecodeTest {
  static Stream<byte[]> files() throws Exception {
    List<byte[]> all = new java.util.ArrayList<>();
    for (Path spec : SpecCorpus.files()) {
      for (Path f : SpecCorpus.filesOf(spec)) all.add(Files.readAllBytes(f));
    }
    all.add("version: 1\nkeys: []\n\u007f\t\r\n# \u0000\u0001\n".getBytes(StandardCharsets.UTF_8));
    all.add("version: 1\n# caf\u00e9 \u2603 \ud83d\ude00\n".getBytes(StandardCharsets.UTF_8));
    all.add(new byte[] {'v', ':', ' ', '1', '\n', '#', (byte) 0x80, '\n'});
    all.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'v', ':', ' ', '1', '\n'});
    all.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 'v', 0, ':', 0});
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void theTextIsWhatACheckingDecoderMakes(byte[] bytes) {
    Diagnostics diags = new Diagnostics();
    String text = YamlSource.decode(bytes, "spec.yaml", diags);
    String checked;
    try {
      checked =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      assertThat(text).isNull();
      assertThat(diags.sorted().toString()).contains("not valid UTF-8");
      return;
    }
    if (checked.startsWith("\uFEFF")) checked = checked.substring(1);
    if (text != null) {
      assertThat(text).isEqualTo(checked);
    } else {
      // Refused for what the text says (empty, a line too long), not for its encoding.
      assertThat(diags.sorted().toString()).doesNotContain("UTF-8").isNotEmpty();
    }
  }
}
