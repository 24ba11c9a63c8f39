package io.riskwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layout tells the data flow; these rules keep it honest. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.riskwatch");

    @Test
    void theModelIsPlainJava() {
        noClasses()
                .that()
                .resideInAPackage("io.riskwatch.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..", "io.riskwatch.state..", "io.riskwatch.detect..", "io.riskwatch.job..")
                .check(CLASSES);
    }

    @Test
    void detectorsKnowNothingOfSourcesSinksKafkaOrRedis() {
        noClasses()
                .that()
                .resideInAPackage("io.riskwatch.detect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.riskwatch.source..",
                        "io.riskwatch.sink..",
                        "io.riskwatch.job..",
                        "io.riskwatch.topology..",
                        "org.apache.kafka..",
                        "io.lettuce..")
                .check(CLASSES);
    }

    @Test
    void onlyTheJobPackageChoosesSourcesAndSinks() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.riskwatch.parse..",
                        "io.riskwatch.state..",
                        "io.riskwatch.detect..",
                        "io.riskwatch.rule..",
                        "io.riskwatch.scope..",
                        "io.riskwatch.topology..",
                        "io.riskwatch.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.riskwatch.source..", "io.riskwatch.sink..", "io.riskwatch.job..")
                .check(CLASSES);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        // every package is its own slice (io.riskwatch.alert and io.riskwatch.alert.route are two)
        slices().matching("io.riskwatch.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theRuleModelKnowsNoRuleAndNoOperator() {
        noClasses()
                .that()
                .resideInAPackage("io.riskwatch.rule..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.riskwatch.detect..",
                        "io.riskwatch.scope..",
                        "io.riskwatch.topology..",
                        "io.riskwatch.config..",
                        "io.riskwatch.job..")
                .check(CLASSES);
    }

    @Test
    void nobodyUsesFlinksShadedJackson() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink.shaded..")
                .check(CLASSES);
    }
}
