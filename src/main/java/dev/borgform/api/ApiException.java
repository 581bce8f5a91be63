package dev.borgform.api;

import dev.borgform.diag.BorgformException;
import dev.borgform.diag.ExitCodes;
import org.jspecify.annotations.Nullable;

/**
 * A request to BorgBase failed as a whole: the network, the HTTP status, or GraphQL errors on a
 * read. The message carries the server's words; the hint says what to do.
 */
public final class ApiException extends BorgformException {
  public enum Kind {
    /** No answer: DNS, refused connection, timeout. */
    NETWORK,
    /** The token was refused (wrong, malformed, revoked or expired). */
    AUTHENTICATION,
    /** The token is valid but its level does not allow the operation. */
    PERMISSION,
    /** An HTTP status other than 200, or GraphQL errors not about the token. */
    SERVER,
    /** The answer was not what the API promises (not JSON, missing fields). */
    PROTOCOL
  }

  private final Kind kind;
  private final int httpStatus;

  public ApiException(
      Kind kind, int httpStatus, String message, String hint, @Nullable Throwable cause) {
    super(message, hint, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  @Override
  public int exitCode() {
    return ExitCodes.FAILURE;
  }
}
