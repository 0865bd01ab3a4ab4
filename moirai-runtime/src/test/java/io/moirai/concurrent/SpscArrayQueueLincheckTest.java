package io.moirai.concurrent;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@link SpscArrayQueue}'s {@code offer}, {@code poll} and {@code peek} are
 * linearizable against a bounded FIFO queue ({@link BoundedQueueSpecification}), offer failing
 * exactly when it holds {@code capacity} elements.
 *
 * <p>{@code offer} forms the non-parallel group {@code producer} and {@code poll} and
 * {@code peek} the group {@code consumer}, so Lincheck runs each group on one thread, as the
 * queue's contract requires. The capacity is 4, the smallest with a look-ahead (of 1 slot), so
 * scenarios fill the queue, wrap around and use the look-ahead. {@code drain}, {@code fill},
 * {@code size} and the iterator are not single atomic operations; the unit tests and
 * {@code QueueStressTest} cover them.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so it
 * proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking run was seen
 * to fail, within its default budget, for each of these deliberate mistakes: the look-ahead
 * counting one slot more as free than the free slot it saw proves ({@code producerLimit} of
 * {@code p + lookAhead + 2}), and poll not clearing the slot it took.
 *
 * <p>Each default run takes 5 to 15 s on 2 cores (the stress run has a smaller budget than the
 * other queues': with two threads it is the slowest per invocation and the most sensitive to
 * other load on the machine). The {@code long} tests explore twenty
 * times as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=SpscArrayQueueLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class SpscArrayQueueLincheckTest {

    private final SpscArrayQueue<Integer> queue = new SpscArrayQueue<>(4);

    /** Producer: offers at the tail. */
    @Operation(nonParallelGroup = "producer")
    public boolean offer(@Param(name = "value") int value) {
        return queue.offer(value);
    }

    /** Consumer: polls at the head. */
    @Operation(nonParallelGroup = "consumer")
    public Integer poll() {
        return queue.poll();
    }

    /** Consumer: peeks at the head. */
    @Operation(nonParallelGroup = "consumer")
    public Integer peek() {
        return queue.peek();
    }

    @Test
    void isLinearizableUnderModelChecking() {
        modelChecking(1).check(getClass());
    }

    @Test
    void isLinearizableUnderStress() {
        stress(1).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongModelChecking() {
        modelChecking(20).check(getClass());
    }

    @Test
    @Tag("long")
    void isLinearizableUnderLongStress() {
        stress(20).check(getClass());
    }

    private static ModelCheckingOptions modelChecking(int scale) {
        return new ModelCheckingOptions()
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(3)
                .actorsAfter(2)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(Specification.class);
    }

    private static StressOptions stress(int scale) {
        return new StressOptions()
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(20 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(Specification.class);
    }

    /** A bounded FIFO queue of capacity 4. */
    public static final class Specification extends BoundedQueueSpecification {
        public Specification() {
            super(4);
        }
    }
}
