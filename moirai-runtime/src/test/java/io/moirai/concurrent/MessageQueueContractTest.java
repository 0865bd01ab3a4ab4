package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The {@link MessageQueue} contract every queue keeps, run single-threaded; each queue's test
 * class extends it (or {@link BoundedQueueContractTest}) and says how to make the queue. The
 * concurrent behaviour is proven by the Lincheck tests, {@code QueueStressTest} and the
 * jcstress tests in {@code moirai-jcstress}.
 */
abstract class MessageQueueContractTest {

    /** A new empty queue with room for at least 16 elements and small chunks or wrap-around. */
    abstract MessageQueue<Integer> newQueue();

    /** Whether {@code fill} checks the supplier's result before it claims anything (SPSC only). */
    boolean fillRefusesNullSupplierResult() {
        return false;
    }

    @Test
    void newQueueIsEmpty() {
        MessageQueue<Integer> queue = newQueue();

        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
        assertThat(queue.peek()).isNull();
        assertThat(queue.relaxedPoll()).isNull();
        assertThat(queue.relaxedPeek()).isNull();
        assertThat(queue.iterator().hasNext()).isFalse();
        assertThat(queue).hasToString("[]");
    }

    @Test
    void pollReturnsElementsInTheOrderOffered() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);

        assertThat(queue.peek()).isEqualTo(1);
        assertThat(queue.poll()).isEqualTo(1);
        assertThat(queue.relaxedPeek()).isEqualTo(2);
        assertThat(queue.relaxedPoll()).isEqualTo(2);
        assertThat(queue.poll()).isEqualTo(3);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void relaxedOfferAddsAtTheTail() {
        MessageQueue<Integer> queue = newQueue();

        assertThat(queue.relaxedOffer(1)).isTrue();
        assertThat(queue.offer(2)).isTrue();

        assertThat(queue).containsExactly(1, 2);
    }

    @Test
    void refusesNullElements() {
        MessageQueue<Integer> queue = newQueue();

        assertThatNullPointerException().isThrownBy(() -> queue.offer(null));
        assertThatNullPointerException().isThrownBy(() -> queue.relaxedOffer(null));
        assertThatNullPointerException().isThrownBy(() -> queue.add(null));
        assertThat(queue).isEmpty();
    }

    @Test
    void addAllStopsAtANullElementKeepingTheOnesBefore() {
        MessageQueue<Integer> queue = newQueue();

        assertThatNullPointerException().isThrownBy(() -> queue.addAll(java.util.Arrays.asList(1, null, 3)));

        assertThat(queue).containsExactly(1);
    }

    @Test
    void sizeCountsOffersMinusPolls() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3, 4);
        queue.poll();

        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.isEmpty()).isFalse();

        queue.drain(e -> { });

        assertThat(queue.size()).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void wrapsAroundManyTimesKeepingFifoOrder() {
        MessageQueue<Integer> queue = newQueue();
        ArrayDeque<Integer> expected = new ArrayDeque<>();
        Random random = new Random(42);
        int next = 0;
        for (int round = 0; round < 20_000; round++) {
            int offers = random.nextInt(1, 5);
            for (int i = 0; i < offers && expected.size() < 16; i++) {
                assertThat(queue.offer(next)).isTrue();
                expected.addLast(next++);
            }
            int polls = random.nextInt(0, 5);
            for (int i = 0; i < polls; i++) {
                assertThat(queue.poll()).isEqualTo(expected.pollFirst());
            }
            assertThat(queue.size()).isEqualTo(expected.size());
        }
        assertThat(queue).containsExactlyElementsOf(expected);
        assertThat(next).as("elements moved").isGreaterThan(30_000);
    }

    @Test
    void drainHandsEveryElementToTheSinkOldestFirst() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);
        List<Integer> seen = new ArrayList<>();

        assertThat(queue.drain(seen::add)).isEqualTo(3);

        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(queue).isEmpty();
    }

    @Test
    void drainWithALimitTakesAtMostThatMany() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);
        List<Integer> seen = new ArrayList<>();

        assertThat(queue.drain(seen::add, 2)).isEqualTo(2);
        assertThat(queue.drain(seen::add, 0)).isZero();

        assertThat(seen).containsExactly(1, 2);
        assertThat(queue).containsExactly(3);
        assertThat(queue.drain(seen::add, 5)).isEqualTo(1);
        assertThat(queue.drain(seen::add, 5)).isZero();
    }

    @Test
    void drainChecksItsArguments() {
        MessageQueue<Integer> queue = queueOf(1);

        assertThatNullPointerException().isThrownBy(() -> queue.drain(null)).withMessageContaining("sink");
        assertThatNullPointerException().isThrownBy(() -> queue.drain(null, 1)).withMessageContaining("sink");
        assertThatIllegalArgumentException().isThrownBy(() -> queue.drain(e -> { }, -1))
                .withMessage("limit must not be negative, was -1");
        assertThat(queue).containsExactly(1);
    }

    @Test
    void anElementWhoseSinkThrowsCountsAsRemoved() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);
        Consumer<Integer> failOnTwo = e -> {
            if (e == 2) {
                throw new IllegalStateException("sink failed");
            }
        };

        assertThatThrownBy(() -> queue.drain(failOnTwo)).hasMessage("sink failed");

        assertThat(queue).containsExactly(3);
    }

    @Test
    void fillAddsSuppliedElementsInOrder() {
        MessageQueue<Integer> queue = queueOf(0);
        AtomicInteger next = new AtomicInteger(1);

        assertThat(queue.fill(next::getAndIncrement, 5)).isEqualTo(5);

        assertThat(queue).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void fillWithLimitZeroAsksTheSupplierNothing() {
        MessageQueue<Integer> queue = newQueue();

        assertThat(queue.fill(() -> { throw new AssertionError("asked"); }, 0)).isZero();

        assertThat(queue).isEmpty();
    }

    @Test
    void fillChecksItsArguments() {
        MessageQueue<Integer> queue = newQueue();

        assertThatNullPointerException().isThrownBy(() -> queue.fill(null, 1)).withMessageContaining("supplier");
        assertThatIllegalArgumentException().isThrownBy(() -> queue.fill(() -> 1, -1))
                .withMessage("limit must not be negative, was -1");
        assertThat(queue).isEmpty();
    }

    @Test
    void fillThatCanCheckRefusesANullFromTheSupplierAndChangesNothing() {
        if (!fillRefusesNullSupplierResult()) {
            return;
        }
        MessageQueue<Integer> queue = queueOf(1);

        assertThatNullPointerException().isThrownBy(() -> queue.fill(() -> null, 3));

        assertThat(queue).containsExactly(1);
        assertThat(queue.offer(2)).isTrue();
        assertThat(queue).containsExactly(1, 2);
    }

    @Test
    void iteratorReturnsTheElementsOldestFirstWithoutRemovingThem() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3, 4);
        queue.poll();

        assertThat(queue).containsExactly(2, 3, 4);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.contains(3)).isTrue();
        assertThat(queue.contains(1)).isFalse();
        assertThat(queue.toArray()).containsExactly(2, 3, 4);
        assertThat(queue.toArray(new Integer[0])).containsExactly(2, 3, 4);
        assertThat(queue).hasToString("[2, 3, 4]");
        assertThat(queue.stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    }

    @Test
    void iteratorIsWeaklyConsistent() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);
        Iterator<Integer> iterator = queue.iterator();

        assertThat(iterator.next()).isEqualTo(1);
        queue.poll();
        queue.poll();
        queue.offer(4);

        List<Integer> rest = new ArrayList<>();
        iterator.forEachRemaining(rest::add);
        assertThat(rest).as("elements after 1, without those taken meanwhile; 2 was read ahead")
                .isSubsetOf(2, 3, 4).contains(3);
    }

    @Test
    void iteratorStopsAtTheEndAndDoesNotRemove() {
        MessageQueue<Integer> queue = queueOf(1);
        Iterator<Integer> iterator = queue.iterator();

        assertThat(iterator.next()).isEqualTo(1);
        assertThatThrownBy(iterator::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(iterator.hasNext()).isFalse();
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class);
        assertThat(queue).containsExactly(1);
    }

    @Test
    void iteratorSkipsElementsTakenAfterItsCreationAcrossWrapAround() {
        MessageQueue<Integer> queue = newQueue();
        for (int i = 0; i < 100; i++) {
            queue.offer(i);
            queue.poll();
        }
        queue.offer(100);
        queue.offer(101);
        Iterator<Integer> iterator = queue.iterator();
        queue.poll();
        queue.poll();
        for (int i = 0; i < 16; i++) {
            queue.offer(200 + i);
        }

        List<Integer> seen = new ArrayList<>();
        iterator.forEachRemaining(seen::add);
        assertThat(seen).as("read ahead: 100; never a newer element in an old element's place").containsExactly(100);
    }

    @Test
    void removalFromTheMiddleIsNotSupported() {
        MessageQueue<Integer> queue = queueOf(1, 2);

        assertThatThrownBy(() -> queue.remove((Object) 1)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("remove(Object)");
        assertThatThrownBy(() -> queue.remove((Object) 9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> queue.removeAll(List.of(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> queue.retainAll(List.of(1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> queue.removeIf(e -> true)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(queue).containsExactly(1, 2);
    }

    @Test
    void queueMethodsThatThrowDoSoOnAnEmptyQueue() {
        MessageQueue<Integer> queue = newQueue();

        assertThatThrownBy(queue::remove).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(queue::element).isInstanceOf(NoSuchElementException.class);

        queue.add(7);
        assertThat(queue.element()).isEqualTo(7);
        assertThat(queue.remove()).isEqualTo(7);
    }

    @Test
    void clearTakesEverything() {
        MessageQueue<Integer> queue = queueOf(1, 2, 3);

        queue.clear();

        assertThat(queue).isEmpty();
        assertThat(queue.poll()).isNull();
    }

    @Test
    void spliteratorIsConcurrentOrderedAndNotSized() {
        Spliterator<Integer> spliterator = queueOf(1, 2).spliterator();

        assertThat(spliterator.hasCharacteristics(Spliterator.CONCURRENT)).isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.ORDERED)).isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.NONNULL)).isTrue();
        assertThat(spliterator.hasCharacteristics(Spliterator.SIZED)).isFalse();
    }

    @Test
    void equalityIsIdentity() {
        MessageQueue<Integer> one = queueOf(1);
        MessageQueue<Integer> other = queueOf(1);

        assertThat(one).isNotEqualTo(other).isEqualTo(one);
    }

    /** A new queue holding {@code elements}, offered in order. */
    MessageQueue<Integer> queueOf(Integer... elements) {
        MessageQueue<Integer> queue = newQueue();
        for (Integer e : elements) {
            assertThat(queue.offer(e)).isTrue();
        }
        return queue;
    }
}
