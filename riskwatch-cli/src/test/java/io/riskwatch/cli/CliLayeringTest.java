package io.riskwatch.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The whole system as bin/riskwatch runs it: the CLI's packages and everything below them. */
class CliLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // flink-jobs' test kit
            .importPackages("io.riskwatch");

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.riskwatch.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheCliKnowsTheCli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.riskwatch.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.riskwatch.cli..")
                .check(CLASSES);
    }
}
