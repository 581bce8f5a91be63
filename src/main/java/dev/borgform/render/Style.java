package dev.borgform.render;

/**
 * ANSI colours, or none. Chosen once per run (cli/Styles: the terminal, --color, NO_COLOR, ...),
 * then passed to every renderer.
 */
public final class Style {
  private final boolean color;

  private Style(boolean color) {
    this.color = color;
  }

  public static Style plain() {
    return new Style(false);
  }

  public static Style color() {
    return new Style(true);
  }

  public boolean isColor() {
    return color;
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  private String wrap(String code, String s) {
    return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
