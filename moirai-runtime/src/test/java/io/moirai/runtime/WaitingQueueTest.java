package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit and stress tests of {@link WaitingQueue}, the blocking lane's queue of tasks waiting for a
 * permit. The stress tests move {@code moirai.stress.items} items (10<sup>6</sup> by default,
 * 10<sup>7</sup> with {@code -Plong}).
 */
class WaitingQueueTest {

    private static final int ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    @Test
    void pollsInOfferOrderAcrossSegments() {
        WaitingQueue<Integer> queue = new WaitingQueue<>(3);
        for (int i = 0; i < 10; i++) {
            queue.offer(i);
        }
        assertThat(queue.size()).isEqualTo(10);
        assertThat(queue.looksEmpty()).isFalse();
        for (int i = 0; i < 10; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
        assertThat(queue.looksEmpty()).isTrue();
    }

    @Test
    void anEmptyQueueAnswersNullAndKeepsWorkingAfterwards() {
        WaitingQueue<String> queue = new WaitingQueue<>();
        assertThat(queue.poll()).isNull();
        assertThat(queue.looksEmpty()).isTrue();
        queue.offer("a");
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.poll()).isNull();
    }

    /** A periodic task is offered again after every run: the same object, many times, never confused with its earlier entry. */
    @Test
    void theSameElementCanBeOfferedAgainOnceTaken() {
        WaitingQueue<String> queue = new WaitingQueue<>(2);
        String periodic = "periodic";
        for (int i = 0; i < 7; i++) {
            queue.offer(periodic);
            assertThat(queue.poll()).isSameAs(periodic);
            assertThat(queue.poll()).isNull();
        }
        queue.offer(periodic);
        queue.offer("other");
        queue.offer(periodic);
        assertThat(queue.poll()).isSameAs(periodic);
        assertThat(queue.poll()).isEqualTo("other");
        assertThat(queue.poll()).isSameAs(periodic);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void takenSlotsAreCleared() {
        WaitingQueue<Object> queue = new WaitingQueue<>(4);
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Object element = new Object();
            refs.add(new WeakReference<>(element));
            queue.offer(element);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(queue.poll()).isNotNull();
        }
        // the first segment is still the queue's: its slots must not keep the taken elements alive
        for (int attempt = 0; attempt < 50 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
        }
        assertThat(refs).allMatch(r -> r.get() == null);
    }

    @Test
    void segmentSizeMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new WaitingQueue<>(0))
                .withMessageContaining("segmentSize");
    }

    /**
     * Producers and consumers on every side at once: every element is taken exactly once, each
     * producer's elements in its order, and a poll that answers null after every producer ended
     * means every element was taken.
     */
    @ParameterizedTest(name = "segments of {0}")
    @ValueSource(ints = {1, 4, 64})
    void everyElementIsTakenOnceAndEachProducersInOrder(int segmentSize) throws Exception {
        int producers = 3;
        int consumers = 3;
        int perProducer = ITEMS / producers;
        WaitingQueue<Long> queue = new WaitingQueue<>(segmentSize);
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        AtomicLong taken = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch producersDone = new CountDownLatch(producers);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(((long) producer << 32) | i);
                }
                producersDone.countDown();
            }));
        }
        for (int c = 0; c < consumers; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                int[] last = new int[producers];
                Arrays.fill(last, -1);
                try {
                    while (true) {
                        boolean finished = producersDone.getCount() == 0;
                        Long element = queue.poll();
                        if (element == null) {
                            if (finished) {
                                return; // every producer ended before this poll began: nothing is left
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        int producer = (int) (element >>> 32);
                        int index = (int) (long) element;
                        assertThat(index).as("producer %d's order seen by one consumer", producer)
                                .isGreaterThan(last[producer]);
                        last[producer] = index;
                        assertThat(seen.getAndIncrement(producer * perProducer + index)).as("taken twice").isZero();
                        taken.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(taken.get()).isEqualTo((long) producers * perProducer);
        assertThat(queue.looksEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
