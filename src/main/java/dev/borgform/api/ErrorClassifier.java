package dev.borgform.api;

import dev.borgform.apply.Mutation;
import java.util.Locale;

/**
 * Sorts BorgBase error messages into authentication and permission problems. BorgBase answers both
 * with HTTP 200 and a GraphQL error whose exact texts are not documented (docs/borgbase-api.md), so
 * this matches the words such messages use (PyJWT's "Not enough segments", "Signature ...").
 */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  public static boolean isAuthentication(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("not enough segments")
        || m.contains("signature")
        || m.contains("expired")
        || m.contains("authentication")
        || m.contains("not authenticated")
        || m.contains("unauthorized")
        || m.contains("invalid token")
        || m.contains("decode");
  }

  /** A token past its expiry date (PyJWT: "Signature has expired"). */
  public static boolean isExpiry(String message) {
    return message.toLowerCase(Locale.ROOT).contains("expired");
  }

  public static boolean isPermission(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("permission")
        || m.contains("not allowed")
        || m.contains("forbidden")
        || m.contains("denied")
        || m.contains("read only")
        || m.contains("create only");
  }

  /** What to tell the user when an apply mutation failed with this message. */
  public static String applyHint(Mutation.Kind kind, String message) {
    if (isPermission(message)) {
      String operation = BorgBaseClient.operationName(kind);
      boolean adds = kind.adds();
      return adds
          ? operation
              + " needs a Create Only or Full Access token; a Read Only token can only plan."
          : operation
              + " needs a Full Access token. A Create Only token can only apply plans that"
              + " only add keys and repos.";
    }
    if (isAuthentication(message)) {
      return isExpiry(message)
          ? "The token has expired. Create a new one in the BorgBase web UI (Account > API) and"
              + " pass it in BORGBASE_TOKEN or --token-file, then apply again."
          : "BorgBase refused the token. Check BORGBASE_TOKEN or --token-file; the token may be"
              + " wrong, revoked or expired (Account > API in the BorgBase web UI).";
    }
    if (message.contains("Over quota or too many repos")) {
      return "The account's plan allows no more repos or space. Remove repos you no longer need"
          + " or upgrade the plan, then apply again.";
    }
    return "";
  }
}
