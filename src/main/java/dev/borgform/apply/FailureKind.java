package dev.borgform.apply;

/**
 * Why a write failed, classified once by the API client where the answer arrives, so that advice
 * and reports switch on a kind instead of reading the server's words again.
 */
public enum FailureKind {
  /** Not a failure: the write was applied. */
  NONE,
  /** The token was refused: wrong, malformed or revoked. */
  AUTHENTICATION,
  /** The token is past its expiry date. */
  EXPIRED,
  /** The token is valid, but its level does not allow the operation. */
  PERMISSION,
  /** The account's plan allows no more repos or space. */
  LIMIT,
  /** The object the write names is not in the account. */
  NOT_FOUND,
  /** The server refused the write's values or the document (a validation error). */
  INVALID_INPUT,
  /** The server failed, or kept refusing (rate limits). */
  SERVER,
  /** BorgBase could not be reached; nothing was sent. */
  NETWORK,
  /** Anything else, and every write whose outcome is unknown or that was not sent. */
  UNKNOWN
}
