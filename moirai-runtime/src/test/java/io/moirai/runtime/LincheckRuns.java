package io.moirai.runtime;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The run options the Lincheck tests of this package share: 3 threads of 3 operations, 2 before
 * and 2 after; {@code scale} 1 for the default build, 20 for the {@code long} tests.
 */
final class LincheckRuns {

    private LincheckRuns() {
    }

    static ModelCheckingOptions modelChecking(int scale, Class<?> specification) {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(specification);
    }

    static StressOptions stress(int scale, Class<?> specification) {
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
