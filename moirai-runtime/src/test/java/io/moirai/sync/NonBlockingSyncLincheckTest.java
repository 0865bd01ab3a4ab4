package io.moirai.sync;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that the non-blocking operations of {@link Semaphore} ({@code tryAcquire},
 * {@code release}, {@code availablePermits}, {@code drainPermits}) and {@link Latch}
 * ({@code countDown}, {@code getCount}) are linearizable. Lincheck checks these classes against
 * their own sequential executions, which is sound because none of these operations depends on
 * the calling thread's identity (unlike a lock's ownership, covered by the jcstress and stress
 * tests instead). The blocking forms are not covered: Lincheck's blocking support is for Kotlin
 * suspending functions.
 *
 * <p>Each default run takes about 10 s on 2 cores; the {@code long} test explores far more
 * scenarios.
 */
@Param(name = "permits", gen = IntGen.class, conf = "1:3")
public class NonBlockingSyncLincheckTest {

    private final Semaphore semaphore = new Semaphore(2);
    private final Latch latch = new Latch(3);

    @Operation
    public boolean tryAcquire(@Param(name = "permits") int permits) {
        return semaphore.tryAcquire(permits);
    }

    @Operation
    public void release(@Param(name = "permits") int permits) {
        semaphore.release(permits);
    }

    @Operation
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Operation
    public int drainPermits() {
        return semaphore.drainPermits();
    }

    @Operation
    public void countDown() {
        latch.countDown();
    }

    @Operation
    public long getCount() {
        return latch.getCount();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        new ModelCheckingOptions().threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .iterations(10).invocationsPerIteration(300).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        new StressOptions().threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .iterations(3).invocationsPerIteration(500).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        new ModelCheckingOptions().threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .iterations(100).invocationsPerIteration(1_000).check(getClass());
    }
}
