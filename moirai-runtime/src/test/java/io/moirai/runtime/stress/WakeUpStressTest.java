package io.moirai.runtime.stress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No lost wake-up: bursts into a parked pool at parallelism 1, 2 and 4, {@code items / 200}
 * rounds each (5000 by default, 5 * 10^4 with {@code -Plong}). See {@link WakeUpScenario}.
 */
class WakeUpStressTest {

    static int rounds() {
        return (int) Math.max(100L, StressSizes.items() / 200L);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void everyBurstIntoAParkedPoolRuns(int parallelism) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: parallelism %d with seed %d%n", getClass().getSimpleName(), parallelism, seed);
        WakeUpScenario.run(parallelism, rounds(), seed);
    }
}
