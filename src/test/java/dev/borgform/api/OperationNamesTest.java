package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.Mutation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The GraphQL operation of each kind of mutation: spelled in api only, as BorgBase names them. */
class OperationNamesTest {
  @ParameterizedTest
  @CsvSource({
    "ADD_KEY, sshAdd, true",
    "DELETE_KEY, sshDelete, false",
    "ADD_REPO, repoAdd, true",
    "EDIT_REPO, repoEdit, false",
    "DELETE_REPO, repoDelete, false"
  })
  void eachKindHasItsOperation(Mutation.Kind kind, String operation, boolean adds) {
    assertThat(BorgBaseClient.operationName(kind)).isEqualTo(operation);
    assertThat(kind.adds()).isEqualTo(adds);
  }
}
