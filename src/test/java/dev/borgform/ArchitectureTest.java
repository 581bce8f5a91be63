package dev.borgform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DEVELOPERS.md, enforced: the plan is data, the planner is pure, the executor
 * talks to a port, rendering reads plans only, the wire format stays in api, and the emulator
 * stands alone.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.borgform");
  }

  private static String[] borgform(String... packages) {
    String[] out = new String[packages.length];
    for (int i = 0; i < packages.length; i++) out[i] = "dev.borgform." + packages[i] + "..";
    return out;
  }

  @Test
  void modelAndDiagDependOnNothingElse() {
    noClasses()
        .that()
        .resideInAnyPackage(borgform("model", "diag"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform(
                "doctor",
                "cli",
                "spec",
                "live",
                "api",
                "plan",
                "planner",
                "planfile",
                "apply",
                "render",
                "emulator",
                "reconcile"))
        .check(classes);
  }

  @Test
  void planIsDataOverTheModel() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.plan..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform(
                "cli",
                "spec",
                "live",
                "api",
                "planner",
                "planfile",
                "apply",
                "render",
                "emulator",
                "reconcile"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml..", "org.yaml..", "java.io..", "java.nio.file..")
        .check(classes);
  }

  /** The plan document is a format of the plan: it knows plans and the model, nothing of I/O. */
  @Test
  void planFileCodecKnowsOnlyThePlan() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.planfile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform("cli", "spec", "live", "api", "planner", "apply", "render", "emulator"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "org.yaml..", "java.nio.file..")
        .check(classes);
  }

  /**
   * Jackson is for the wire (api, emulator), the plan document and the doctor's report document;
   * the domain stays free of it.
   */
  @Test
  void jsonStaysInTheApiTheEmulatorAndThePlanDocument() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "dev.borgform.api..",
            "dev.borgform.emulator..",
            "dev.borgform.planfile..",
            "dev.borgform.doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml..")
        .check(classes);
  }

  /** The doctor's report is data (and its JSON document): it knows nothing of who fills it in. */
  @Test
  void doctorReportIsDataOverDiag() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform(
                "cli",
                "spec",
                "model",
                "live",
                "api",
                "plan",
                "planner",
                "planfile",
                "apply",
                "render",
                "emulator",
                "reconcile"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "graphql..", "org.yaml..", "java.nio.file..")
        .check(classes);
  }

  @Test
  void plannerIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.planner..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform("cli", "spec", "api", "apply", "render", "planfile", "emulator", "reconcile"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.io..",
            "java.net..",
            "java.nio.file..",
            "okhttp3..",
            "com.fasterxml..",
            "org.yaml..")
        .check(classes);
  }

  @Test
  void executorKnowsOnlyThePlanAndItsPort() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.apply..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform(
                "cli", "spec", "api", "planner", "planfile", "render", "emulator", "reconcile"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "com.fasterxml..")
        .check(classes);
  }

  /**
   * Re-planning after an unknown outcome needs the planner and the executor together; only this
   * package joins them, through the ports, never the wire format, files or the terminal.
   */
  @Test
  void reconcileJoinsPlannerAndExecutorThroughThePorts() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.reconcile..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(borgform("cli", "spec", "api", "planfile", "render", "emulator"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "okhttp3..", "com.fasterxml..", "org.yaml..", "java.io..", "java.nio.file..")
        .check(classes);
  }

  @Test
  void renderingReadsPlansNotTheWorld() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.render..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(borgform("cli", "spec", "api", "planner", "emulator", "reconcile"))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..")
        .check(classes);
  }

  @Test
  void theWireFormatStaysInTheApiClient() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.borgform.api..", "dev.borgform.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("okhttp3..", "graphql..")
        .check(classes);
  }

  @Test
  void yamlStaysInTheSpecPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.borgform.spec..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.yaml..")
        .check(classes);
  }

  @Test
  void emulatorStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            borgform(
                "cli",
                "doctor",
                "spec",
                "model",
                "diag",
                "live",
                "api",
                "plan",
                "planner",
                "planfile",
                "apply",
                "render"))
        .check(classes);
  }

  @Test
  void onlyTheCliWiresThingsTogether() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.borgform.cli..", "dev.borgform")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.borgform.cli..")
        .check(classes);
  }
}
