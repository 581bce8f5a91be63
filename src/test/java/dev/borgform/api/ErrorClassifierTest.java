package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.FailureKind;
import dev.borgform.apply.Mutation;
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
        "ADD_REPO | PERMISSION | repoAdd needs a Create Only or Full Access token; a Read Only"
            + " token can only plan.",
        "EDIT_REPO | PERMISSION | repoEdit needs a Full Access token. A Create Only token can only"
            + " apply plans that only add keys and repos.",
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

  @ParameterizedTest
  @EnumSource(
      value = FailureKind.class,
      names = {"NONE", "NOT_FOUND", "INVALID_INPUT", "SERVER", "NETWORK", "UNKNOWN"})
  void givesNoAdviceWhereThereIsNone(FailureKind failure) {
    assertThat(ErrorClassifier.applyHint(Mutation.Kind.EDIT_REPO, failure)).isEmpty();
  }
}
