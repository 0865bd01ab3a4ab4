package io.moirai.runtime.stress;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No lost task: 10^6 tasks by default (10^7 with {@code -Plong}), shared among the variants of
 * {@link OutcomeScenario}, each variant a runtime shut down (or stopped) while four threads
 * submit. See {@link OutcomeScenario} for what is counted and how.
 *
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Dtest='io.moirai.runtime.stress.**'
 * ./mvnw -q -pl moirai-runtime test -Plong -Dtest='io.moirai.runtime.stress.**'
 * </pre>
 * {@code -Dmoirai.stress.seed=N} replays the random choices of a failed run.
 */
class TaskOutcomeStressTest {

    static List<OutcomeScenario.Variant> variants() {
        return OutcomeScenario.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyTaskEndsExactlyOnceAndEveryCountAddsUp(OutcomeScenario.Variant variant) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: %s with seed %d%n", getClass().getSimpleName(), variant, seed);
        OutcomeScenario.run(variant, StressSizes.items() / variants().size(), seed);
    }
}
