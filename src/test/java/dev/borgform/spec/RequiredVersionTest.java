package dev.borgform.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.borgform.diag.Diagnostic;
import dev.borgform.diag.DiagnosticsException;
import dev.borgform.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code requiredVersion}: Terraform's constraint operators, and what a spec outside gets. */
class RequiredVersionTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "\"{0}\" with borgform {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        ">= 0.1, < 0.2   | 0.1.0          | true",
        ">= 0.1, < 0.2   | 0.1.9          | true",
        ">= 0.1, < 0.2   | 0.2.0          | false",
        ">= 0.1, < 0.2   | 0.0.9          | false",
        "0.1.0           | 0.1.0          | true",
        "= 0.1           | 0.1.0          | true",
        "= 0.1           | 0.1.1          | false",
        "!= 0.1.3        | 0.1.3          | false",
        "!= 0.1.3        | 0.1.4          | true",
        "> 0.1           | 0.1.0          | false",
        "> 0.1           | 0.1.1          | true",
        "<= 0.1.2        | 0.1.2          | true",
        "<= 0.1.2        | 0.1.3          | false",
        "< 1             | 0.99.99        | true",
        "~> 0.1          | 0.1.0          | true",
        "~> 0.1          | 0.9.4          | true",
        "~> 0.1          | 1.0.0          | false",
        "~> 0.1          | 0.0.9          | false",
        "~> 0.1.2        | 0.1.2          | true",
        "~> 0.1.2        | 0.1.17         | true",
        "~> 0.1.2        | 0.2.0          | false",
        "~> 0.1.2        | 0.1.1          | false",
        "~> 1            | 7.0.0          | true",
        "~> 1            | 0.9.0          | false",
        ">=0.1,<0.2      | 0.1.5          | true",
        // A development build counts as the release it leads to.
        ">= 0.1, < 0.2   | 0.1.0-SNAPSHOT | true",
        ">= 0.2          | 0.1.0-SNAPSHOT | false",
        // A build that does not know its version is not held back.
        ">= 9            | unknown        | true",
      })
  void constraintsAllowWhatTerraformsWould(String constraint, String version, boolean allowed) {
    assertThat(VersionConstraint.parse(constraint.strip()).allows(version.strip()))
        .isEqualTo(allowed);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                 | it is empty",
        "'>= 0.1,'          | it has an empty part between commas",
        "'>= 0.1 < 0.2'     | \">= 0.1 < 0.2\" is not an operator and a version",
        "'=> 0.1'           | \"=> 0.1\" is not an operator and a version",
        "'>= 0.1.2.3'       | \">= 0.1.2.3\" is not an operator and a version",
        "'>= v0.1'          | \">= v0.1\" is not an operator and a version",
        "'latest'           | \"latest\" is not an operator and a version",
        "'>= 0.1-beta'      | \">= 0.1-beta\" is not an operator and a version",
      })
  void malformedConstraintsSayWhichPartIsWrong(String constraint, String message) {
    assertThatThrownBy(() -> VersionConstraint.parse(constraint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message.strip());
  }

  private String problems(String yaml, String version) throws IOException {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, yaml);
    try {
      new SpecLoader(Map.of(), version).load(f, "spec.yaml");
    } catch (DiagnosticsException e) {
      return e.diagnostics().stream().map(RequiredVersionTest::line).collect(Collectors.joining());
    }
    return "";
  }

  private static String line(Diagnostic d) {
    return d.pos().file()
        + ":"
        + d.pos().line()
        + ":"
        + d.pos().column()
        + ": "
        + d.summary()
        + "\n  "
        + d.detail()
        + "\n";
  }

  @Test
  void aSpecForAnotherBorgformNamesBothVersionsAndNothingElse() throws IOException {
    String spec =
        """
        version: 1
        requiredVersion: ">= 0.2, < 0.3"
        fieldOfANewerBorgform: true
        repos: [{name: web-01, region: mars}]
        """;
    assertThat(problems(spec, "0.1.0"))
        .isEqualTo(
            "spec.yaml:2:18: this spec requires borgform \">= 0.2, < 0.3\", and this is borgform"
                + " 0.1.0\n"
                + "  Run a borgform that requiredVersion allows (docs/install.md installs a given"
                + " version), or change requiredVersion.\n");
    assertThat(problems(spec.replace(">= 0.2, < 0.3", "~> 0.1"), "0.1.0"))
        .as("the same spec, allowed: the other problems show")
        .contains("fieldOfANewerBorgform")
        .contains("mars")
        .doesNotContain("requires borgform");
  }

  @Test
  void aMalformedConstraintIsASpecErrorAndTheRestIsStillChecked() throws IOException {
    assertThat(
            problems(
                "version: 1\nrequiredVersion: \">= 0.1 <\"\nrepos: [{name: w, region: mars}]\n",
                "0.1.0"))
        .startsWith(
            "spec.yaml:2:18: requiredVersion \">= 0.1 <\" is not a version constraint: \">= 0.1"
                + " <\" is not an operator and a version\n"
                + "  Join comparisons with commas, e.g. `requiredVersion: \">= 0.1, < 0.2\"`; the"
                + " operators are =, !=, >, >=, <, <= and ~> (docs/spec.md).\n")
        .contains("mars");
    assertThat(problems("version: 1\nrequiredVersion: 0.1\n", "0.1.0"))
        .startsWith("spec.yaml:2:18: requiredVersion must be text, not a decimal number\n");
    assertThat(problems("version: 1\nrequiredVersion: [0.1]\n", "0.1.0"))
        .startsWith("spec.yaml:2:18: requiredVersion must be text, not a list\n");
  }

  @Test
  void eachFileOfAFolderIsChecked() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("specs"));
    Files.writeString(folder.resolve("a.yaml"), "version: 1\nrequiredVersion: \"~> 0.1\"\n");
    Files.writeString(folder.resolve("b.yaml"), "version: 1\nrequiredVersion: \">= 0.3\"\n");
    assertThatThrownBy(() -> new SpecLoader(Map.of(), "0.1.2").load(folder, "specs"))
        .isInstanceOfSatisfying(
            DiagnosticsException.class,
            e ->
                assertThat(e.diagnostics())
                    .singleElement()
                    .satisfies(d -> assertThat(d.pos().file()).isEqualTo("specs/b.yaml")));
  }

  @Test
  void throughTheCliASpecOutsideTheRangeExits65NamingBothVersions() throws IOException {
    Path f = dir.resolve("borgbase.yaml");
    Files.writeString(f, "version: 1\nrequiredVersion: \"< 0.0.1\"\n");
    CliRun.Result r = CliRun.run(Map.of(), "validate", "-f", f.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(65);
    assertThat(r.err())
        .startsWith(
            f + ":2:18: error: this spec requires borgform \"< 0.0.1\", and this is borgform ")
        .doesNotContain("\tat ");
    assertThat(CliRun.run(Map.of(), "--version").out())
        .as("the version the error names is this borgform's")
        .startsWith("borgform " + r.err().split("this is borgform ")[1].lines().findFirst().get());

    Files.writeString(f, "version: 1\nrequiredVersion: \">= 0.1, < 1.0\"\n");
    CliRun.Result ok = CliRun.run(Map.of(), "validate", "-f", f.toString());
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
  }
}
