package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads waiting on a {@link Mutex} (and the waiting primitives) do not pin their
 * carriers: with far more blocked virtual threads than carriers, another virtual thread still
 * runs. Behavioural, since {@code jdk.tracePinnedThreads} is gone from JDK 24 on: if waiting
 * pinned carriers, the last virtual thread could never run and its latch would time out.
 */
class MutexVirtualThreadTest {

    /** Many times the default carrier count (the CPUs), so pinning would starve the scheduler. */
    private static final int WAITERS = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());

    @Test
    void blockedVirtualThreadsLeaveCarriersFree() throws Throwable {
        Mutex mutex = new Mutex();
        AtomicInteger acquired = new AtomicInteger();
        mutex.lock();
        List<Actor> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            waiters.add(Actor.startVirtual(() -> {
                mutex.lock();
                try {
                    acquired.incrementAndGet();
                } finally {
                    mutex.unlock();
                }
            }));
        }
        await().atMost(Actor.LONG).until(() -> mutex.getQueueLength() == WAITERS);

        CountDownLatch ran = new CountDownLatch(1);
        Thread.ofVirtual().start(ran::countDown);
        assertThat(ran.await(Actor.LONG.toSeconds(), TimeUnit.SECONDS)).as("a virtual thread ran").isTrue();

        mutex.unlock();
        for (Actor w : waiters) {
            w.join();
        }
        assertThat(acquired).hasValue(WAITERS);
    }

    @Test
    void virtualThreadsWaitingOnTheOtherPrimitivesLeaveCarriersFree() throws Throwable {
        Latch latch = new Latch(1);
        Semaphore semaphore = new Semaphore(0);
        WaitGroup group = new WaitGroup();
        group.add(1);
        Once once = new Once();
        CountDownLatch insideOnce = new CountDownLatch(1);
        Latch releaseOnce = new Latch(1);
        Actor runner = Actor.startVirtual(() -> once.run(() -> {
            insideOnce.countDown();
            try {
                releaseOnce.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        insideOnce.await();
        List<Actor> waiters = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            int kind = i % 4;
            waiters.add(Actor.startVirtual(() -> {
                switch (kind) {
                    case 0 -> latch.await();
                    case 1 -> semaphore.acquire();
                    case 2 -> group.await();
                    default -> once.run(() -> { });
                }
            }));
        }
        for (Actor w : waiters) {
            w.awaitParked();
        }
        CountDownLatch ran = new CountDownLatch(1);
        Thread.ofVirtual().start(ran::countDown);
        assertThat(ran.await(Actor.LONG.toSeconds(), TimeUnit.SECONDS)).as("a virtual thread ran").isTrue();

        latch.countDown();
        semaphore.release(WAITERS);
        group.done();
        releaseOnce.countDown();
        runner.join();
        for (Actor w : waiters) {
            w.join();
        }
        assertThat(once.isDone()).isTrue();
    }
}
