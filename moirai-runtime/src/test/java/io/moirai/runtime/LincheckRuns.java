package io.moirai.runtime;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck runs every Lincheck test of this package makes, against the sequential
 * specification it names: model checking and stress, 3 threads of 3 operations, 2 before and 2
 * after; twice as {@code long} tests that explore twenty times as many scenarios
 * ({@code -Plong}).
 */
interface LincheckRuns {

    /** The class whose methods give the sequential behaviour the operations must match. */
    Class<?> specification();

    @Test
    default void isLinearizableUnderModelChecking() {
        modelChecking(1, specification()).check(getClass());
    }

    @Test
    default void isLinearizableUnderStress() {
        stress(1, specification()).check(getClass());
    }

    @Test
    @Tag("long")
    default void isLinearizableUnderLongModelChecking() {
        modelChecking(20, specification()).check(getClass());
    }

    @Test
    @Tag("long")
    default void isLinearizableUnderLongStress() {
        stress(20, specification()).check(getClass());
    }

    private static ModelCheckingOptions modelChecking(int scale, Class<?> specification) {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(specification);
    }

    private static StressOptions stress(int scale, Class<?> specification) {
        return new StressOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(30 * scale)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(specification);
    }
}
