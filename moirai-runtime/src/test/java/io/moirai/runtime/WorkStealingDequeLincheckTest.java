package io.moirai.runtime;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Lincheck proof that {@link WorkStealingDeque}'s {@code push}, {@code pop} and {@code steal}
 * are linearizable against {@link ArrayDeque} ({@code addLast}, {@code pollLast},
 * {@code pollFirst}).
 *
 * <p>{@code push} and {@code pop} form the non-parallel group {@code owner}, so Lincheck runs
 * them on one thread, as the deque's contract requires; {@code steal} runs on every thread.
 * The deque starts with capacity 1, so pushes grow the array while thieves read it.
 * {@code stealBatch}, {@code drainTo} and {@code size} are not single atomic operations and are
 * covered by the stress tests in {@link WorkStealingDequeTest}.
 *
 * <p>Model checking explores thread interleavings of a sequentially consistent execution, so
 * it proves the algorithm, not the memory orderings (jcstress in {@code moirai-jcstress} covers
 * those); the stress run executes the real, JIT-compiled code. The model-checking run was seen to
 * fail, within its default budget, for each of these deliberate mistakes: pop taking the last
 * element without a cas, steal reading {@code bottom} before {@code top}, pop reading
 * {@code top} before storing {@code bottom}, pop not restoring {@code bottom} after losing the
 * last element, and growth dropping the oldest element.
 *
 * <p>Each default run takes 10 to 15 s on 2 cores. The {@code long} tests explore twenty times
 * as many scenarios: {@code ./mvnw -pl moirai-runtime -am verify -Plong
 * -Dtest=WorkStealingDequeLincheckTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class WorkStealingDequeLincheckTest implements LincheckRuns {

    private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(1);

    /** Owner: pushes at the bottom. */
    @Operation(nonParallelGroup = "owner")
    public void push(@Param(name = "value") int value) {
        deque.push(value);
    }

    /** Owner: pops at the bottom. */
    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        return deque.pop();
    }

    /** Any thread: steals at the top. */
    @Operation
    public Integer steal() {
        return deque.steal();
    }

    @Override
    public Class<?> specification() {
        return Specification.class;
    }

    /** The sequential behaviour: a double-ended queue, owner at the tail, thieves at the head. */
    public static final class Specification {
        private final ArrayDeque<Integer> deque = new ArrayDeque<>();

        public void push(int value) {
            deque.addLast(value);
        }

        public Integer pop() {
            return deque.pollLast();
        }

        public Integer steal() {
            return deque.pollFirst();
        }
    }
}
