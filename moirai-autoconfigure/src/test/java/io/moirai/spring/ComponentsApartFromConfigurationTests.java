package io.moirai.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What applications use ({@code io.moirai.spring}) stands apart from the auto-configuration that
 * wires it ({@code io.moirai.autoconfigure}), as Boot keeps {@code org.springframework.boot.task}
 * apart from {@code ...autoconfigure.task}: the arrow points from the wiring to the components,
 * never back, so the components can be built by hand and the wiring can change freely.
 */
@AnalyzeClasses(packages = { "io.moirai.spring", "io.moirai.autoconfigure" },
        importOptions = ImportOption.DoNotIncludeTests.class)
class ComponentsApartFromConfigurationTests {

    @ArchTest
    static final ArchRule componentsDoNotDependOnTheAutoConfiguration = noClasses()
            .that().resideInAPackage("io.moirai.spring..")
            .should().dependOnClassesThat().resideInAPackage("io.moirai.autoconfigure..")
            .because("io.moirai.spring is what applications use; io.moirai.autoconfigure only wires it");
}
