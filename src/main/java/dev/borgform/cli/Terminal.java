package dev.borgform.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What borgform knows about the terminal: whether a person can answer a prompt, and whether output
 * goes to a screen (for colour). Tests pass {@link #none()} or a scripted one.
 */
public interface Terminal {
  /** True when stdin and stdout are a terminal, so a prompt can be answered. */
  boolean interactive();

  /** Reads one line of the user's answer; null at end of input. */
  @Nullable String readLine() throws IOException;

  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public @Nullable String readLine() {
        return null;
      }
    };
  }

  /** The process's terminal, as {@link System#console()} reports it. */
  // On Java 17, the release this jar is built for, a null console means no terminal. From Java 22
  // on System.console() returns a console even when redirected (Console.isTerminal() tells then).
  @SuppressWarnings("SystemConsoleNull")
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
