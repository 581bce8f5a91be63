package dev.borgform.emulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The emulator is self-contained: it must run with no other borgform code (DEVELOPERS.md, package
 * rules).
 */
class ArchitectureTest {
  @Test
  void emulatorDependsOnNothingElseInBorgform() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.borgform");
    noClasses()
        .that()
        .resideInAPackage("dev.borgform.emulator..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.and(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                    "dev.borgform.."),
                com.tngtech.archunit.base.DescribedPredicate.not(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                        "dev.borgform.emulator.."))))
        .check(classes);
  }
}
