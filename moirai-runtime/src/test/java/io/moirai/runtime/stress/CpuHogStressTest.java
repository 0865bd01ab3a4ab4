package io.moirai.runtime.stress;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole stress suite again while {@link CpuHog} spins on every core, so that the runtime's
 * threads lose the CPU at arbitrary points of their protocols. Tagged {@code long}: left out by
 * default, run by the {@code long} profile with {@code items / moirai.stress.hog.divisor} tasks
 * per scenario (2.5 * 10^6 with {@code -Plong}). Every wait is on a condition, so preemption
 * slows these tests down but cannot fail them.
 *
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Plong -Dtest='io.moirai.runtime.stress.CpuHogStressTest'
 * </pre>
 */
@Tag("long")
class CpuHogStressTest {

    static List<OutcomeScenario.Variant> variants() {
        return OutcomeScenario.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyTaskEndsExactlyOnceUnderACpuHog(OutcomeScenario.Variant variant) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: %s with seed %d%n", getClass().getSimpleName(), variant, seed);
        try (CpuHog hog = CpuHog.start()) {
            OutcomeScenario.run(variant, StressSizes.hogItems() / variants().size(), seed);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void everyBurstIntoAParkedPoolRunsUnderACpuHog(int parallelism) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: wake-up at parallelism %d with seed %d%n", getClass().getSimpleName(), parallelism, seed);
        try (CpuHog hog = CpuHog.start()) {
            WakeUpScenario.run(parallelism, (int) Math.max(100L, StressSizes.hogItems() / 200L), seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ControlScenario.Mode.class)
    void nothingIsLostUnderControlAndACpuHog(ControlScenario.Mode mode) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: %s with seed %d%n", getClass().getSimpleName(), mode, seed);
        try (CpuHog hog = CpuHog.start()) {
            ControlScenario.run(mode, StressSizes.hogItems() / ControlScenario.Mode.values().length, seed);
        }
    }
}
