package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@link QuickResolver} answers exactly as SnakeYAML's resolver does, for every implicit form of
 * YAML 1.1 and for random text: were a SnakeYAML upgrade to add a form the shortcut does not know,
 * this is where it shows.
 */
class QuickResolverTest {
  private final Resolver snakeyaml = new Resolver();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "~",
        "null",
        "Null",
        "NULL",
        "nul",
        "nulls",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "n",
        "false",
        "0",
        "-0",
        "+12",
        "1_000",
        "0b1010",
        "0o17",
        "017",
        "0x1F",
        "190:20:30",
        "1.5",
        "-.5",
        "1e3",
        "1.0e+3",
        ".inf",
        "-.Inf",
        ".NaN",
        "2026-11-29",
        "2026-11-29T10:00:00Z",
        "2026-1-2 3:04:05",
        "<<",
        "=",
        "!",
        "&",
        "*",
        "10GB",
        "1 TB",
        "eu",
        "us",
        "name",
        "publicKey",
        "server-00001",
        "nas-backup-offsite",
        "ssh-ed25519 AAAA key@host",
        "nullnullnull",
        "truetruetrue",
        "12345678901",
        "1234567890123456789012345678901",
        "0000000000000000000000000000000000000000",
        "~~~~~~~~~~~~",
        "<<<<<<<<<<<<<"
      })
  void answersAsSnakeYamlDoes(String value) {
    assertThat(new QuickResolver().resolve(NodeId.scalar, value, true))
        .as(value)
        .isEqualTo(snakeyaml.resolve(NodeId.scalar, value, true));
  }

  @Test
  void answersAsSnakeYamlDoesOnRandomText() {
    String alphabet = "~nNtTfFyYoO+-.0123456789_:eE xabs<=!&*lLuUrsRSinfINFaA";
    Random r = new Random(7);
    QuickResolver quick = new QuickResolver(); // one instance: what it remembers is used too
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = r.nextInt(i % 3 == 0 ? 40 : 14);
      for (int j = 0; j < length; j++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String v = b.toString();
      for (int pass = 0; pass < 2; pass++) {
        if (!quick
            .resolve(NodeId.scalar, v, true)
            .equals(snakeyaml.resolve(NodeId.scalar, v, true))) differ.add(v);
      }
    }
    assertThat(differ).isEmpty();
  }

  @Test
  void explicitTagsAndCollectionsAreLeftToSnakeYaml() {
    QuickResolver quick = new QuickResolver();
    assertThat(quick.resolve(NodeId.scalar, "12", false)).isEqualTo(Tag.STR);
    assertThat(quick.resolve(NodeId.mapping, "", true)).isEqualTo(Tag.MAP);
    assertThat(quick.resolve(NodeId.sequence, "", true)).isEqualTo(Tag.SEQ);
  }

  @Test
  void longTextIsTextWithoutAskingSnakeYaml() {
    // The shortcut's premise: no form tried on any first character is longer than the limit.
    assertThat(
            snakeyaml.resolve(NodeId.scalar, "x".repeat(QuickResolver.ANY_FIRST_LIMIT + 1), true))
        .isEqualTo(Tag.STR);
    assertThat(new QuickResolver().resolve(NodeId.scalar, "server-00001", true)).isEqualTo(Tag.STR);
  }
}
