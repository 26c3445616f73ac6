package dev.lodestone.support;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** Topology tests run the production topology under the engine's settings: one harness builds every driver. */
class TopologyHarnessRuleTest {

    @Test
    void shouldBuildEveryTopologyTestDriverInTheHarness() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.lodestone");
        noClasses()
                .that()
                .doNotBelongToAnyOf(TopologyHarness.class)
                .should()
                .callConstructorWhere(describe(
                        "it builds a TopologyTestDriver",
                        call -> call.getTargetOwner().isEquivalentTo(TopologyTestDriver.class)))
                .because("a test that builds its own driver runs without the engine's exception handlers and settings")
                .check(tests);
    }
}
