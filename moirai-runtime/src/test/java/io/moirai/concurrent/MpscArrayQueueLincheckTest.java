package io.moirai.concurrent;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@link MpscArrayQueue}'s {@code offer}, {@code poll} and {@code peek} are
 * linearizable against a bounded FIFO queue ({@link BoundedQueueSpecification}), offer failing
 * exactly when it holds {@code capacity} elements.
 *
 * <p>{@code offer} runs on every thread; {@code poll} and {@code peek} form the non-parallel
 * group {@code consumer}, so Lincheck runs them on one thread, as the queue's contract requires.
 * The capacity is 2, so scenarios fill the queue, wrap around and refresh the producers' cached
 * limit. {@code drain}, {@code fill}, {@code size} and the iterator are not single atomic
 * operations; the unit tests and {@code QueueStressTest} cover them.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so it
 * proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking run was seen
 * to fail, within its default budget, for each of these deliberate mistakes: a producer limit of
 * {@code consumerIndex + capacity + 1}, and poll reporting empty on a {@code null} slot without
 * looking at {@code producerIndex}.
 *
 * <p>Each default run takes 5 to 15 s on 2 cores. The {@code long} tests explore twenty
 * times as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=MpscArrayQueueLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class MpscArrayQueueLincheckTest {

    private final MpscArrayQueue<Integer> queue = new MpscArrayQueue<>(2);

    /** Any thread: offers at the tail. */
    @Operation
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
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(3)
                .actorsAfter(2)
                .iterations(15 * scale)
                .invocationsPerIteration(1_000)
                .sequentialSpecification(Specification.class);
    }

    private static StressOptions stress(int scale) {
        return new StressOptions()
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .iterations(30 * scale)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(Specification.class);
    }

    /** A bounded FIFO queue of capacity 2. */
    public static final class Specification extends BoundedQueueSpecification {
        public Specification() {
            super(2);
        }
    }
}
