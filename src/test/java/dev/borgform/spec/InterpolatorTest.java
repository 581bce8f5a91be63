package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Default-deny interpolation as a table: only BORGFORM_ variables are read; any other name is
 * refused before the environment is looked at (set or not, the same words); the token is never
 * read, under its own name or copied into a BORGFORM_ variable; no problem ever quotes a value.
 */
class InterpolatorTest {
  static final String TOKEN = "eyJ0eXAi.token-for-the-table.sig";

  static final Map<String, String> ENV =
      Map.of(
          "BORGFORM_SITE", "berlin",
          "BORGFORM_EMPTY", "",
          "BORGFORM_TOKEN_COPY", TOKEN,
          "BORGFORM_TOKEN_INSIDE", "prefix-" + TOKEN + "-suffix",
          "BORGBASE_TOKEN", TOKEN,
          "CI_SECRET", "ci-secret-value",
          "borgform_site", "lower-case-is-another-name");

  static Stream<Arguments> table() {
    return Stream.of(
        ok("no reference", "web-01", "web-01"),
        ok("a BORGFORM_ variable", "web-${BORGFORM_SITE}", "web-berlin"),
        ok("twice", "${BORGFORM_SITE}/${BORGFORM_SITE}", "berlin/berlin"),
        ok("an empty BORGFORM_ variable is a value", "x${BORGFORM_EMPTY}y", "xy"),
        ok(
            "$${ is a literal",
            "$${CI_SECRET} and $${BORGFORM_SITE}",
            "${CI_SECRET} and ${BORGFORM_SITE}"),
        ok("a lone $ is text", "cost: 5$ {x}", "cost: 5$ {x}"),
        refused(
            "another variable, set",
            "web-${CI_SECRET}",
            "${CI_SECRET} cannot be used: a spec reads only environment variables whose names"
                + " start with BORGFORM_"),
        refused(
            "another variable, unset: the same words",
            "web-${NOT_SET_ANYWHERE}",
            "${NOT_SET_ANYWHERE} cannot be used: a spec reads only environment variables whose"
                + " names start with BORGFORM_"),
        refused(
            "the prefix in lower case is another name",
            "${borgform_site}",
            "${borgform_site} cannot be used: a spec reads only environment variables whose names"
                + " start with BORGFORM_"),
        refused(
            "the token's own variable",
            "${BORGBASE_TOKEN}",
            "${BORGBASE_TOKEN} is the API token, which a spec can never use"),
        refused(
            "a BORGFORM_ copy of the token",
            "k-${BORGFORM_TOKEN_COPY}",
            "environment variable BORGFORM_TOKEN_COPY holds the API token, which a spec can never"
                + " use"),
        refused(
            "a BORGFORM_ variable with the token inside",
            "${BORGFORM_TOKEN_INSIDE}",
            "environment variable BORGFORM_TOKEN_INSIDE holds the API token, which a spec can never"
                + " use"),
        refused(
            "a BORGFORM_ variable that is not set",
            "${BORGFORM_MISSING}",
            "environment variable BORGFORM_MISSING is not set"),
        refused("a bad name", "${1X}", "\"${1X}\" is not a valid variable reference"),
        refused("unclosed", "web-${BORGFORM_SITE", "a \"${\" has no closing \"}\""),
        refused(
            "the first problem in the text is reported",
            "${BORGFORM_SITE}-${CI_SECRET}-${BORGBASE_TOKEN}",
            "${CI_SECRET} cannot be used: a spec reads only environment variables whose names"
                + " start with BORGFORM_"));
  }

  private static Arguments ok(String what, String text, String value) {
    return Arguments.of(what, text, value, null);
  }

  private static Arguments refused(String what, String text, String problem) {
    return Arguments.of(what, text, null, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void interpolates(String what, String text, String value, String problem) {
    Interpolator.Result r = new Interpolator(ENV, List.of(TOKEN)).apply(text);
    assertThat(r.value()).isEqualTo(value);
    assertThat(r.problem()).isEqualTo(problem);
    if (problem != null) {
      String said = r.problem() + " " + r.problemDetail();
      for (String secret : List.of(TOKEN, "ci-secret-value", "lower-case-is-another-name")) {
        assertThat(said).as("a problem never quotes a value").doesNotContain(secret);
      }
    }
  }
}
