package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract of the bounded queues on top of {@link MessageQueueContractTest}: capacity. */
abstract class BoundedQueueContractTest extends MessageQueueContractTest {

    /** A new empty queue made with {@code capacity}. */
    abstract MessageQueue<Integer> newQueue(int capacity);

    @Override
    MessageQueue<Integer> newQueue() {
        return newQueue(16);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 4", "5, 8", "1000, 1024", "1024, 1024", "1025, 2048"})
    void capacityIsRoundedUpToAPowerOfTwo(int requested, int rounded) {
        assertThat(newQueue(requested).capacity()).isEqualTo(rounded);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 8, 16, 64, 100})
    void exactlyCapacityElementsFit(int requested) {
        MessageQueue<Integer> queue = newQueue(requested);
        int capacity = queue.capacity();

        for (int i = 0; i < capacity; i++) {
            assertThat(queue.offer(i)).as("offer %d of %d", i + 1, capacity).isTrue();
        }

        assertThat(queue.offer(-1)).as("offer beyond capacity").isFalse();
        assertThat(queue.relaxedOffer(-1)).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> queue.add(-1));
        assertThat(queue.size()).isEqualTo(capacity);
        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(capacity)).as("offer after a poll").isTrue();
        assertThat(queue.offer(-1)).isFalse();
        assertThat(queue).containsExactlyElementsOf(IntStream.rangeClosed(1, capacity).boxed().toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void exactlyCapacityElementsFitOnEveryLap(int capacity) {
        MessageQueue<Integer> queue = newQueue(capacity);
        for (int lap = 0; lap < 50; lap++) {
            for (int i = 0; i < capacity; i++) {
                assertThat(queue.offer(lap * capacity + i)).isTrue();
            }
            assertThat(queue.offer(-1)).as("lap %d", lap).isFalse();
            for (int i = 0; i < capacity; i++) {
                assertThat(queue.poll()).isEqualTo(lap * capacity + i);
            }
            assertThat(queue.poll()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, (1 << 30) + 1, Integer.MAX_VALUE})
    void rejectsACapacityOutOfRange(int capacity) {
        assertThatIllegalArgumentException().isThrownBy(() -> newQueue(capacity))
                .withMessage("capacity must be between 1 and 1073741824, was " + capacity);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 16})
    void fillStopsWhenFull(int capacity) {
        MessageQueue<Integer> queue = newQueue(capacity);
        queue.offer(-1);
        AtomicInteger next = new AtomicInteger();

        assertThat(queue.fill(next::getAndIncrement, 100)).isEqualTo(capacity - 1);

        assertThat(next).as("supplier calls").hasValue(capacity - 1);
        assertThat(queue.size()).isEqualTo(capacity);
        assertThat(queue.fill(next::getAndIncrement, 100)).isZero();
    }

    /**
     * "Stopping early when the queue is full", and only then: after the consumer has taken
     * elements, a fill adds as many as fit, however long ago a producer last looked at the
     * consumer's progress (MpscArrayQueue's fill stopped at its cached limit, one short after a
     * single offer and poll).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 8, 1024})
    void fillAfterElementsWereTakenAddsAllThatFit(int capacity) {
        MessageQueue<Integer> queue = newQueue(capacity);
        AtomicInteger next = new AtomicInteger();
        queue.offer(-1);
        queue.poll();

        assertThat(queue.fill(next::getAndIncrement, capacity)).as("into the empty queue").isEqualTo(capacity);

        queue.poll();
        queue.poll();
        assertThat(queue.fill(next::getAndIncrement, capacity)).as("into the two freed slots").isEqualTo(2);
        assertThat(queue.size()).isEqualTo(capacity);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16})
    void drainWithoutALimitTakesAFullQueue(int capacity) {
        MessageQueue<Integer> queue = newQueue(capacity);
        queue.fill(new AtomicInteger()::getAndIncrement, capacity);
        List<Integer> seen = new ArrayList<>();

        assertThat(queue.drain(seen::add)).isEqualTo(capacity);

        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, capacity).boxed().toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8})
    void fillAndDrainWrapAround(int capacity) {
        MessageQueue<Integer> queue = newQueue(capacity);
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            queue.fill(next::getAndIncrement, 1 + i % capacity);
            queue.drain(seen::add, 1 + (i * 7) % capacity);
        }
        queue.drain(seen::add);

        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, next.get()).boxed().toList());
    }
}
