package io.moirai.concurrent;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@link MpmcArrayQueue}'s {@code offer}, {@code poll} and {@code peek} are
 * linearizable against a bounded FIFO queue ({@link BoundedQueueSpecification}), offer failing
 * exactly when it holds {@code capacity} elements.
 *
 * <p>Every operation runs on every thread. The queue is checked at capacity 2, where scenarios
 * fill it and wrap around, and at capacity 1 ({@link CapacityOne}), where every offer reuses the
 * one slot and the doubled sequence numbers must keep "full for index {@code i}" apart from
 * "free for index {@code i + 1}". {@code drain}, {@code fill}, {@code size} and the iterator are
 * not single atomic operations; the unit tests and {@code QueueStressTest} cover them.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so it
 * proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking runs were seen
 * to fail, within their default budget, for each of these deliberate mistakes: Vyukov's
 * undoubled sequence numbers ({@code i} free, {@code i + 1} full) at capacity 1, offer
 * reporting full whenever the slot's sequence is behind without looking at
 * {@code consumerIndex}, and poll handing the slot on before reading its element.
 *
 * <p>Each default run takes 5 to 15 s on 2 cores. The {@code long} tests explore twenty
 * times as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=MpmcArrayQueueLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class MpmcArrayQueueLincheckTest {

    private final MpmcArrayQueue<Integer> queue = new MpmcArrayQueue<>(capacity());

    /** The queue's capacity; a constant, since the constructor calls it. */
    int capacity() {
        return 2;
    }

    /** Any thread: offers at the tail. */
    @Operation
    public boolean offer(@Param(name = "value") int value) {
        return queue.offer(value);
    }

    /** Any thread: polls at the head. */
    @Operation
    public Integer poll() {
        return queue.poll();
    }

    /** Any thread: peeks at the head. */
    @Operation
    public Integer peek() {
        return queue.peek();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        modelChecking(1, Specification.class).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        stress(1, Specification.class).check(getClass());
    }

    @Test
    void isLinearizableAtCapacityOneUnderModelChecking() {
        modelChecking(1, CapacityOne.Specification.class).check(CapacityOne.class);
    }

    @Test
    void isLinearizableAtCapacityOneUnderStress() {
        stress(1, CapacityOne.Specification.class).check(CapacityOne.class);
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        modelChecking(20, Specification.class).check(getClass());
        modelChecking(20, CapacityOne.Specification.class).check(CapacityOne.class);
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        stress(20, Specification.class).check(getClass());
        stress(20, CapacityOne.Specification.class).check(CapacityOne.class);
    }

    private static ModelCheckingOptions modelChecking(int scale, Class<?> specification) {
        return new ModelCheckingOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .iterations(15 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(specification);
    }

    private static StressOptions stress(int scale, Class<?> specification) {
        return new StressOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(30 * scale)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(specification);
    }

    /** A bounded FIFO queue of capacity 2. */
    public static final class Specification extends BoundedQueueSpecification {
        public Specification() {
            super(2);
        }
    }

    /** The same operations on a queue of capacity 1. */
    public static class CapacityOne extends MpmcArrayQueueLincheckTest {

        @Override
        int capacity() {
            return 1;
        }

        /** A bounded FIFO queue of capacity 1. */
        public static final class Specification extends BoundedQueueSpecification {
            public Specification() {
                super(1);
            }
        }
    }
}
