package dev.borgform.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A live key's identity (type and blob, the first two words of its line) is what the planner
 * matches keys by and part of the live digest saved plans are checked against: it must stay what
 * splitting on runs of spaces and tabs gave, for any text the account may hold.
 */
class LiveKeyIdentityTest {
  private static LiveKey key(String keyData) {
    return new LiveKey("1", "k", keyData, "", "", null, "", "", "");
  }

  /** The definition: the stripped line split on runs of spaces and tabs. */
  private static String bySplitting(String keyData) {
    String[] p = keyData.strip().split("[ \t]+");
    return p.length >= 2 ? p[0] + " " + p[1] : keyData.strip();
  }

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "ssh-ed25519 AAAA root@host|ssh-ed25519 AAAA",
        "ssh-ed25519 AAAA|ssh-ed25519 AAAA",
        "'  ssh-ed25519 \t  AAAA   c  '|ssh-ed25519 AAAA",
        "ssh-ed25519|ssh-ed25519",
        "''|''",
        "'   '|''",
        "'a\tb\tc'|a b",
        "'a\nb c'|'a\nb c'",
      })
  void theFirstTwoWords(String keyData, String identity) {
    assertThat(key(keyData).identity()).isEqualTo(identity);
  }

  @Test
  void asSplittingOnRandomText() {
    String alphabet = "ab \t\n\r\u00a0\u2003x=+/";
    Random r = new Random(11);
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      StringBuilder b = new StringBuilder();
      int length = r.nextInt(16);
      for (int j = 0; j < length; j++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String v = b.toString();
      if (!key(v).identity().equals(bySplitting(v))) differ.add(v);
    }
    assertThat(differ).isEmpty();
  }
}
