package dev.borgform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether stdout is a terminal, from the console as Java 17 and Java 22+ report it: from 22 on a
 * console exists even when output is redirected, and only {@code isTerminal()} tells. The consoles
 * here are fakes with the same method.
 */
class TerminalTest {
  /** A console of Java 22+: present whether or not it is a terminal. */
  public static final class FakeConsole {
    private final boolean terminal;

    FakeConsole(boolean terminal) {
      this.terminal = terminal;
    }

    public boolean isTerminal() {
      return terminal;
    }

    /** A call that fails, as a console closed under it might. */
    public boolean broken() {
      if (terminal) throw new IllegalStateException("no answer");
      return false;
    }
  }

  private static Method method(String name) {
    try {
      return FakeConsole.class.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> consoles() {
    return Stream.of(
        // what, console, isTerminal method, terminal?
        Arguments.of("Java 17: no console (redirected)", null, null, false),
        Arguments.of("Java 17: a console (a terminal)", new Object(), null, true),
        Arguments.of(
            "Java 22+: console, redirected", new FakeConsole(false), method("isTerminal"), false),
        Arguments.of(
            "Java 22+: console on a terminal", new FakeConsole(true), method("isTerminal"), true),
        Arguments.of("Java 22+: no console at all", null, method("isTerminal"), false),
        Arguments.of("isTerminal fails", new FakeConsole(true), method("broken"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consoles")
  void stdoutIsATerminalOnlyWhenTheConsoleSaysSo(
      String what, Object console, Method isTerminal, boolean expected) {
    assertThat(Terminal.isTerminal(console, isTerminal)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void theMethodIsLookedUpOnlyWhereTheRuntimeHasIt() {
    boolean has22 = Runtime.version().feature() >= 22;
    assertThat(Terminal.IS_TERMINAL != null).isEqualTo(has22);
    if (Terminal.IS_TERMINAL != null) {
      assertThat(Terminal.IS_TERMINAL.getDeclaringClass()).isEqualTo(Console.class);
    }
  }
}
