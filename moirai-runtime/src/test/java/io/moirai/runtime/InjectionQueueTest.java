package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Unit and stress tests of {@link InjectionQueue}, the CPU lane's queue of tasks from outside its
 * workers, on segments of a few slots so that every test crosses many. The stress test moves
 * {@code moirai.stress.items} tasks (10<sup>6</sup> by default, 10<sup>7</sup> with
 * {@code -Plong}).
 */
class InjectionQueueTest {

    private static final int ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    private static final TaskOptions HIGH = TaskOptions.defaults().withPriority(Priority.HIGH);
    private static final TaskOptions LOW = TaskOptions.defaults().withPriority(Priority.LOW);

    @Test
    void takesOneSubmittersTasksInOrderAcrossSegments() {
        InjectionQueue queue = new InjectionQueue(3);
        List<Numbered> offered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Numbered task = new Numbered(i, TaskOptions.defaults());
            offered.add(task);
            assertThat(queue.offerSubmission(task, () -> true)).isTrue();
        }
        assertThat(queue.looksEmpty()).isFalse();
        assertThat(queue.submitted()).isEqualTo(20);

        List<RuntimeTask<?>> taken = new ArrayList<>();
        RuntimeTask<?>[] into = new RuntimeTask<?>[7];
        int n;
        while ((n = queue.pollShard(ownShard(), into)) != 0) {
            for (int i = 0; i < n; i++) {
                taken.add(into[i]);
            }
        }
        assertThat(taken).containsExactlyElementsOf(offered);
        assertThat(queue.looksEmpty()).isTrue();
        assertThat(queue.pollShard(ownShard(), into)).isZero();
    }

    @Test
    void aRefusedSubmissionIsCountedButNeverQueued() {
        InjectionQueue queue = new InjectionQueue(2);
        assertThat(queue.offerSubmission(new Numbered(1, TaskOptions.defaults()), () -> false)).isFalse();
        assertThat(queue.submitted()).isEqualTo(1);
        assertThat(queue.looksEmpty()).isTrue();
        assertThat(queue.drain(task -> { })).isZero();
    }

    @Test
    void entriesThatAreNotSubmissionsAreNotCountedAsSubmitted() {
        InjectionQueue queue = new InjectionQueue(2);
        queue.offer(new Numbered(1, TaskOptions.defaults()));
        queue.offer(new Numbered(2, LOW));
        assertThat(queue.submitted()).isZero();
        assertThat(queue.looksEmpty()).isFalse();
        assertThat(queue.drain(task -> { })).isEqualTo(2);
        assertThat(queue.looksEmpty()).isTrue();
    }

    @Test
    void discardOldestTakesTheOldestOfTheLowestPriority() {
        InjectionQueue queue = new InjectionQueue(2);
        Numbered high = new Numbered(0, HIGH);
        Numbered normal = new Numbered(1, TaskOptions.defaults());
        Numbered low1 = new Numbered(2, LOW);
        Numbered low2 = new Numbered(3, LOW);
        for (Numbered task : List.of(high, normal, low1, low2)) {
            queue.offerSubmission(task, () -> true);
        }
        assertThat(queue.pollOldestLowest()).isSameAs(low1);
        assertThat(queue.pollOldestLowest()).isSameAs(low2);
        assertThat(queue.pollOldestLowest()).isSameAs(normal);
        assertThat(queue.pollOldestLowest()).isSameAs(high);
        assertThat(queue.pollOldestLowest()).isNull();
    }

    @Test
    void drainingVisitsHighThenNormalThenLow() {
        InjectionQueue queue = new InjectionQueue(2);
        Numbered low = new Numbered(0, LOW);
        Numbered normal = new Numbered(1, TaskOptions.defaults());
        Numbered high = new Numbered(2, HIGH);
        for (Numbered task : List.of(low, normal, high)) {
            queue.offerSubmission(task, () -> true);
        }
        List<RuntimeTask<?>> drained = new ArrayList<>();
        assertThat(queue.drain(drained::add)).isEqualTo(3);
        assertThat(drained).containsExactly(high, normal, low);
    }

    /** A taken task must not stay reachable from the queue: it holds the user's work and its result. */
    @Test
    void aTakenTaskIsNotKeptReachable() {
        InjectionQueue queue = new InjectionQueue(64);
        WeakReference<RuntimeTask<?>> ref = offerAndTake(queue);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertThat(ref.get()).as("taken task still reachable from the queue").isNull();
    }

    private static WeakReference<RuntimeTask<?>> offerAndTake(InjectionQueue queue) {
        queue.offerSubmission(new Numbered(1, TaskOptions.defaults()), () -> true);
        RuntimeTask<?>[] into = new RuntimeTask<?>[1];
        assertThat(queue.pollShard(ownShard(), into)).isEqualTo(1);
        WeakReference<RuntimeTask<?>> ref = new WeakReference<>(into[0]);
        into[0] = null;
        return ref;
    }

    @Test
    void rejectsASegmentSizeBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InjectionQueue(0))
                .withMessageContaining("segmentSize");
    }

    /**
     * Producers on three threads (three shards, one of them also offering HIGH and LOW tasks)
     * and two consumers taking batches from every queue: every task is taken exactly once, each
     * producer's tasks of one priority in the order it offered them, and the counts add up.
     */
    @Test
    void everyTaskIsTakenExactlyOnceInEachProducersOrder() throws InterruptedException {
        InjectionQueue queue = new InjectionQueue(4);
        int producers = 3;
        int perProducer = ITEMS / producers;
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < perProducer; i++) {
                    TaskOptions options = producer == 0 && i % 7 == 0 ? (i % 2 == 0 ? HIGH : LOW) : TaskOptions.defaults();
                    queue.offerSubmission(new Numbered(producer * perProducer + i, options), () -> true);
                }
            }));
        }
        int total = producers * perProducer;
        AtomicInteger taken = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> consumers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            consumers.add(Thread.ofPlatform().start(() -> {
                try {
                    consume(queue, start, perProducer, total, seen, taken, failure);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        for (Thread consumer : consumers) {
            consumer.join();
        }
        assertThat(failure.get()).as("a consumer failed").isNull();
        assertThat(taken.get()).isEqualTo(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).as("task %d", i).isEqualTo(1);
        }
        assertThat(queue.submitted()).isEqualTo(total);
        assertThat(queue.looksEmpty()).isTrue();
    }

    /** One consumer: batches from every queue until all tasks are taken or another consumer failed. */
    private static void consume(InjectionQueue queue, CountDownLatch start, int perProducer, int total,
                                AtomicIntegerArray seen, AtomicInteger taken, AtomicReference<Throwable> failure) {
        await(start);
        RuntimeTask<?>[] into = new RuntimeTask<?>[5];
        // the last value taken from each producer at each priority, to check order
        int[][] last = new int[seen.length() / perProducer][3];
        for (int[] row : last) {
            Arrays.fill(row, -1);
        }
        while (taken.get() < total && failure.get() == null) {
            int n = 0;
            RuntimeTask<?> high = queue.pollHigh();
            if (high != null) {
                into[n++] = high;
            }
            for (int s = 0; n == 0 && s < InjectionQueue.SHARDS; s++) {
                n = queue.pollShard(s, into);
            }
            if (n == 0) {
                n = queue.pollLow(into);
            }
            for (int i = 0; i < n; i++) {
                Numbered task = (Numbered) into[i];
                into[i] = null;
                assertThat(seen.getAndIncrement(task.value)).as("task %d taken twice", task.value).isZero();
                int producer = task.value / perProducer;
                int level = task.priority().ordinal();
                assertThat(task.value).as("order of producer %d", producer).isGreaterThan(last[producer][level]);
                last[producer][level] = task.value;
            }
            taken.addAndGet(n);
            if (n == 0) {
                Thread.onSpinWait();
            }
        }
    }

    private static int ownShard() {
        return (int) Thread.currentThread().threadId() & (InjectionQueue.SHARDS - 1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A task that is never run, numbered so the tests can follow it. */
    static final class Numbered extends RuntimeTask<Void> {
        final int value;

        Numbered(int value, TaskOptions options) {
            super(null, options);
            this.value = value;
        }

        @Override
        Void compute() {
            throw new IllegalStateException("never run");
        }
    }
}
