package io.moirai.runtime;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Lincheck proof that one queue of the {@link InjectionQueue} (a {@code Level}: any thread
 * offers, a consumer holding the consumer lock polls) is linearizable against
 * {@link ArrayDeque} ({@code addLast}, {@code pollFirst}).
 *
 * <p>Segments of 2 slots, so a short scenario crosses several: the producer holding the lock
 * appends segments while the consumer moves past them. A poll that meets a slot whose producer
 * has counted it but not stored it answers null; that is linearizable, as the offer has not
 * returned and may take effect after the poll. Submissions and entries that are not
 * submissions ({@code offer}) are the same to the consumer. The model-checking run was seen to
 * fail for a deliberate mistake: a consumer that stops at a segment's end instead of following
 * its link.
 *
 * <p>The {@code long} tests explore twenty times as many scenarios:
 * {@code ./mvnw -pl moirai-runtime -am verify -Plong -Dtest=InjectionQueueLincheckTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class InjectionQueueLincheckTest implements LincheckRuns {

    private final InjectionQueue.Level level = new InjectionQueue.Level(2);

    /** Any thread: a submission the run state accepts. */
    @Operation
    public void offerSubmission(@Param(name = "value") int value) {
        level.offerSubmission(new InjectionQueueTest.Numbered(value, TaskOptions.defaults()), () -> true);
    }

    /** Any thread: an entry that is not a submission (a timer that fired, a retiring worker's task). */
    @Operation
    public void offer(@Param(name = "value") int value) {
        level.offer(new InjectionQueueTest.Numbered(value, TaskOptions.defaults()));
    }

    /** Any thread, as the consumer: takes the oldest, or null. */
    @Operation
    public Integer poll() {
        level.lock();
        try {
            RuntimeTask<?> task = level.poll();
            return task == null ? null : ((InjectionQueueTest.Numbered) task).value;
        } finally {
            level.unlock();
        }
    }

    @Override
    public Class<?> specification() {
        return Specification.class;
    }

    /** The sequential behaviour: a FIFO queue. */
    public static final class Specification {
        private final ArrayDeque<Integer> deque = new ArrayDeque<>();

        public void offerSubmission(int value) {
            deque.addLast(value);
        }

        public void offer(int value) {
            deque.addLast(value);
        }

        public Integer poll() {
            return deque.pollFirst();
        }
    }
}
