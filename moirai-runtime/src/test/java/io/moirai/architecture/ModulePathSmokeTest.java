package io.moirai.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandles;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime as a named module. The other tests run on the class path, as Spring Boot
 * applications use the runtime; this one defines {@code io.moirai.runtime} from the compiled
 * classes in a module layer of its own, so what it loads is the module, not the class-path copy,
 * and checks the descriptor, the border and that a runtime from the module runs a task.
 *
 * <p>It runs in both surefire executions: without {@code --add-modules jdk.incubator.vector}
 * (the module's {@code requires static} goes unresolved and SIMD takes its scalar path) and with
 * it (the module reads the Vector API and SIMD takes the vector path).
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest=ModulePathSmokeTest}
 */
class ModulePathSmokeTest {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The packages of ARCHITECTURE.md's table: the whole public API. */
    static final Set<String> API_PACKAGES = Set.of("io.moirai.runtime", "io.moirai.concurrent", "io.moirai.sync",
            "io.moirai.channel", "io.moirai.iter", "io.moirai.simd", "io.moirai.topology");

    private static Module module;

    @BeforeAll
    static void defineTheModuleInALayerOfItsOwn() {
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration()
                .resolve(ModuleFinder.of(RuntimeModule.location()), ModuleFinder.of(), Set.of(RuntimeModule.NAME));
        ModuleLayer layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        module = layer.findModule(RuntimeModule.NAME).orElseThrow();
    }

    @Test
    void theDescriptorExportsTheSevenApiPackagesToEveryoneAndOpensNothing() {
        ModuleDescriptor descriptor = module.getDescriptor();

        assertThat(descriptor.exports()).noneMatch(Exports::isQualified)
                .extracting(Exports::source).containsExactlyInAnyOrderElementsOf(API_PACKAGES);
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void everyPackageOutsideTheApiIsInternal() {
        Set<String> hidden = new HashSet<>(module.getDescriptor().packages());
        hidden.removeAll(API_PACKAGES);

        assertThat(hidden).allMatch(name -> name.endsWith(".internal") || name.contains(".internal."));
        assertThat(hidden).noneMatch(module::isExported);
    }

    @Test
    void itNeedsTheJdkAloneAndTheVectorApiOnlyOptionally() {
        Map<String, Set<Requires.Modifier>> requires = module.getDescriptor().requires().stream()
                .collect(Collectors.toMap(Requires::name, Requires::modifiers));

        assertThat(requires).containsOnlyKeys("java.base", "java.management", VECTOR_MODULE);
        assertThat(requires.get(VECTOR_MODULE)).containsExactly(Requires.Modifier.STATIC);
        assertThat(requires.get("java.management")).isEmpty();
    }

    @Test
    void theWorkersInternalsCannotBeReachedFromOutside() throws ClassNotFoundException {
        for (String internal : new String[] {"io.moirai.runtime.WorkStealingDeque", "io.moirai.runtime.Affinity"}) {
            Class<?> type = Class.forName(internal, false, module.getClassLoader());
            assertThatExceptionOfType(IllegalAccessException.class).as(internal)
                    .isThrownBy(() -> MethodHandles.publicLookup().accessClass(type));
        }
    }

    @Test
    void aRuntimeFromTheModuleRunsATaskToCompletion() throws Exception {
        Class<?> type = Class.forName("io.moirai.runtime.MoiraiRuntime", true, module.getClassLoader());
        assertThat(type.getModule()).isSameAs(module);
        Object builder = type.getMethod("builder").invoke(null);
        Method parallelism = builder.getClass().getMethod("parallelism", int.class);
        Method build = builder.getClass().getMethod("build");

        try (ExecutorService runtime = (ExecutorService) build.invoke(parallelism.invoke(builder, 1))) {
            String thread = runtime.submit(() -> Thread.currentThread().getName()).get(20, TimeUnit.SECONDS);

            assertThat(thread).startsWith("moirai-");
            runtime.shutdown();
            assertThat(runtime.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void simdFromTheModuleTakesThePathTheJvmAllows() throws Exception {
        String expected = System.getProperty("moirai.simd.expectVectorized");
        assumeTrue(expected != null, "moirai.simd.expectVectorized is set by the build's surefire executions");
        Class<?> simd = Class.forName("io.moirai.simd.Simd", true, module.getClassLoader());
        float[] values = new float[1000];
        Arrays.fill(values, 0.5f);

        assertThat(ModuleLayer.boot().findModule(VECTOR_MODULE).map(module::canRead).orElse(false))
                .isEqualTo(Boolean.parseBoolean(expected));
        assertThat(simd.getMethod("isVectorized").invoke(null)).isEqualTo(Boolean.parseBoolean(expected));
        assertThat(simd.getMethod("sum", float[].class).invoke(null, (Object) values)).isEqualTo(500f);
    }
}
