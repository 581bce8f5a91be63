package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.FailureKind;
import dev.borgform.apply.Mutation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Failures are classified once, in api, from the HTTP status and the server's words; advice then
 * depends on the kind alone.
 */
class ErrorClassifierTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | Not enough segments | AUTHENTICATION",
        "200 | Signature verification failed | AUTHENTICATION",
        "200 | Signature has expired | EXPIRED",
        "401 | whatever the body says | AUTHENTICATION",
        "200 | Permission denied: a Read Only token cannot run repoAdd. | PERMISSION",
        "200 | Not allowed | PERMISSION",
        "403 | nope | PERMISSION",
        // the token is fixed first: its level does not matter while it has expired
        "200 | Permission denied: token expired | EXPIRED",
        "200 | Over quota or too many repos. | LIMIT",
        "200 | Invalid appendOnlyKeys: SSH key '7' not found. | NOT_FOUND",
        "200 | Repository does not exist | NOT_FOUND",
        "200 | Invalid region 'mars'. Must be one of: eu, us. | INVALID_INPUT",
        "400 | Variable \"$id\" of type \"Int!\" used in position expecting type \"String!\". |"
            + " INVALID_INPUT",
        "413 | HTTP 413 | INVALID_INPUT",
        "502 | Bad Gateway | SERVER",
        "200 | something new | UNKNOWN",
      })
  void classifiesStatusAndMessage(int status, String message, FailureKind expected) {
    assertThat(ErrorClassifier.classify(status, message)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ADD_REPO | PERMISSION | repoAdd needs a Create Only or Full Access token (a Read Only token"
            + " can only plan). This token may not make it, so applying again with it cannot finish"
            + " the plan: apply again with a Create Only or Full Access token (BorgBase web UI,"
            + " Account > API).",
        "EDIT_REPO | PERMISSION | repoEdit needs a Full Access token. This token may not make it,"
            + " so applying again with it cannot finish the plan: apply again with a Full Access"
            + " token (BorgBase web UI, Account > API).",
        "DELETE_KEY | EXPIRED | The token has expired. Create a new one in the BorgBase web UI"
            + " (Account > API) and pass it in BORGBASE_TOKEN or --token-file, then apply again.",
        "ADD_KEY | AUTHENTICATION | BorgBase refused the token. Check BORGBASE_TOKEN or"
            + " --token-file; the token may be wrong, revoked or expired (Account > API in the"
            + " BorgBase web UI).",
        "ADD_REPO | LIMIT | The account's plan allows no more repos or space. Remove repos you no"
            + " longer need or upgrade the plan, then apply again.",
      })
  void advisesByKind(Mutation.Kind kind, FailureKind failure, String hint) {
    assertThat(ErrorClassifier.applyHint(kind, failure)).isEqualTo(hint);
  }

  @ParameterizedTest(name = "code {0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a code beats the words, which here say nothing known or say otherwise
        "FORBIDDEN | Nope. | PERMISSION",
        "PERMISSION_DENIED | Vorgang abgelehnt. | PERMISSION",
        "permission-denied | x | PERMISSION",
        "UNAUTHORIZED | x | PERMISSION",
        "INSUFFICIENT_SCOPE | x | PERMISSION",
        "UNAUTHENTICATED | Permission denied | AUTHENTICATION",
        "TOKEN_EXPIRED | x | EXPIRED",
        // an unknown code leaves the words to decide
        "INTERNAL_SERVER_ERROR | Permission denied | PERMISSION",
        "BAD_USER_INPUT | something new | UNKNOWN",
      })
  void classifiesByCodeBeforeWords(String code, String message, FailureKind expected) {
    assertThat(ErrorClassifier.classify(200, code, message)).isEqualTo(expected);
  }

  @Test
  void oneHintNamesEveryOperationRefusedForTheLevel() {
    assertThat(
            ErrorClassifier.permissionHint(
                java.util.EnumSet.of(
                    Mutation.Kind.EDIT_REPO, Mutation.Kind.DELETE_KEY, Mutation.Kind.ADD_REPO)))
        .isEqualTo(
            "repoEdit and sshDelete need a Full Access token; repoAdd needs a Create Only or Full"
                + " Access token (a Read Only token can only plan). This token may not make them,"
                + " so applying again with it cannot finish the plan: apply again with a Full"
                + " Access token (BorgBase web UI, Account > API).");
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureKind.class,
      names = {"NONE", "NOT_FOUND", "INVALID_INPUT", "SERVER", "NETWORK", "UNKNOWN"})
  void givesNoAdviceWhereThereIsNone(FailureKind failure) {
    assertThat(ErrorClassifier.applyHint(Mutation.Kind.EDIT_REPO, failure)).isEmpty();
  }
}
