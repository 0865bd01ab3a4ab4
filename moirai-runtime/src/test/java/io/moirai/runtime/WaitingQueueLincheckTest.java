package io.moirai.runtime;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Lincheck proof that {@link WaitingQueue}'s {@code offer} and {@code poll} are linearizable
 * against {@link ArrayDeque} ({@code addLast}, {@code pollFirst}), with any thread producing and
 * consuming.
 *
 * <p>Segments of 2 slots, so a short scenario crosses several: producers append segments while
 * consumers move past them. {@code poll} waits for an element whose producer holds its index
 * but has not stored it; Lincheck's model checker sees that spin and runs the producer.
 * The model-checking run was seen to fail for each of these deliberate mistakes: a consumer
 * answering empty on an unstored slot instead of waiting for it, and a producer reading the
 * segment pointer after taking its index (a slower producer then walks from a segment past its
 * own).
 *
 * <p>The {@code long} tests explore twenty times as many scenarios:
 * {@code ./mvnw -pl moirai-runtime -am verify -Plong -Dtest=WaitingQueueLincheckTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class WaitingQueueLincheckTest implements LincheckRuns {

    private final WaitingQueue<Integer> queue = new WaitingQueue<>(2);

    /** Any thread: appends. */
    @Operation
    public void offer(@Param(name = "value") int value) {
        queue.offer(value);
    }

    /** Any thread: takes the oldest, or null. */
    @Operation
    public Integer poll() {
        return queue.poll();
    }

    @Override
    public Class<?> specification() {
        return Specification.class;
    }

    /** The sequential behaviour: a FIFO queue. */
    public static final class Specification {
        private final ArrayDeque<Integer> deque = new ArrayDeque<>();

        public void offer(int value) {
            deque.addLast(value);
        }

        public Integer poll() {
            return deque.pollFirst();
        }
    }
}
