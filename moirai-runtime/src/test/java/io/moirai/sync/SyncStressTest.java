package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stress tests with accounting: every operation is counted and every invariant checked, on
 * platform and on virtual threads. Sizes come from {@code moirai.stress.items} (10^6 operations
 * in total by default, 10^7 in the {@code long} profile):
 * {@code ./mvnw -pl moirai-runtime test -Dtest=SyncStressTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SyncStressTest {

    private static final int THREADS = 4;
    private static final long ITEMS = Integer.getInteger("moirai.stress.items", 1_000_000);

    /** Operations per thread, for an operation that costs about one lock hand-off. */
    private static int perThread(long divisor) {
        return (int) Math.max(1, ITEMS / divisor / THREADS);
    }

    /** A plain counter: only mutual exclusion keeps its increments from being lost. */
    private long counter;
    private boolean writerInside;

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void mutexExcludesUnderContention(boolean virtual) throws Throwable {
        Mutex mutex = new Mutex();
        int each = perThread(2);
        runAll(virtual, t -> {
            for (int i = 0; i < each; i++) {
                mutex.lock();
                try {
                    counter++;
                } finally {
                    mutex.unlock();
                }
            }
        });
        Mutex fair = new Mutex(true);
        int fairEach = perThread(20);
        runAll(virtual, t -> {
            for (int i = 0; i < fairEach; i++) {
                if ((i & 1) == 0 ? fair.tryLock() : fair.tryLock(1, TimeUnit.MINUTES)) {
                    try {
                        counter++;
                    } finally {
                        fair.unlock();
                    }
                } else {
                    fair.lock();
                    try {
                        counter++;
                    } finally {
                        fair.unlock();
                    }
                }
            }
        });
        assertThat(counter).isEqualTo((long) each * THREADS + (long) fairEach * THREADS);
        assertThat(mutex.isLocked()).isFalse();
        assertThat(fair.isLocked()).isFalse();
    }

    /**
     * The unfair mutex's successor protocol (spinning successor, reservations, the queue's first
     * thread spinning and demanding a hand-off) under every way of acquiring: plain, barging,
     * timed (timing out), interruptible (interrupted by another thread), reentrant with a
     * condition wait, with some holds longer than any spin. No increment is lost, and the mutex
     * ends free, unreserved and with nobody queued.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void mutexSurvivesTimeoutsInterruptsAndLongHolds(boolean virtual) throws Throwable {
        Mutex mutex = new Mutex();
        Condition never = mutex.newCondition();
        AtomicLong acquisitions = new AtomicLong();
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(THREADS);
        int each = perThread(50);
        runAll(virtual, t -> {
            threads.set(t, Thread.currentThread());
            for (int i = 0; i < each; i++) {
                if (i % 32 == 0 && threads.get((t + 1) % THREADS) != null) {
                    threads.get((t + 1) % THREADS).interrupt();
                }
                if (acquire(mutex, i % 5)) {
                    try {
                        counter++;
                        if (i % 5 == 4) {
                            mutex.lock();
                            try {
                                never.awaitNanos(1_000);
                            } catch (InterruptedException e) {
                                // awaitNanos reacquired the mutex before throwing
                            } finally {
                                mutex.unlock();
                            }
                        }
                        if (i % 16 == 0) {
                            long end = System.nanoTime() + 20_000;
                            while (System.nanoTime() - end < 0) {
                                Thread.onSpinWait();
                            }
                        }
                    } finally {
                        mutex.unlock();
                    }
                    acquisitions.incrementAndGet();
                }
            }
            Thread.interrupted();
        });
        assertThat(counter).isEqualTo(acquisitions.get());
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.hasQueuedThreads()).isFalse();
        assertThat(mutex.tryLock()).as("free and not reserved").isTrue();
        mutex.unlock();
    }

    /** Acquires {@code mutex} in one of five ways; false if the way gave up. */
    private static boolean acquire(Mutex mutex, int way) {
        try {
            return switch (way) {
                case 0, 4 -> {
                    mutex.lock();
                    yield true;
                }
                case 1 -> mutex.tryLock();
                case 2 -> mutex.tryLock(20, TimeUnit.MICROSECONDS);
                default -> {
                    mutex.lockInterruptibly();
                    yield true;
                }
            };
        } catch (InterruptedException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void readersNeverOverlapWriters(boolean virtual) throws Throwable {
        RwLock rw = new RwLock();
        Lock read = rw.readLock();
        Lock write = rw.writeLock();
        AtomicInteger readersInside = new AtomicInteger();
        AtomicLong violations = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        int each = perThread(2);
        runAll(virtual, t -> {
            for (int i = 0; i < each; i++) {
                if ((i & 3) == t % 4) {
                    write.lock();
                    try {
                        if (readersInside.get() != 0 || writerInside) {
                            violations.incrementAndGet();
                        }
                        writerInside = true;
                        counter++;
                        writerInside = false;
                    } finally {
                        write.unlock();
                    }
                    writes.incrementAndGet();
                } else {
                    read.lock();
                    try {
                        readersInside.incrementAndGet();
                        if (writerInside) {
                            violations.incrementAndGet();
                        }
                        readersInside.decrementAndGet();
                    } finally {
                        read.unlock();
                    }
                }
            }
        });
        assertThat(violations).hasValue(0);
        assertThat(counter).isEqualTo(writes.get());
        assertThat(rw.getReadLockCount()).isZero();
        assertThat(rw.isWriteLocked()).isFalse();
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void semaphoreNeverExceedsItsPermits(boolean virtual) throws Throwable {
        int permits = 2;
        Semaphore semaphore = new Semaphore(permits);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        int each = perThread(2);
        runAll(virtual, t -> {
            for (int i = 0; i < each; i++) {
                int n = (i % 3 == 0) ? 2 : 1;
                semaphore.acquire(n);
                try {
                    int now = inside.addAndGet(n);
                    peak.accumulateAndGet(now, Math::max);
                    done.incrementAndGet();
                    inside.addAndGet(-n);
                } finally {
                    semaphore.release(n);
                }
            }
        });
        assertThat(peak.get()).isBetween(1, permits);
        assertThat(done).hasValue((long) each * THREADS);
        assertThat(semaphore.availablePermits()).isEqualTo(permits);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void barrierWaitGroupAndLatchGenerations(boolean virtual) throws Throwable {
        int rounds = perThread(1_000) * THREADS;
        AtomicLong arrivals = new AtomicLong();
        AtomicLong badTrips = new AtomicLong();
        AtomicInteger trips = new AtomicInteger();
        Barrier barrier = new Barrier(THREADS, () -> {
            if (arrivals.getAndSet(0) != THREADS) {
                badTrips.incrementAndGet();
            }
            trips.incrementAndGet();
        });
        WaitGroup group = new WaitGroup();
        AtomicReference<Latch> latch = new AtomicReference<>();
        AtomicLong latchViolations = new AtomicLong();
        runAll(virtual, t -> {
            for (int r = 0; r < rounds; r++) {
                if (t == 0) {
                    group.add(THREADS - 1);
                    latch.set(new Latch(THREADS - 1));
                }
                arrivals.incrementAndGet();
                int index = barrier.await();
                assertThat(index).isBetween(0, THREADS - 1);
                // Round r's group and latch are set: the barrier orders thread 0's writes first.
                if (t == 0) {
                    group.await();
                    if (group.count() != 0) {
                        latchViolations.incrementAndGet();
                    }
                    Latch l = latch.get();
                    l.await();
                    if (l.getCount() != 0) {
                        latchViolations.incrementAndGet();
                    }
                } else {
                    Latch l = latch.get();
                    l.countDown();
                    group.done();
                }
                arrivals.incrementAndGet();
                barrier.await();   // nobody starts round r + 1 before thread 0 has checked round r
            }
        });
        assertThat(trips).hasValue(2 * rounds);
        assertThat(badTrips).hasValue(0);
        assertThat(latchViolations).hasValue(0);
        assertThat(group.count()).isZero();
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void lazyAndOnceInitialiseExactlyOnceUnderRaces(boolean virtual) throws Throwable {
        int rounds = perThread(500) * THREADS;
        List<Lazy<int[]>> lazies = new ArrayList<>();
        List<Once> onces = new ArrayList<>();
        AtomicInteger supplierCalls = new AtomicInteger();
        AtomicInteger actionRuns = new AtomicInteger();
        for (int r = 0; r < rounds; r++) {
            int value = r;
            lazies.add(Lazy.of(() -> {
                supplierCalls.incrementAndGet();
                return new int[] {value, value + 1};
            }));
            onces.add(new Once());
        }
        AtomicLong wrong = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        runAll(virtual, t -> {
            start.await();
            for (int r = 0; r < rounds; r++) {
                int[] v = lazies.get(r).get();
                if (v[0] != r || v[1] != r + 1 || lazies.get(r).get() != v) {
                    wrong.incrementAndGet();
                }
                onces.get(r).run(actionRuns::incrementAndGet);
            }
        });
        assertThat(wrong).hasValue(0);
        assertThat(supplierCalls).hasValue(rounds);
        assertThat(actionRuns).hasValue(rounds);
    }

    /** A body that may throw, run on each of {@link #THREADS} threads with its index. */
    private interface Body {
        void run(int thread) throws Throwable;
    }

    private static void runAll(boolean virtual, Body body) throws Throwable {
        List<Actor> actors = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int index = t;
            Actor.Body each = () -> body.run(index);
            actors.add(virtual ? Actor.startVirtual(each) : Actor.start(each));
        }
        for (Actor a : actors) {
            a.join();
        }
    }
}
