package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a plain scalar means by the YAML 1.2 core schema, including the values no rule matches. */
class ScalarsTest {
  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "''|NULL",
        "~|NULL",
        "null|NULL",
        "Null|NULL",
        "NULL|NULL",
        "nULL|STR",
        "true|BOOL",
        "False|BOOL",
        "TRUE|BOOL",
        "tRUE|STR",
        "yes|STR",
        "on|STR",
        "no|STR",
        "0|INT",
        "-12|INT",
        "+7|INT",
        "007|INT",
        "-|STR",
        "+|STR",
        "1-2|STR",
        "12a|STR",
        "+-1|STR",
        "0o17|INT",
        "0x1F|INT",
        "1_000|STR",
        "1.5|FLOAT",
        ".5|FLOAT",
        "-.inf|FLOAT",
        ".NaN|FLOAT",
        "1e3|FLOAT",
        "web-01|STR",
        "eu|STR",
        "h-00001|STR",
        "ssh-ed25519 AAAA|STR",
        "100GB|STR",
        "nope|STR",
        "~x|STR",
        "1.0E+3|FLOAT",
        "-.INF|FLOAT",
        ".NAN|FLOAT",
        "0xzz|STR",
        "0o9|STR",
        "1 TB|STR",
        "1.5TB|STR",
      })
  void plainScalars(String value, Scalars.Kind kind) {
    assertThat(Scalars.kindOfPlain(value)).isEqualTo(kind);
  }
}
