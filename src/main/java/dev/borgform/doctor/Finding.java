package dev.borgform.doctor;

import java.util.Objects;

/**
 * One difference between what borgform sends or reads and what the live API offers: {@code what}
 * differs, {@code breaks} names the command and spec field that stop working, {@code hint} says
 * what to do.
 */
public record Finding(String operation, String what, String breaks, String hint) {
  public Finding {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(breaks, "breaks");
    Objects.requireNonNull(hint, "hint");
  }
}
