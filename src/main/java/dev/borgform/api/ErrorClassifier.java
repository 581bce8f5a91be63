package dev.borgform.api;

import dev.borgform.apply.FailureKind;
import dev.borgform.apply.Mutation;
import java.util.Locale;

/**
 * Sorts BorgBase's failures into {@link FailureKind}s, once, where the answer arrives; everything
 * after (advice, reports) switches on the kind. BorgBase answers most failures with HTTP 200 and a
 * GraphQL error whose exact texts are not documented (docs/borgbase-api.md), so this matches the
 * words such messages use (PyJWT's "Not enough segments", "Signature ...", the emulator's and other
 * clients' guesses) and the HTTP status where there is one.
 */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  /**
   * The kind of a failure with this HTTP status (200 for a GraphQL error in a normal answer) and
   * message. The token comes first: when a message speaks of both the token and a permission, the
   * token is what to fix (an expired token's level is moot).
   */
  public static FailureKind classify(int status, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("expired")) return FailureKind.EXPIRED;
    if (isAuthentication(m) || status == 401) return FailureKind.AUTHENTICATION;
    if (isPermission(m) || status == 403) return FailureKind.PERMISSION;
    if (m.contains("over quota") || m.contains("too many repos")) return FailureKind.LIMIT;
    if (m.contains("not found") || m.contains("does not exist")) return FailureKind.NOT_FOUND;
    if (status == 400 || status == 413 || m.startsWith("invalid") || m.contains("must be")) {
      return FailureKind.INVALID_INPUT;
    }
    if (status >= 500) return FailureKind.SERVER;
    return FailureKind.UNKNOWN;
  }

  private static boolean isAuthentication(String m) {
    return m.contains("not enough segments")
        || m.contains("signature")
        || m.contains("authentication")
        || m.contains("not authenticated")
        || m.contains("unauthorized")
        || m.contains("invalid token")
        || m.contains("decode");
  }

  private static boolean isPermission(String m) {
    return m.contains("permission")
        || m.contains("not allowed")
        || m.contains("forbidden")
        || m.contains("denied")
        || m.contains("read only")
        || m.contains("create only");
  }

  /** What to tell the user when a write of this kind failed for this reason; empty for none. */
  public static String applyHint(Mutation.Kind kind, FailureKind failure) {
    String operation = BorgBaseClient.operationName(kind);
    return switch (failure) {
      case PERMISSION ->
          kind.adds()
              ? operation
                  + " needs a Create Only or Full Access token; a Read Only token can only plan."
              : operation
                  + " needs a Full Access token. A Create Only token can only apply plans that"
                  + " only add keys and repos.";
      case EXPIRED ->
          "The token has expired. Create a new one in the BorgBase web UI (Account > API) and"
              + " pass it in BORGBASE_TOKEN or --token-file, then apply again.";
      case AUTHENTICATION ->
          "BorgBase refused the token. Check BORGBASE_TOKEN or --token-file; the token may be"
              + " wrong, revoked or expired (Account > API in the BorgBase web UI).";
      case LIMIT ->
          "The account's plan allows no more repos or space. Remove repos you no longer need"
              + " or upgrade the plan, then apply again.";
      case NONE, NOT_FOUND, INVALID_INPUT, SERVER, NETWORK, UNKNOWN -> "";
    };
  }
}
