package io.moirai.concurrent;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck proof that {@link MpscUnboundedQueue}'s {@code offer}, {@code poll} and {@code peek}
 * are linearizable against an unbounded FIFO queue ({@link ArrayDeque}), and that the consumer's
 * {@code poll} and {@code peek} return an element whenever {@code isEmpty()} has just said
 * {@code false}: the operations {@link #pollUnlessEmpty()} and {@link #peekUnlessEmpty()} check
 * {@code isEmpty()} first, and their sequential specification never returns {@code null}.
 *
 * <p>{@code offer} runs on every thread; the consumer operations form the non-parallel group
 * {@code consumer}, so Lincheck runs them on one thread, as the queue's contract requires.
 * The chunks have one slot each, so every offer links a chunk, producers race to link the same
 * one, walk from stale hints, and meet chunks the consumer has detached. {@code drain},
 * {@code fill}, {@code size} and the iterator are not single atomic operations; the unit tests
 * and {@code QueueStressTest} cover them.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so it
 * proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking run was seen
 * to fail (Lincheck reports the execution as hung), within its default budget, for each of these
 * deliberate mistakes: offer reading the hint after its {@code getAndAdd} instead of before, and
 * a producer that meets a detached chunk following its self-link instead of restarting from
 * {@code consumerChunk}. It also fails (a {@code null} from {@code pollUnlessEmpty}) when poll
 * and peek return {@code null} at a chunk whose link is missing instead of waiting for the
 * producer that has claimed an index past it.
 *
 * <p>Each default run takes 5 to 15 s on 2 cores. The {@code long} tests explore twenty
 * times as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=MpscUnboundedQueueLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class MpscUnboundedQueueLincheckTest {

    /** What the {@code ...UnlessEmpty} operations return when {@code isEmpty()} said true; never offered. */
    static final Integer LOOKED_EMPTY = -1;

    private final MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(1);

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

    /** Consumer: polls unless the queue looks empty; {@link #LOOKED_EMPTY} if it did. */
    @Operation(nonParallelGroup = "consumer")
    public Integer pollUnlessEmpty() {
        return queue.isEmpty() ? LOOKED_EMPTY : queue.poll();
    }

    /** Consumer: peeks unless the queue looks empty; {@link #LOOKED_EMPTY} if it did. */
    @Operation(nonParallelGroup = "consumer")
    public Integer peekUnlessEmpty() {
        return queue.isEmpty() ? LOOKED_EMPTY : queue.peek();
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
                .iterations(10 * scale)
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

    /** The sequential behaviour: an unbounded FIFO queue. */
    public static final class Specification {
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();

        public boolean offer(int value) {
            return queue.offer(value);
        }

        public Integer poll() {
            return queue.pollFirst();
        }

        public Integer peek() {
            return queue.peekFirst();
        }

        public Integer pollUnlessEmpty() {
            return queue.isEmpty() ? LOOKED_EMPTY : queue.pollFirst();
        }

        public Integer peekUnlessEmpty() {
            return queue.isEmpty() ? LOOKED_EMPTY : queue.peekFirst();
        }
    }
}
