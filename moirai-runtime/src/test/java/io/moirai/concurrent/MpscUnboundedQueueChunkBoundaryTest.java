package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MpscUnboundedQueue}'s consumer under a concurrent producer: once {@code isEmpty()} has
 * said {@code false}, {@code poll()} and {@code peek()} return an element, also at a chunk
 * boundary where the producer has claimed the next index but not yet linked the next chunk or
 * written the element.
 *
 * <p>Moves {@code moirai.stress.items} items (10<sup>6</sup> by default, 10<sup>7</sup> with
 * {@code -Plong}) from one producer thread to the test thread, which counts every {@code null}
 * and checks the FIFO order. To make the consumer meet the producer in the middle of linking,
 * the producer offers the first element of each chunk only once the consumer has taken every
 * element before it: the consumer is then waiting at the boundary, checking {@code isEmpty()},
 * when the producer claims the index and starts to allocate and link the chunk. Both sides yield
 * while they wait, since the test runs on 2 cores. Against a {@code poll} and {@code peek} that
 * returned {@code null} at a missing link, every chunk size here was seen to fail, though not on
 * every run. Run with {@code ./mvnw -pl moirai-runtime -am test
 * -Dtest=MpscUnboundedQueueChunkBoundaryTest}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MpscUnboundedQueueChunkBoundaryTest {

    private static final int ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 2, 64})
    void pollReturnsAnElementWheneverIsEmptyWasFalse(int chunkSize) throws InterruptedException {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(chunkSize);
        AtomicInteger taken = new AtomicInteger();
        Thread producer = startProducer(queue, chunkSize, taken);
        long nulls = 0;
        int expected = 0;
        try {
            while (expected < ITEMS) {
                if (queue.isEmpty()) {
                    Thread.yield();
                    continue;
                }
                Integer e = queue.poll();
                if (e == null) {
                    nulls++;
                } else {
                    assertThat(e).as("FIFO order").isEqualTo(expected);
                    taken.set(++expected);
                }
            }
        } finally {
            awaitProducer(producer);
        }
        assertThat(nulls).as("poll() returned null after isEmpty() said false").isZero();
        assertThat(queue.poll()).isNull();
    }

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 2, 64})
    void peekReturnsAnElementWheneverIsEmptyWasFalse(int chunkSize) throws InterruptedException {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(chunkSize);
        AtomicInteger taken = new AtomicInteger();
        Thread producer = startProducer(queue, chunkSize, taken);
        long nulls = 0;
        int expected = 0;
        try {
            while (expected < ITEMS) {
                if (queue.isEmpty()) {
                    Thread.yield();
                    continue;
                }
                Integer head = queue.peek();
                if (head == null) {
                    nulls++;
                    // Only a peek right after isEmpty() meets a missing link: take the head
                    // with poll, which this class tests separately.
                    head = queue.poll();
                    if (head == null) {
                        continue;
                    }
                } else {
                    assertThat(queue.poll()).as("poll returns what peek saw").isSameAs(head);
                }
                assertThat(head).as("FIFO order").isEqualTo(expected);
                taken.set(++expected);
            }
        } finally {
            awaitProducer(producer);
        }
        assertThat(nulls).as("peek() returned null after isEmpty() said false").isZero();
        assertThat(queue.peek()).isNull();
    }

    /**
     * Offers 0 to {@code ITEMS - 1}, in order, on a new thread; waits before the first element of
     * each chunk until the consumer has {@code taken} all before it.
     */
    private static Thread startProducer(MpscUnboundedQueue<Integer> queue, int chunkSize, AtomicInteger taken) {
        return Thread.ofPlatform().name("producer").daemon(true).start(() -> {
            for (int i = 0; i < ITEMS; i++) {
                if (i % chunkSize == 0) {
                    while (taken.get() < i) {
                        Thread.yield();
                    }
                }
                queue.offer(i);
            }
        });
    }

    private static void awaitProducer(Thread producer) throws InterruptedException {
        assertThat(producer.join(Duration.ofMinutes(1))).as("the producer finished").isTrue();
    }
}
