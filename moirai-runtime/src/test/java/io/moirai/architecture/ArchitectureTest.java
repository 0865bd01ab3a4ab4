package io.moirai.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The runtime's structural rules, checked on its main classes (tests excluded) at every build.
 *
 * <ul>
 *   <li>The runtime depends on the JDK alone, so that it can sit under any application without
 *       dragging in a library version that application must then live with.
 *   <li>Its packages form no cycle: the arrows point one way ({@code iter} to {@code runtime} to
 *       {@code concurrent}, {@code sync} and {@code topology}).
 *   <li>Implementation packages named {@code internal} are used from {@code io.moirai.runtime}
 *       and its subpackages alone; the other packages see the scheduler through its public API.
 * </ul>
 */
@AnalyzeClasses(packages = "io.moirai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependsOnTheJdkAlone = classes()
            .that().resideInAPackage("io.moirai..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jdk..", "io.moirai..")
            .because("moirai-runtime must run anywhere a JDK does, with no third-party library");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices()
            .matching("io.moirai.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule internalPackagesStayInsideTheRuntime = classes()
            .that().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("io.moirai.runtime..")
            .because("internal packages are implementation details of io.moirai.runtime")
            .allowEmptyShould(true);
}
