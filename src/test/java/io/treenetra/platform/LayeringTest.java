package io.treenetra.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the rooms of the code run one way: platform depends on no capability, and no
 * two capabilities depend on each other in a circle.
 */
class LayeringTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.treenetra");
  }

  @Test
  void platformDependsOnNoCapability() {
    noClasses()
        .that()
        .resideInAPackage("io.treenetra.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.treenetra.analytics..",
            "io.treenetra.audit..",
            "io.treenetra.auth..",
            "io.treenetra.image..",
            "io.treenetra.imports..",
            "io.treenetra.inspection..",
            "io.treenetra.job..",
            "io.treenetra.species..",
            "io.treenetra.tree..")
        .check(classes);
  }

  @Test
  void capabilitiesHaveNoCycles() {
    slices().matching("io.treenetra.(*)..").should().beFreeOfCycles().check(classes);
  }
}
