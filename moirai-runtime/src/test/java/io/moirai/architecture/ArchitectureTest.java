package io.moirai.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The runtime's structural rules, checked on its main classes (tests excluded) at every build.
 *
 * <ul>
 *   <li>The runtime depends on the JDK alone, so that it can sit under any application without
 *       dragging in a library version that application must then live with.
 *   <li>Each package depends only on the packages below it. Today's arrows: {@code iter} uses
 *       {@code runtime}, {@code channel} and {@code simd}; {@code runtime} uses {@code topology};
 *       {@code concurrent}, {@code sync}, {@code channel}, {@code simd} and {@code topology} use
 *       no other Moirai package. The rules also allow the arrows ARCHITECTURE.md draws and the
 *       layering implies ({@code runtime} to {@code concurrent} and {@code sync}, {@code channel}
 *       to {@code concurrent} and {@code sync}, {@code sync} to {@code concurrent}), and nothing
 *       else: no package below {@code iter} knows the iterator, and the scheduler knows no
 *       channel.
 *   <li>The packages form no cycle, whatever the layers allow.
 *   <li>Only {@code io.moirai.simd} touches {@code jdk.incubator.vector}: the module requires it
 *       {@code static}, so a class elsewhere that named it would fail to link on every JVM started
 *       without {@code --add-modules jdk.incubator.vector}.
 *   <li>The public API, the public and protected members of the public types of the packages
 *       {@code module-info.java} exports, names only {@code java.*} types and other API types:
 *       no signature leaks a package-private class or an unexported package, which an application
 *       could then hold but not name (and which, on the class path, it could reach).
 *   <li>Implementation packages named {@code internal}, if any appear, are used from
 *       {@code io.moirai.runtime} and its subpackages alone.
 * </ul>
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest=ArchitectureTest}
 */
@AnalyzeClasses(packages = "io.moirai", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The packages {@code module-info.java} exports, read from the compiled descriptor. */
    private static final Set<String> EXPORTED = RuntimeModule.exportedPackages();

    @ArchTest
    static final ArchRule dependsOnTheJdkAlone = classes()
            .that().resideInAPackage("io.moirai..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jdk..", "io.moirai..")
            .because("moirai-runtime must run anywhere a JDK does, with no third-party library");

    @ArchTest
    static final ArchRule eachPackageDependsOnlyOnThePackagesBelowIt = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("iter").definedBy("io.moirai.iter..")
            .layer("runtime").definedBy("io.moirai.runtime..")
            .layer("channel").definedBy("io.moirai.channel..")
            .layer("sync").definedBy("io.moirai.sync..")
            .layer("concurrent").definedBy("io.moirai.concurrent..")
            .layer("simd").definedBy("io.moirai.simd..")
            .layer("topology").definedBy("io.moirai.topology..")
            .whereLayer("iter").mayNotBeAccessedByAnyLayer()
            .whereLayer("runtime").mayOnlyAccessLayers("concurrent", "sync", "topology")
            .whereLayer("channel").mayOnlyAccessLayers("concurrent", "sync")
            .whereLayer("sync").mayOnlyAccessLayers("concurrent")
            .whereLayer("concurrent").mayNotAccessAnyLayer()
            .whereLayer("simd").mayNotAccessAnyLayer()
            .whereLayer("topology").mayNotAccessAnyLayer();

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices()
            .matching("io.moirai.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlySimdTouchesTheVectorApi = noClasses()
            .that().resideOutsideOfPackage("io.moirai.simd..")
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
            .because("the module requires jdk.incubator.vector only static; io.moirai.simd loads its vector"
                    + " kernels by name after checking that the module is present");

    @ArchTest
    static final ArchRule theApiNamesOnlyJdkAndApiTypes = classes()
            .that(belongToTheApi())
            .should(nameOnlyJdkAndApiTypesInTheirApi())
            .because("an application can use only what it can name, and on the module path only what is exported");

    @ArchTest
    static final ArchRule internalPackagesStayInsideTheRuntime = classes()
            .that().resideInAPackage("..internal..")
            .should().onlyBeAccessed().byAnyPackage("io.moirai.runtime..")
            .because("internal packages are implementation details of io.moirai.runtime")
            .allowEmptyShould(true);

    private static DescribedPredicate<JavaClass> belongToTheApi() {
        return DescribedPredicate.describe("belong to the public API of the exported packages", ArchitectureTest::isApi);
    }

    /** A public (or, nested, protected) type of an exported package, inside API types only. */
    private static boolean isApi(JavaClass type) {
        if (!EXPORTED.contains(type.getPackageName()) || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        Set<JavaModifier> modifiers = type.getModifiers();
        boolean visible = modifiers.contains(JavaModifier.PUBLIC)
                || (!type.isTopLevelClass() && modifiers.contains(JavaModifier.PROTECTED));
        return visible && type.getEnclosingClass().map(ArchitectureTest::isApi).orElse(true);
    }

    private static ArchCondition<JavaClass> nameOnlyJdkAndApiTypesInTheirApi() {
        return new ArchCondition<>("name only java.* types and API types in their public and protected signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (String leak : leaks(type)) {
                    events.add(SimpleConditionEvent.violated(type, leak));
                }
            }
        };
    }

    /** Each type a signature of {@code type}'s API names that is neither from the JDK nor API. */
    private static List<String> leaks(JavaClass type) {
        List<String> leaks = new ArrayList<>();
        for (JavaType supertype : type.getInterfaces()) {
            check(type.getFullName() + " implements", supertype.getAllInvolvedRawTypes(), leaks);
        }
        for (JavaTypeVariable<JavaClass> parameter : type.getTypeParameters()) {
            check(type.getFullName() + "<" + parameter.getName() + ">", parameter.getAllInvolvedRawTypes(), leaks);
        }
        // the public members of a package-private superclass (a padding chain, say) are API too
        for (JavaClass declaring = type; declaring != null && !(declaring != type && isApi(declaring))
                && declaring.getPackageName().startsWith("io.moirai."); declaring = declaring.getRawSuperclass().orElse(null)) {
            for (JavaField field : declaring.getFields()) {
                if (visible(field)) {
                    check(field.getFullName(), field.getType().getAllInvolvedRawTypes(), leaks);
                }
            }
            for (JavaCodeUnit member : declaring.getCodeUnits()) {
                if (visible(member) && !member.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    check(member.getFullName(), member.getAllInvolvedRawTypes(), leaks);
                }
            }
        }
        return leaks;
    }

    private static boolean visible(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void check(String where, Set<JavaClass> named, List<String> leaks) {
        for (JavaClass type : named) {
            JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
            if (!base.isPrimitive() && !base.getPackageName().startsWith("java.") && !isApi(base)) {
                leaks.add(where + " names " + base.getFullName() + ", which is not API");
            }
        }
    }
}
