package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded contract tests of {@link MpmcArrayQueue}; see {@link BoundedQueueContractTest}.
 * One test races a consumer thread, for a promise that only a concurrent poll can break. Run with {@code ./mvnw -pl moirai-runtime -am test -Dtest=MpmcArrayQueueTest}.
 */
class MpmcArrayQueueTest extends BoundedQueueContractTest {

    @Override
    MessageQueue<Integer> newQueue(int capacity) {
        return new MpmcArrayQueue<>(capacity);
    }

    /**
     * "Stopping early when the queue is full", and only then, also while a consumer is halfway
     * through a poll: once {@code isEmpty()} has seen the consumer's claim of the one element, a
     * fill adds one. fill stopped at a slot its consumer had claimed and not yet emptied, as
     * relaxedOffer does, and returned 0 for a queue that was empty.
     */
    @Test
    void fillDoesNotReportFullWhileAConsumerEmptiesTheSlot() throws InterruptedException {
        MessageQueue<Integer> queue = newQueue(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                queue.poll();
            }
        });
        try {
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < 100_000 && System.nanoTime() - deadline < 0L; i++) {
                while (!queue.isEmpty()) {
                    Thread.onSpinWait();
                }
                assertThat(queue.fill(() -> 1, 1)).as("fill %d into an empty queue", i).isEqualTo(1);
            }
        } finally {
            stop.set(true);
            consumer.join();
        }
    }
}
