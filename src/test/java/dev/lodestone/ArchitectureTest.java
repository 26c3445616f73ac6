package dev.lodestone;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import jakarta.ws.rs.Path;
import java.util.Set;

/**
 * The floors of the house, checked on the main classes: platform → shopper kernel → features →
 * engine (the composition root). docs/architecture.md ("Packages") says why each rule exists. The
 * rules are methods, not {@code @ArchTest} fields: Surefire 3.5.3 does not run fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = ArchitectureTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String ROOT = "dev.lodestone";
    private static final String PLATFORM = ROOT + ".platform..";
    private static final String KERNEL = ROOT + ".shopper..";
    private static final String ENGINE = ROOT + ".engine..";
    private static final String EVAL = ROOT + ".eval..";

    /** Top-level packages that are not features; every other one is. */
    private static final Set<String> NOT_FEATURES = Set.of("platform", "shopper", "engine", "eval");

    private static final DescribedPredicate<JavaClass> IN_A_FEATURE =
            describe("reside in a feature package", c -> isFeature(topLevelPackage(c)));

    private static final DescribedPredicate<JavaClass> ANY_ENGINE_CLASS = resideInAPackage(ROOT + "..");

    /** One slice per feature; the platform, kernel, engine, eval and root classes belong to none. */
    private static final SliceAssignment FEATURES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String feature = topLevelPackage(javaClass);
            return isFeature(feature) ? SliceIdentifier.of(feature) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "features of " + ROOT;
        }
    };

    private static final DescribedPredicate<JavaClass> JAX_RS_RESOURCES = describe(
            "are JAX-RS resources (@Path on the class or a method)",
            c -> c.isAnnotatedWith(Path.class) || c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(Path.class)));

    @ArchTest
    static void platformDependsOnNoFeature(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage(PLATFORM)
                .should()
                .dependOnClassesThat(ANY_ENGINE_CLASS
                        .and(resideOutsideOfPackages(PLATFORM))
                        .as("are in a feature, the shopper kernel, the engine or the root package"))
                .because("platform is the ground floor: every feature builds on it, it knows none of them")
                .check(classes);
    }

    @ArchTest
    static void kernelDependsOnlyOnPlatform(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage(KERNEL)
                .should()
                .dependOnClassesThat(ANY_ENGINE_CLASS
                        .and(resideOutsideOfPackages(KERNEL, PLATFORM))
                        .as("are in a feature, the engine or the root package"))
                .because("the shopper kernel is what every feature shares, so it can depend on none of them")
                .check(classes);
    }

    @ArchTest
    static void featuresAreFreeOfCycles(JavaClasses classes) {
        slices().assignedFrom(FEATURES)
                .should()
                .beFreeOfCycles()
                .because("a feature may read another's topics or records, never the other way round as well")
                .check(classes);
    }

    @ArchTest
    static void featuresDoNotDependOnTheEngine(JavaClasses classes) {
        noClasses()
                .that(IN_A_FEATURE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ENGINE)
                .because("the engine composes the features; a feature takes what it needs as arguments")
                .check(classes);
    }

    @ArchTest
    static void onlyTheEngineDependsOnTheEngine(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackages(ENGINE, EVAL)
                .and()
                .doNotHaveFullyQualifiedName(LodestoneMain.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ENGINE)
                .because("the composition root sits on top: only it, the offline replay and the entry point use it")
                .check(classes);
    }

    @ArchTest
    static void resourcesLiveInApiPackages(JavaClasses classes) {
        classes()
                .that(JAX_RS_RESOURCES)
                .should()
                .resideInAPackage(ROOT + ".*.api")
                .because("HTTP stays in each feature's api package, so a feature's endpoints are found in one place")
                .check(classes);
    }

    @ArchTest
    static void streamsDoNotDependOnApi(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage(ROOT + "..streams..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + "..api..")
                .because("the topology computes from topics alone; HTTP stays in the resources")
                .check(classes);
    }

    /** The first package segment under the root ({@code ""} for a class in the root package itself). */
    private static String topLevelPackage(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        if (!pkg.startsWith(ROOT + ".")) {
            return "";
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean isFeature(String topLevelPackage) {
        return !topLevelPackage.isEmpty() && !NOT_FEATURES.contains(topLevelPackage);
    }
}
