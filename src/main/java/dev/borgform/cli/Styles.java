package dev.borgform.cli;

import dev.borgform.render.Style;

/** Colour only for a person at a terminal, and never when NO_COLOR or --no-color say so. */
final class Styles {
  private Styles() {}

  static Style choose(boolean noColorFlag, Environment env) {
    boolean noColorEnv = env.env().containsKey("NO_COLOR");
    return !noColorFlag && !noColorEnv && env.terminal().interactive()
        ? Style.color()
        : Style.plain();
  }
}
