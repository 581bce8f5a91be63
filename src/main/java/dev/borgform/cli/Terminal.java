package dev.borgform.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
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
  static Terminal system() {
    boolean interactive = isTerminal(System.console(), IS_TERMINAL);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Terminal() {
      @Override
      public boolean interactive() {
        return interactive;
      }

      @Override
      public String readLine() throws IOException {
        return in.readLine();
      }
    };
  }

  /**
   * {@code Console.isTerminal()}, which Java 22 added; null on the Java 17 to 21 this jar also runs
   * on. Looked up on the public class, not the console's own (an internal class whose methods
   * reflection may not call).
   */
  @Nullable Method IS_TERMINAL = isTerminalMethod();

  private static @Nullable Method isTerminalMethod() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /**
   * Whether stdin and stdout are a terminal, from the process's console and {@code isTerminal}.
   * Before Java 22 a console exists only when both are, so having one is the answer. From Java 22
   * on {@link System#console()} returns a console even when stdout is redirected (backed by JLine),
   * and only {@code isTerminal()} tells: trusting the console alone would colour a redirected file
   * and prompt on a pipe. A call that fails counts as no terminal: colour escapes in a log and a
   * prompt nobody sees are worse than asking for {@code --auto-approve}.
   */
  static boolean isTerminal(@Nullable Object console, @Nullable Method isTerminal) {
    if (console == null) return false;
    if (isTerminal == null) return true;
    try {
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
