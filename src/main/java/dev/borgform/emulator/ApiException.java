package dev.borgform.emulator;

import org.jspecify.annotations.Nullable;

/**
 * A resolver failure: becomes {@code data.<field>: null} plus an {@code errors[]} entry with
 * exactly this message, HTTP 200, like graphene 2 reports an exception raised in a resolver.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ApiException(@Nullable String message) {
    // No stack trace: these are expected outcomes, not bugs, and are never logged.
    super(message, null, false, false);
  }
}
