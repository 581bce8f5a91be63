package dev.borgform.emulator;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated level of one request, or why it has none. Each protected field checks it, so an
 * unusable token fails field by field with HTTP 200, as BorgBase does (kiwix PR #62 capture).
 */
final class Caller {
  /** [GUESS] BorgBase's text for a request without a token is unknown. */
  static final String AUTH_REQUIRED = "Authentication required.";

  /**
   * PyJWT's message for a token that is not three dot-separated segments; seen verbatim from
   * BorgBase.
   */
  static final String NOT_ENOUGH_SEGMENTS = "Not enough segments";

  /** [GUESS] PyJWT's message for a well-formed token with a wrong signature. */
  static final String BAD_SIGNATURE = "Signature verification failed";

  /**
   * [GUESS] PyJWT's message for a token whose expiry has passed (BorgBase tokens may have an
   * expiry).
   */
  static final String EXPIRED = "Signature has expired";

  private final @Nullable TokenLevel level;
  private final @Nullable String problem;

  private Caller(@Nullable TokenLevel level, @Nullable String problem) {
    this.level = level;
    this.problem = problem;
  }

  static Caller of(TokenLevel level) {
    return new Caller(level, null);
  }

  static Caller rejected(String problem) {
    return new Caller(null, problem);
  }

  boolean authenticated() {
    return level != null;
  }

  @Nullable TokenLevel level() {
    return level;
  }

  /**
   * Throws the field error for an unauthenticated caller or one whose level may not run {@code
   * field}.
   */
  void require(String field, Set<TokenLevel> allowed) {
    if (level == null) {
      throw new ApiException(problem);
    }
    if (!allowed.contains(level)) {
      // [GUESS] BorgBase's wording is unknown; it names the operation and the level so users know
      // what to fix.
      throw new ApiException(
          "Permission denied: a " + level.displayName() + " token cannot run " + field + ".");
    }
  }
}
