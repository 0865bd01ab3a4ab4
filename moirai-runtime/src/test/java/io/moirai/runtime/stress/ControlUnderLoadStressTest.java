package io.moirai.runtime.stress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reconfigure and pause/resume under load, {@code items / 4} tasks per mode. See
 * {@link ControlScenario}.
 */
class ControlUnderLoadStressTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ControlScenario.Mode.class)
    void nothingIsLostWhileTheRuntimeIsResizedPausedAndResumed(ControlScenario.Mode mode) throws InterruptedException {
        long seed = StressSizes.seed();
        System.out.printf("%s: %s with seed %d%n", getClass().getSimpleName(), mode, seed);
        ControlScenario.run(mode, StressSizes.items() / ControlScenario.Mode.values().length, seed);
    }
}
