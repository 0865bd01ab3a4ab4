package io.moirai.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Moves {@code moirai.stress.items} items (10<sup>6</sup> by default, 10<sup>7</sup> with
 * {@code -Plong}) through each queue and the stack with the numbers of producers and consumers
 * its contract allows, and checks that each item arrives exactly once (a bit set per consumer,
 * disjoint, covering every item), that the sums of the items sent and received match, and, for
 * the queues, that each consumer receives each producer's items in the order they were offered.
 *
 * <p>Producers alternate {@code offer} and {@code fill}; consumers alternate {@code poll} and
 * {@code drain}. While they run, an observer thread checks {@code size} (never negative, never
 * above the capacity) and the iterator (every element is an item, and each producer's items come
 * in order, as the weakly consistent iterator promises). Threads yield when a queue is full or
 * empty, since the test runs on 2 cores. Run with {@code ./mvnw -pl moirai-runtime -am test
 * -Dtest=QueueStressTest}.
 */
class QueueStressTest {

    private static final int ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    /** Items a producer hands to one {@code fill} call, and the limit of a consumer's {@code drain}. */
    private static final int BATCH = 16;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void spscMovesEveryItemOnceInOrderWithOneProducerAndOneConsumer() throws InterruptedException {
        run(new SpscArrayQueue<>(1024), 1, 1);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void mpscMovesEveryItemOnceInOrderWithThreeProducersAndOneConsumer() throws InterruptedException {
        run(new MpscArrayQueue<>(1024), 3, 1);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void mpmcMovesEveryItemOnceInOrderWithTwoProducersAndTwoConsumers() throws InterruptedException {
        run(new MpmcArrayQueue<>(1024), 2, 2);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void smallMpmcMovesEveryItemOnceInOrderWithTwoProducersAndTwoConsumers() throws InterruptedException {
        run(new MpmcArrayQueue<>(2), 2, 2);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void unboundedMovesEveryItemOnceInOrderWithThreeProducersAndOneConsumer() throws InterruptedException {
        run(new MpscUnboundedQueue<>(64), 3, 1);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void stackMovesEveryItemOnceWithTwoPushersAndTwoPoppers() throws InterruptedException {
        TreiberStack<Integer> stack = new TreiberStack<>();
        Harness harness = new Harness(2, 2);
        for (int p = 0; p < 2; p++) {
            int producer = p;
            harness.start("pusher-" + p, () -> {
                for (int item = producer; item < ITEMS && !harness.failed.get(); item += 2) {
                    stack.push(item);
                }
            });
        }
        for (int c = 0; c < 2; c++) {
            Receiver receiver = harness.receiver(c, false);
            harness.start("popper-" + c, () -> {
                while (harness.remaining.get() > 0) {
                    Integer item = stack.pop();
                    if (item == null) {
                        Thread.yield();
                    } else {
                        receiver.accept(item);
                    }
                }
            });
        }
        harness.finish();
        assertThat(stack.isEmpty()).isTrue();
    }

    /** Producers and consumers of one queue, and the observer. */
    private static void run(MessageQueue<Integer> queue, int producers, int consumers) throws InterruptedException {
        Harness harness = new Harness(producers, consumers);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            harness.start("producer-" + p, () -> produce(queue, producer, producers, harness.failed));
        }
        for (int c = 0; c < consumers; c++) {
            Receiver receiver = harness.receiver(c, true);
            harness.start("consumer-" + c, () -> consume(queue, harness.remaining, receiver));
        }
        harness.start("observer", () -> observe(queue, producers, harness.remaining));
        harness.finish();
        assertThat(queue.poll()).isNull();
        assertThat(queue.size()).isZero();
    }

    /**
     * Offers items {@code producer}, {@code producer + producers}, ..., alternating offer and
     * fill, until done or another thread failed.
     */
    private static void produce(MessageQueue<Integer> queue, int producer, int producers, AtomicBoolean failed) {
        int[] next = {producer};
        boolean useFill = false;
        while (next[0] < ITEMS && !failed.get()) {
            boolean added;
            if (useFill) {
                int left = (ITEMS - 1 - next[0]) / producers + 1;
                added = queue.fill(() -> {
                    int item = next[0];
                    next[0] += producers;
                    return item;
                }, Math.min(BATCH, left)) > 0;
            } else {
                added = queue.offer(next[0]);
                if (added) {
                    next[0] += producers;
                }
            }
            useFill = !useFill;
            if (!added) {
                Thread.yield();
            }
        }
    }

    /** Takes items until all have arrived, alternating poll and drain. */
    private static void consume(MessageQueue<Integer> queue, AtomicInteger remaining, Receiver receiver) {
        boolean useDrain = false;
        while (remaining.get() > 0) {
            int taken;
            if (useDrain) {
                taken = queue.drain(receiver, BATCH);
            } else {
                Integer item = queue.poll();
                taken = item == null ? 0 : 1;
                if (item != null) {
                    receiver.accept(item);
                }
            }
            useDrain = !useDrain;
            if (taken == 0) {
                Thread.yield();
            }
        }
    }

    /** Checks size and the iterator while the others run. */
    private static void observe(MessageQueue<Integer> queue, int producers, AtomicInteger remaining) {
        int bound = queue.capacity() == MessageQueue.UNBOUNDED ? Integer.MAX_VALUE : queue.capacity();
        while (remaining.get() > 0) {
            assertThat(queue.size()).isBetween(0, bound);
            int[] last = new int[producers];
            Arrays.fill(last, -1);
            for (Iterator<Integer> it = queue.iterator(); it.hasNext(); ) {
                int item = it.next();
                assertThat(item).isBetween(0, ITEMS - 1);
                int producer = item % producers;
                assertThat(item).as("iterator order of producer %d", producer).isGreaterThan(last[producer]);
                last[producer] = item;
            }
            Thread.yield();
        }
    }

    /** One consumer's record: the items it received, their sum, and each producer's last item. */
    private static final class Receiver implements Consumer<Integer> {
        private final BitSet seen = new BitSet(ITEMS);
        private final int[] lastByProducer;
        private final boolean fifo;
        private final AtomicInteger remaining;
        private long sum;

        Receiver(int producers, boolean fifo, AtomicInteger remaining) {
            this.lastByProducer = new int[producers];
            Arrays.fill(lastByProducer, -1);
            this.fifo = fifo;
            this.remaining = remaining;
        }

        @Override
        public void accept(Integer boxed) {
            int item = boxed;
            if (item < 0 || item >= ITEMS || seen.get(item)) {
                throw new AssertionError("received " + item + (item >= 0 && item < ITEMS ? " twice" : ", not an item"));
            }
            int producer = item % lastByProducer.length;
            if (fifo && item <= lastByProducer[producer]) {
                throw new AssertionError("received " + item + " after " + lastByProducer[producer]
                        + " from producer " + producer);
            }
            lastByProducer[producer] = item;
            seen.set(item);
            sum += item;
            remaining.decrementAndGet();
        }
    }

    /** Starts the threads, waits for them, and checks what the receivers got. */
    private static final class Harness {
        final AtomicInteger remaining = new AtomicInteger(ITEMS);
        private final int producers;
        private final List<Receiver> receivers = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch start = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean failed = new AtomicBoolean();

        Harness(int producers, int consumers) {
            this.producers = producers;
        }

        Receiver receiver(int index, boolean fifo) {
            Receiver receiver = new Receiver(producers, fifo, remaining);
            receivers.add(receiver);
            return receiver;
        }

        void start(String name, Runnable body) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    body.run();
                } catch (Throwable t) {
                    if (failed.compareAndSet(false, true)) {
                        failure.set(t);
                    }
                    remaining.set(0);               // stops consumers and the observer; failed stops producers
                }
            }, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        void finish() throws InterruptedException {
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            BitSet all = new BitSet(ITEMS);
            long sum = 0;
            for (Receiver receiver : receivers) {
                assertThat(all.intersects(receiver.seen)).as("an item reached two consumers").isFalse();
                all.or(receiver.seen);
                sum += receiver.sum;
            }
            assertThat(all.cardinality()).as("items received").isEqualTo(ITEMS);
            assertThat(sum).as("sum of items received").isEqualTo((long) ITEMS * (ITEMS - 1) / 2);
        }
    }
}
