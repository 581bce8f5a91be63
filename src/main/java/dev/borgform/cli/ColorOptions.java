package dev.borgform.cli;

import dev.borgform.render.Style;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The colour options, one picocli mixin for every command that prints for a person: {@code
 * --color=WHEN}, {@code --no-color} and Terraform's hidden {@code -no-color}. Declared once, so the
 * names, the default, the help text and the way {@code NO_COLOR}, {@code FORCE_COLOR} and {@code
 * TERM=dumb} are read ({@link Styles}) are the same in each; commands that take the account-facing
 * options get it through {@link GlobalOptions}, the offline ones ({@code validate}, {@code show})
 * directly.
 */
final class ColorOptions {
  @Option(names = "--no-color", description = "No colours in output (as --color=never).")
  boolean noColor;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      description =
          "Colours: always, never or auto (default: auto: on a terminal, unless NO_COLOR is set or"
              + " TERM=dumb; FORCE_COLOR turns them on, e.g. for CI logs that show them).")
  Styles.When color = Styles.When.auto;

  /** Terraform's spelling; hidden so help and completion show one name per option. */
  @Option(names = "-no-color", hidden = true)
  void terraformNoColor(boolean on) {
    noColor = on;
  }

  /** The style these options and the environment ask for. */
  Style style(Environment env) {
    return Styles.choose(noColor, color, env);
  }

  /**
   * The colour options of a command, wherever its mixins hold them (directly, or inside {@link
   * GlobalOptions}); null for a command that has none.
   */
  static @Nullable ColorOptions of(CommandSpec command) {
    for (CommandSpec mixin : command.mixins().values()) {
      if (mixin.userObject() instanceof ColorOptions c) return c;
      ColorOptions nested = of(mixin);
      if (nested != null) return nested;
    }
    return null;
  }
}
