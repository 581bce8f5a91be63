package dev.borgform.cli;

import dev.borgform.render.Style;

/**
 * Colour for a person at a terminal, as no-color.org and force-color.org have it: the command line
 * first ({@code --no-color}, {@code --color=never|always}), then a non-empty {@code NO_COLOR} (an
 * empty one is unset), then a non-empty {@code FORCE_COLOR} (for CI logs that render ANSI), then
 * {@code TERM=dumb} (a terminal that cannot show it), and otherwise colour only on a terminal.
 */
final class Styles {
  /** {@code --color=WHEN}. */
  enum When {
    always,
    never,
    auto
  }

  private Styles() {}

  static Style choose(boolean noColorFlag, When when, Environment env) {
    return colour(noColorFlag, when == null ? When.auto : when, env)
        ? Style.color()
        : Style.plain();
  }

  static boolean colour(boolean noColorFlag, When when, Environment env) {
    if (noColorFlag || when == When.never) return false;
    if (when == When.always) return true;
    if (set(env, "NO_COLOR")) return false;
    if (set(env, "FORCE_COLOR")) return true;
    if ("dumb".equals(env.env().get("TERM"))) return false;
    return env.terminal().interactive();
  }

  private static boolean set(Environment env, String name) {
    String v = env.env().get(name);
    return v != null && !v.isEmpty();
  }
}
