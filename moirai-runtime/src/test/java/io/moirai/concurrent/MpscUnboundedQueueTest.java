package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Single-threaded contract tests of {@link MpscUnboundedQueue}, with chunks of 4 slots so that
 * the contract tests cross many chunks; see {@link MessageQueueContractTest}. Run with
 * {@code ./mvnw -pl moirai-runtime -am test -Dtest=MpscUnboundedQueueTest}.
 */
class MpscUnboundedQueueTest extends MessageQueueContractTest {

    @Override
    MessageQueue<Integer> newQueue() {
        return new MpscUnboundedQueue<>(4);
    }

    @Test
    void isUnbounded() {
        assertThat(new MpscUnboundedQueue<Integer>().capacity()).isEqualTo(MessageQueue.UNBOUNDED);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1024})
    void offerNeverFailsAndPollKeepsFifoOrderAcrossChunks(int chunkSize) {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(chunkSize);

        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.offer(i)).isTrue();
        }

        assertThat(queue.size()).isEqualTo(10_000);
        assertThat(queue).containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, (1 << 30) + 1})
    void rejectsAChunkSizeOutOfRange(int chunkSize) {
        assertThatIllegalArgumentException().isThrownBy(() -> new MpscUnboundedQueue<Integer>(chunkSize))
                .withMessage("chunkSize must be between 1 and 1073741824, was " + chunkSize);
    }

    @Test
    void fillClaimsAcrossChunksAndNeverStopsEarly() {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(2);
        AtomicInteger next = new AtomicInteger();
        queue.offer(next.getAndIncrement());

        assertThat(queue.fill(next::getAndIncrement, 9)).isEqualTo(9);

        List<Integer> seen = new ArrayList<>();
        assertThat(queue.drain(seen::add)).isEqualTo(10);
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
    }

    @Test
    void peekMovesToTheNextChunkLikePoll() {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(1);
        queue.offer(1);
        queue.offer(2);

        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.peek()).isEqualTo(2);
        assertThat(queue.relaxedPeek()).isEqualTo(2);
        assertThat(queue.poll()).isEqualTo(2);
        assertThat(queue.peek()).isNull();
        assertThat(queue.relaxedPoll()).isNull();
    }

    @Test
    void iteratorCreatedBeforeTheConsumerLeftItsChunkCatchesUp() {
        MpscUnboundedQueue<Integer> queue = new MpscUnboundedQueue<>(2);
        for (int i = 0; i < 8; i++) {
            queue.offer(i);
        }
        Iterator<Integer> iterator = queue.iterator();
        assertThat(iterator.next()).isZero();
        for (int i = 0; i < 5; i++) {
            queue.poll();
        }

        List<Integer> rest = new ArrayList<>();
        iterator.forEachRemaining(rest::add);
        assertThat(rest).as("1 was read ahead; 2 to 4 were taken from detached chunks").containsExactly(1, 5, 6, 7);
    }
}
