package dev.borgform.api;

import dev.borgform.apply.FailureKind;
import dev.borgform.apply.KnownLevel;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Sorts BorgBase's failures into {@link FailureKind}s, once, where the answer arrives; everything
 * after (advice, reports) switches on the kind. BorgBase answers most failures with HTTP 200 and a
 * GraphQL error whose exact texts are not documented (docs/borgbase-api.md), so this matches the
 * words such messages use (PyJWT's "Not enough segments", "Signature ...", the emulator's and other
 * clients' guesses) and the HTTP status where there is one.
 *
 * <p>A refusal for the token's level must not depend on those words: BorgBase's real texts are
 * unknown. So besides the words, a refusal is classified by what is knowable: the HTTP status (401,
 * 403), a GraphQL error code ({@code extensions.code}) where the server sends one, and, where the
 * words say nothing known, by context ({@link #inContext}): the token's level learned before
 * anything was sent, and which kinds of mutation this token has had accepted.
 */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  /**
   * The kind of a failure with this HTTP status (200 for a GraphQL error in a normal answer) and
   * message. The token comes first: when a message speaks of both the token and a permission, the
   * token is what to fix (an expired token's level is moot).
   */
  public static FailureKind classify(int status, String message) {
    return classify(status, null, message);
  }

  /**
   * As {@link #classify(int, String)}, with the error's code ({@code extensions.code}, null for
   * none) taken before the words: a server that sends a code means it.
   */
  public static FailureKind classify(int status, @Nullable String code, String message) {
    String m = message.toLowerCase(Locale.ROOT);
    FailureKind byCode = byCode(code);
    if (byCode != null) return byCode;
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

  /**
   * The codes GraphQL servers use (Apollo's {@code UNAUTHENTICATED} and {@code FORBIDDEN}, and the
   * spellings other servers give them), compared without case or separators. {@code UNAUTHORIZED}
   * counts as a refused level: a mutation is only sent after the same token read the account.
   */
  private static @Nullable FailureKind byCode(@Nullable String code) {
    if (code == null) return null;
    String c = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    if (c.contains("EXPIRED")) return FailureKind.EXPIRED;
    return switch (c) {
      case "UNAUTHENTICATED", "AUTHENTICATIONREQUIRED", "INVALIDTOKEN", "AUTHENTICATIONERROR" ->
          FailureKind.AUTHENTICATION;
      case "FORBIDDEN",
          "PERMISSIONDENIED",
          "ACCESSDENIED",
          "UNAUTHORIZED",
          "UNAUTHORISED",
          "NOTALLOWED",
          "INSUFFICIENTSCOPE",
          "INSUFFICIENTPERMISSIONS" ->
          FailureKind.PERMISSION;
      default -> null;
    };
  }

  /**
   * The results of one request, with each failure whose words and status said nothing known ({@link
   * FailureKind#UNKNOWN}) made a {@link FailureKind#PERMISSION} refusal where what is known besides
   * the words says the token's level is the cause:
   *
   * <ul>
   *   <li>the token is known to be Create Only, and the mutation edits or deletes;
   *   <li>this token has had a key or repo added ({@code addAccepted}, this request included), and
   *       every edit or delete of this request failed, all with the same words: the token may add
   *       but not change, which is Create Only, whatever the server calls it.
   * </ul>
   *
   * Anything else stays as it was: an edit refused for another reason must not send the user for a
   * new token.
   */
  public static List<MutationResult> inContext(
      List<Mutation> batch, List<MutationResult> results, KnownLevel level, boolean addAccepted) {
    Set<String> editWords = new HashSet<>();
    boolean editsAllRefusedAlike = addAccepted;
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).kind().adds()) continue;
      MutationResult r = results.get(i);
      if (r.outcome() != MutationResult.Outcome.FAILED || r.failure() != FailureKind.UNKNOWN) {
        editsAllRefusedAlike = false;
      } else {
        editWords.add(r.message());
      }
    }
    editsAllRefusedAlike &= editWords.size() == 1;
    List<MutationResult> out = new ArrayList<>(results);
    for (int i = 0; i < batch.size(); i++) {
      MutationResult r = results.get(i);
      boolean unknownRefusal =
          r.outcome() == MutationResult.Outcome.FAILED && r.failure() == FailureKind.UNKNOWN;
      if (!unknownRefusal || batch.get(i).kind().adds()) continue;
      if (level == KnownLevel.CREATE_ONLY || editsAllRefusedAlike) {
        out.set(i, MutationResult.failed(FailureKind.PERMISSION, r.message()));
      }
    }
    return out;
  }

  /**
   * One hint for every mutation refused for the token's level: the level each needs, and that this
   * token cannot finish the plan however often apply runs again.
   */
  public static String permissionHint(Set<Mutation.Kind> refused) {
    Set<String> full = new TreeSet<>();
    Set<String> create = new TreeSet<>();
    for (Mutation.Kind k : refused) {
      (k.adds() ? create : full).add(BorgBaseClient.operationName(k));
    }
    List<String> parts = new ArrayList<>();
    if (!full.isEmpty()) parts.add(needs(full) + " a Full Access token");
    if (!create.isEmpty()) {
      parts.add(
          needs(create) + " a Create Only or Full Access token (a Read Only token can only plan)");
    }
    return String.join("; ", parts)
        + ". This token may not make "
        + (refused.size() == 1 ? "it" : "them")
        + ", so applying again with it cannot finish the plan: apply again with a "
        + (full.isEmpty() ? "Create Only or Full Access" : "Full Access")
        + " token (BorgBase web UI, Account > API).";
  }

  private static String needs(Set<String> operations) {
    return String.join(" and ", operations) + (operations.size() == 1 ? " needs" : " need");
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
    return switch (failure) {
      case PERMISSION -> permissionHint(Set.of(kind));
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
