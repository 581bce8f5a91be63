package dev.borgform.plan;

import java.util.List;

/**
 * What a change does to one object. The symbol doubles as the glyph of the human plan, as in
 * Terraform; {@link #jsonActions()} is the machine form, where a replace lists both halves so a
 * consumer finds every deletion by scanning for "delete".
 */
public enum Action {
  CREATE("+", List.of("create")),
  UPDATE("~", List.of("update")),
  REPLACE("+/-", List.of("create", "delete")),
  DELETE("-", List.of("delete"));

  private final String symbol;

  @SuppressWarnings("ImmutableEnumChecker") // List.of: immutable
  private final List<String> jsonActions;

  Action(String symbol, List<String> jsonActions) {
    this.symbol = symbol;
    this.jsonActions = jsonActions;
  }

  public String symbol() {
    return symbol;
  }

  public List<String> jsonActions() {
    return jsonActions;
  }
}
