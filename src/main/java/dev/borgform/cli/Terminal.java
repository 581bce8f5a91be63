package dev.borgform.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What borgform knows about the terminal: whether a person can answer a prompt, and whether output
 * goes to a screen (for colour). Tests pass {@link #none()} or a scripted one.
 */
public interface Terminal {
  /** True when stdin and stdout are a terminal, so a prompt can be answered. */
  boolean interactive();

  /** Reads one line of the user's answer; null at end of input. */
  String readLine() throws IOException;

  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public String readLine() {
        return null;
      }
    };
  }

  /** The process's terminal, as {@link System#console()} reports it. */
  static Terminal system() {
    Console console = System.console();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Terminal() {
      @Override
      public boolean interactive() {
        return console != null;
      }

      @Override
      public String readLine() throws IOException {
        return in.readLine();
      }
    };
  }
}
