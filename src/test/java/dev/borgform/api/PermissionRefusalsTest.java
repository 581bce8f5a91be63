package dev.borgform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.borgform.apply.FailureKind;
import dev.borgform.apply.KnownLevel;
import dev.borgform.apply.Mutation;
import dev.borgform.apply.MutationResult;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refusal for the token's level is known as one whatever the server's words: by its HTTP status,
 * its GraphQL error code, the level learned before anything was sent, or which kinds of mutation
 * this token had accepted. Against a scripted server (MockWebServer) whose words borgform has never
 * seen; words it does not know, with nothing else to go on, stay unclassified.
 */
class PermissionRefusalsTest {
  private MockWebServer server;
  private BorgBaseClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    client =
        new BorgBaseClient(
            http,
            Endpoint.parse(server.url("/graphql").toString()),
            Token.of("aaaa.bbbb.cccc-secret-token"),
            "borgform/test",
            ClientOptions.defaults().withTiming(new FakeTiming(), () -> 0.5));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private static final Mutation ADD = new Mutation.AddKey("a", "ssh-ed25519 AAAA a");
  private static final Mutation DELETE_KEY = new Mutation.DeleteKey("481");
  private static final Mutation DELETE_REPO = new Mutation.DeleteRepo("abcd1234");

  /** The probe answered as each level would be, in words borgform does not know. */
  static Stream<Arguments> probes() {
    return Stream.of(
        Arguments.of(
            "data: the token reads more than the lists",
            200,
            "{\"data\":{\"overageList\":[]}}",
            KnownLevel.READ_ONLY_OR_FULL_ACCESS),
        Arguments.of(
            "a refusal with a code, in unknown words",
            200,
            "{\"data\":{\"overageList\":null},\"errors\":[{\"message\":\"Nicht erlaubt.\","
                + "\"path\":[\"overageList\"],\"extensions\":{\"code\":\"FORBIDDEN\"}}]}",
            KnownLevel.CREATE_ONLY),
        Arguments.of(
            "HTTP 403, in unknown words",
            403,
            "{\"errors\":[{\"message\":\"Scope too narrow.\"}]}",
            KnownLevel.CREATE_ONLY),
        Arguments.of(
            "the words borgform knows",
            200,
            "{\"data\":{\"overageList\":null},\"errors\":[{\"message\":\"Permission denied\","
                + "\"path\":[\"overageList\"]}]}",
            KnownLevel.CREATE_ONLY),
        Arguments.of(
            "an error that is not known as a refusal: unknown, never Create Only by guess",
            200,
            "{\"data\":{\"overageList\":null},\"errors\":[{\"message\":\"Something broke.\","
                + "\"path\":[\"overageList\"]}]}",
            KnownLevel.UNKNOWN),
        Arguments.of(
            "a server error",
            502,
            "{\"errors\":[{\"message\":\"Bad Gateway\"}]}",
            KnownLevel.UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probes")
  void theLevelIsLearnedWithOneQueryAndNoChange(
      String name, int status, String body, KnownLevel expected) throws Exception {
    answer(status, body);
    assertThat(client.learnLevel()).isEqualTo(expected);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest().getBody().utf8())
        .contains("overageList")
        .doesNotContain("mutation");
  }

  private static String refusedFields(String words, String code, int... aliases) {
    StringBuilder data = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    for (int i : aliases) {
      if (data.length() > 0) data.append(',');
      data.append("\"m").append(i).append("\":null");
      if (errors.length() > 0) errors.append(',');
      errors
          .append("{\"message\":\"")
          .append(words.replace("#", String.valueOf(i)))
          .append("\",\"path\":[\"m")
          .append(i)
          .append("\"]")
          .append(code == null ? "" : ",\"extensions\":{\"code\":\"" + code + "\"}")
          .append('}');
    }
    return "{\"data\":{" + data + "},\"errors\":[" + errors + "]}";
  }

  private List<FailureKind> kinds(List<MutationResult> results) {
    return results.stream().map(MutationResult::failure).toList();
  }

  @Test
  void aCodeSaysPermissionWhateverTheWords() {
    answer(200, refusedFields("Vorgang abgelehnt.", "PERMISSION_DENIED", 0));
    assertThat(kinds(client.submit(List.of(DELETE_KEY)))).containsExactly(FailureKind.PERMISSION);
  }

  @Test
  void http403SaysPermissionWhateverTheWords() {
    answer(403, "{\"errors\":[{\"message\":\"No.\"}]}");
    assertThat(kinds(client.submit(List.of(DELETE_REPO)))).containsExactly(FailureKind.PERMISSION);
  }

  @Test
  void aLearnedCreateOnlyLevelMakesAnUnknownRefusalOfAnEditOrDeleteAPermissionRefusal() {
    answer(403, "{\"errors\":[{\"message\":\"Scope too narrow.\"}]}");
    assertThat(client.learnLevel()).isEqualTo(KnownLevel.CREATE_ONLY);
    answer(200, refusedFields("Operation not possible.", null, 0));
    assertThat(kinds(client.submit(List.of(DELETE_REPO)))).containsExactly(FailureKind.PERMISSION);
  }

  @Test
  void addsAcceptedAndEveryEditRefusedAlikeInOneRequestIsAPermissionRefusal() {
    answer(
        200,
        "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"9\"}},\"m1\":null,\"m2\":null},\"errors\":["
            + "{\"message\":\"Operation not possible.\",\"path\":[\"m1\"]},"
            + "{\"message\":\"Operation not possible.\",\"path\":[\"m2\"]}]}");
    assertThat(kinds(client.submit(List.of(ADD, DELETE_KEY, DELETE_REPO))))
        .containsExactly(FailureKind.NONE, FailureKind.PERMISSION, FailureKind.PERMISSION);
  }

  @Test
  void anAddAcceptedEarlierInTheRunCountsForALaterRequestsRefusals() {
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"9\"}}}}");
    assertThat(client.submit(List.of(ADD)).get(0).isApplied()).isTrue();
    answer(200, refusedFields("Operation not possible.", null, 0, 1));
    assertThat(kinds(client.submit(List.of(DELETE_KEY, DELETE_REPO))))
        .containsExactly(FailureKind.PERMISSION, FailureKind.PERMISSION);
  }

  @Test
  void unknownWordsWithNothingElseToGoOnStayUnknown() {
    answer(200, refusedFields("Operation not possible.", null, 0));
    assertThat(kinds(client.submit(List.of(DELETE_KEY)))).containsExactly(FailureKind.UNKNOWN);
  }

  @Test
  void editsRefusedEachInItsOwnWordsAfterAnAddAreNotTakenForALevel() {
    answer(200, "{\"data\":{\"m0\":{\"keyAdded\":{\"id\":\"9\"}}}}");
    client.submit(List.of(ADD));
    answer(200, refusedFields("Key # is in use.", null, 0, 1));
    assertThat(kinds(client.submit(List.of(DELETE_KEY, new Mutation.DeleteKey("482")))))
        .containsExactly(FailureKind.UNKNOWN, FailureKind.UNKNOWN);
  }

  @Test
  void anAddRefusedInUnknownWordsIsNotMadeAPermissionRefusalByTheLevel() {
    answer(403, "{\"errors\":[{\"message\":\"Scope too narrow.\"}]}");
    client.learnLevel();
    answer(200, refusedFields("Operation not possible.", null, 0));
    assertThat(kinds(client.submit(List.of(ADD)))).containsExactly(FailureKind.UNKNOWN);
  }
}
