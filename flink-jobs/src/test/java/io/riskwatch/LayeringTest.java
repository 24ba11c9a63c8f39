package io.riskwatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
        noClasses().that().resideInAPackage("io.riskwatch.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "io.riskwatch.state..",
                        "io.riskwatch.detect..", "io.riskwatch.job..")
                .check(CLASSES);
    }

    @Test
    void detectorsKnowNothingOfSourcesSinksKafkaOrRedis() {
        noClasses().that().resideInAPackage("io.riskwatch.detect..")
                .should().dependOnClassesThat().resideInAnyPackage("io.riskwatch.source..", "io.riskwatch.sink..",
                        "io.riskwatch.job..", "io.riskwatch.topology..", "org.apache.kafka..", "io.lettuce..")
                .check(CLASSES);
    }

    @Test
    void onlyTheJobPackageChoosesSourcesAndSinks() {
        noClasses().that().resideInAnyPackage("io.riskwatch.parse..", "io.riskwatch.state..", "io.riskwatch.detect..",
                        "io.riskwatch.topology..", "io.riskwatch.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.riskwatch.source..", "io.riskwatch.sink..",
                        "io.riskwatch.job..")
                .check(CLASSES);
    }

    @Test
    void nobodyUsesFlinksShadedJackson() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink.shaded..").check(CLASSES);
    }
}
