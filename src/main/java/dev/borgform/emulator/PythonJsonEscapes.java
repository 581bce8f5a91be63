package dev.borgform.emulator;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes as Python's {@code json.dumps} does by default ({@code ensure_ascii}), which is how
 * Flask-GraphQL writes BorgBase's answers: every character outside printable ASCII as {@code \\u}
 * plus four lower-case hex digits (surrogate pairs as two), and the short forms for \n, \r, \t, \b,
 * \f. Jackson alone would write upper-case hex and leave DEL as it is.
 */
final class PythonJsonEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;

  private final int[] ascii;

  PythonJsonEscapes() {
    ascii = standardAsciiEscapesForJSON();
    for (int c = 0; c < 0x20; c++) {
      if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f') {
        ascii[c] = ESCAPE_CUSTOM;
      }
    }
    ascii[0x7f] = ESCAPE_CUSTOM;
  }

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  /** Called for the ASCII characters marked above and for every character beyond ASCII. */
  @Override
  public SerializableString getEscapeSequence(int ch) {
    return new SerializedString(String.format("\\u%04x", ch));
  }
}
