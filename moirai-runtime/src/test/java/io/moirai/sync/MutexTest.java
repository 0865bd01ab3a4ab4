package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Mutex} against the contract of {@code ReentrantLock}, failure paths included. */
class MutexTest {

    private final Mutex mutex = new Mutex();

    @Test
    void lockIsReentrantAndCountsHolds() {
        mutex.lock();
        mutex.lock();
        assertThat(mutex.isLocked()).isTrue();
        assertThat(mutex.isHeldByCurrentThread()).isTrue();
        assertThat(mutex.getHoldCount()).isEqualTo(2);
        mutex.unlock();
        assertThat(mutex.getHoldCount()).isEqualTo(1);
        mutex.unlock();
        assertThat(mutex.isLocked()).isFalse();
        assertThat(mutex.getHoldCount()).isZero();
    }

    @Test
    void unlockWithoutHoldingThrowsIllegalMonitorState() {
        assertThatThrownBy(mutex::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void unlockByAnotherThreadThrowsAndKeepsTheLock() throws Throwable {
        mutex.lock();
        Actor.start(() -> assertThatThrownBy(mutex::unlock).isInstanceOf(IllegalMonitorStateException.class)).join();
        assertThat(mutex.isHeldByCurrentThread()).isTrue();
        mutex.unlock();
    }

    @Test
    void tryLockFailsWhileAnotherThreadHolds() throws Throwable {
        mutex.lock();
        Actor.start(() -> {
            assertThat(mutex.tryLock()).isFalse();
            assertThat(mutex.tryLock(0, TimeUnit.SECONDS)).isFalse();
            assertThat(mutex.isHeldByCurrentThread()).isFalse();
        }).join();
        mutex.unlock();
        Actor.start(() -> {
            assertThat(mutex.tryLock()).isTrue();
            mutex.unlock();
        }).join();
    }

    @Test
    void timedTryLockWaitsAtLeastTheTimeout() throws Throwable {
        mutex.lock();
        Actor.start(() -> {
            long start = System.nanoTime();
            assertThat(mutex.tryLock(20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        }).join();
        mutex.unlock();
    }

    @Test
    void timedTryLockSucceedsWhenReleased() throws Throwable {
        mutex.lock();
        Actor waiter = Actor.start(() -> {
            assertThat(mutex.tryLock(1, TimeUnit.MINUTES)).isTrue();
            mutex.unlock();
        }).awaitParked();
        mutex.unlock();
        waiter.join();
    }

    @Test
    void interruptBeforeLockInterruptiblyThrowsAndClearsTheFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(mutex::lockInterruptibly).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(mutex.isLocked()).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> mutex.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void interruptWhileWaitingInLockInterruptiblyThrows() throws Throwable {
        mutex.lock();
        Actor waiter = Actor.start(() -> {
            assertThatThrownBy(mutex::lockInterruptibly).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }).awaitParked();
        waiter.interrupt();
        waiter.join();
        mutex.unlock();
    }

    @Test
    void interruptWhileWaitingInTimedTryLockThrows() throws Throwable {
        mutex.lock();
        Actor waiter = Actor.start(() ->
                assertThatThrownBy(() -> mutex.tryLock(1, TimeUnit.MINUTES)).isInstanceOf(InterruptedException.class))
                .awaitParked();
        waiter.interrupt();
        waiter.join();
        mutex.unlock();
    }

    @Test
    void lockKeepsWaitingWhenInterruptedAndReassertsTheFlag() throws Throwable {
        mutex.lock();
        Actor waiter = Actor.start(() -> {
            mutex.lock();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            mutex.unlock();
        }).awaitParked();
        waiter.interrupt();
        mutex.unlock();
        waiter.join();
    }

    @Test
    void nullUnitIsRefused() {
        assertThatThrownBy(() -> mutex.tryLock(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("unit");
    }

    @Test
    void fairMutexGrantsInQueueOrder() throws Throwable {
        Mutex fair = new Mutex(true);
        assertThat(fair.isFair()).isTrue();
        assertThat(mutex.isFair()).isFalse();
        List<Integer> order = new CopyOnWriteArrayList<>();
        fair.lock();
        Actor first = Actor.start(() -> {
            fair.lock();
            order.add(1);
            fair.unlock();
        }).awaitParked();
        Actor second = Actor.start(() -> {
            fair.lock();
            order.add(2);
            fair.unlock();
        }).awaitParked();
        assertThat(fair.hasQueuedThreads()).isTrue();
        assertThat(fair.getQueueLength()).isEqualTo(2);
        fair.unlock();
        first.join();
        second.join();
        assertThat(order).containsExactly(1, 2);
    }

    @Test
    void toStringNamesTheOwner() {
        assertThat(mutex.toString()).endsWith("[Unlocked]");
        mutex.lock();
        assertThat(mutex.toString()).endsWith("[Locked by thread " + Thread.currentThread().getName() + "]");
        mutex.unlock();
    }

    @Test
    void conditionAwaitReleasesAllHoldsAndReacquiresThem() throws Throwable {
        Condition ready = mutex.newCondition();
        boolean[] flag = {false};
        CountDownLatch waiting = new CountDownLatch(1);
        Actor waiter = Actor.start(() -> {
            mutex.lock();
            mutex.lock();
            try {
                waiting.countDown();
                while (!flag[0]) {
                    ready.await();
                }
                assertThat(mutex.getHoldCount()).isEqualTo(2);
            } finally {
                mutex.unlock();
                mutex.unlock();
            }
        });
        waiting.await();
        mutex.lock();
        try {
            flag[0] = true;
            ready.signal();
        } finally {
            mutex.unlock();
        }
        waiter.join();
    }

    @Test
    void monitoringNamesTheQueuedThreadAndTheConditionsWaiters() throws Throwable {
        Condition ready = mutex.newCondition();
        CountDownLatch signalled = new CountDownLatch(1);
        Actor waiter = Actor.start(() -> {
            mutex.lock();
            try {
                while (signalled.getCount() != 0) {
                    ready.await();
                }
            } finally {
                mutex.unlock();
            }
        });
        await().atMost(Actor.LONG).until(() -> {
            mutex.lock();
            try {
                return mutex.hasWaiters(ready);
            } finally {
                mutex.unlock();
            }
        });
        mutex.lock();
        Actor blocked;
        try {
            assertThat(mutex.getWaitQueueLength(ready)).isEqualTo(1);
            blocked = Actor.start(() -> {
                mutex.lock();
                mutex.unlock();
            });
            await().atMost(Actor.LONG).until(() -> mutex.hasQueuedThread(blocked.thread()));
            assertThat(mutex.hasQueuedThread(Thread.currentThread())).isFalse();
            signalled.countDown();
            ready.signal();
            assertThat(mutex.hasWaiters(ready)).isFalse();
            assertThat(mutex.getWaitQueueLength(ready)).isZero();
        } finally {
            mutex.unlock();
        }
        waiter.join();
        blocked.join();
        assertThat(mutex.hasQueuedThread(blocked.thread())).isFalse();
    }

    @Test
    void conditionMonitoringRefusesNullForeignConditionsAndANonHolder() {
        Condition own = mutex.newCondition();
        assertThatThrownBy(() -> mutex.hasQueuedThread(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("thread");
        assertThatThrownBy(() -> mutex.hasWaiters(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("condition");
        assertThatThrownBy(() -> mutex.getWaitQueueLength(null)).isInstanceOf(NullPointerException.class);
        for (Condition foreign : List.of(new Mutex().newCondition(), new ReentrantLock().newCondition())) {
            assertThatThrownBy(() -> mutex.hasWaiters(foreign)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> mutex.getWaitQueueLength(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> mutex.hasWaiters(own)).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(() -> mutex.getWaitQueueLength(own)).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void conditionSignalWithoutHoldingThrows() {
        Condition c = mutex.newCondition();
        assertThatThrownBy(c::signal).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(c::signalAll).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(c::await).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void conditionTimedWaitsReturnNoEarlierThanTheTimeout() throws InterruptedException {
        Condition c = mutex.newCondition();
        mutex.lock();
        try {
            long start = System.nanoTime();
            assertThat(c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(10))).isLessThanOrEqualTo(0L);
            assertThat(c.await(10, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(c.awaitUntil(new java.util.Date(System.currentTimeMillis() + 10))).isFalse();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
            assertThat(mutex.isHeldByCurrentThread()).isTrue();
        } finally {
            mutex.unlock();
        }
    }

    @Test
    void conditionAwaitThrowsOnInterruptAndAwaitUninterruptiblyDoesNot() throws Throwable {
        Condition c = mutex.newCondition();
        Actor interruptible = Actor.start(() -> {
            mutex.lock();
            try {
                assertThatThrownBy(c::await).isInstanceOf(InterruptedException.class);
                assertThat(mutex.isHeldByCurrentThread()).isTrue();
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            } finally {
                mutex.unlock();
            }
        }).awaitParked();
        interruptible.interrupt();
        interruptible.join();

        boolean[] flag = {false};
        Actor uninterruptible = Actor.start(() -> {
            mutex.lock();
            try {
                while (!flag[0]) {
                    c.awaitUninterruptibly();
                }
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                mutex.unlock();
            }
        }).awaitParked();
        uninterruptible.interrupt();
        mutex.lock();
        try {
            flag[0] = true;
            c.signalAll();
        } finally {
            mutex.unlock();
        }
        uninterruptible.join();
    }

    /**
     * Bounded unfairness: two threads take and release the mutex in a loop, and may barge ahead of
     * a queued thread, yet a thread parked in the queue gets the mutex. With short holds it gets
     * it as the spinning successor; with holds longer than any spin it parks between attempts,
     * and gets it once it has been first in the queue for {@code MutexSync.STARVING_NANOS}.
     */
    @ParameterizedTest(name = "hold={0}us")
    @ValueSource(ints = {0, 200})
    void aParkedWaiterGetsTheMutexWhileTwoThreadsHammerIt(int holdMicros) throws Throwable {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong holds = new AtomicLong();
        Actor.Body hammer = () -> {
            while (!stop.get()) {
                mutex.lock();
                try {
                    busy(TimeUnit.MICROSECONDS.toNanos(holdMicros));
                    holds.incrementAndGet();
                } finally {
                    mutex.unlock();
                }
            }
        };
        Actor first = Actor.start(hammer);
        Actor second = Actor.start(hammer);
        try {
            await().atMost(Actor.LONG).until(() -> holds.get() > 100);
            mutex.lock();
            AtomicLong holdsWhenAcquired = new AtomicLong(-1);
            Actor waiter = Actor.start(() -> {
                mutex.lock();
                try {
                    holdsWhenAcquired.set(holds.get());
                } finally {
                    mutex.unlock();
                }
            }).awaitParked();
            mutex.unlock();
            waiter.join();
            await().atMost(Actor.LONG).until(() -> holds.get() > holdsWhenAcquired.get());
        } finally {
            stop.set(true);
            first.join();
            second.join();
        }
    }

    private static void busy(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aReleaseLeavesTheMutexToItsSpinningSuccessorWithoutWakingTheQueue() {
        MutexSync sync = new MutexSync(false);
        sync.lock();
        assertThat(sync.claim()).isTrue();
        assertThat(sync.claim()).as("one successor at a time").isFalse();
        assertThat(sync.releaseLastHold()).as("woke the queue").isFalse();
        assertThat(sync.state()).isZero();
        assertThat(sync.leave(1, true, MutexSync.NONE)).as("the successor takes the free mutex").isTrue();
        assertThat(sync.holdCount()).isEqualTo(1);
        assertThat(sync.successorSlot()).isEqualTo(MutexSync.NONE);
        assertThat(sync.releaseLastHold()).as("woke the queue").isTrue();
    }

    @Test
    void aMutexReservedForItsDemandingSuccessorIsFreeButOnlyTheSuccessorTakesIt() {
        MutexSync sync = new MutexSync(false);
        sync.lock();
        sync.claim();
        sync.demand();
        sync.unlock();
        assertThat(sync.state()).isEqualTo(MutexSync.RESERVED);
        assertThat(sync.isLocked()).isFalse();
        assertThat(sync.owner()).isNull();
        assertThat(sync.tryLockBarging()).as("barging into a reservation").isFalse();
        assertThat(sync.initialTryLock()).as("barging into a reservation").isFalse();
        assertThat(sync.leave(1, true, MutexSync.NONE)).isTrue();
        assertThat(sync.holdCount()).isEqualTo(1);
        sync.unlock();
        assertThat(sync.state()).isZero();
    }

    @Test
    void aSuccessorThatLeavesWithoutTakingWithdrawsItsReservation() {
        MutexSync sync = new MutexSync(false);
        sync.lock();
        sync.claim();
        sync.demand();
        sync.unlock();
        assertThat(sync.leave(1, false, MutexSync.NONE)).isFalse();
        assertThat(sync.state()).isZero();
        assertThat(sync.tryLockBarging()).isTrue();
    }

    @Test
    void spinBudgetStaysWithinItsBounds() throws Throwable {
        assertThat(mutex.spinDuration()).isEqualTo(MutexSync.INITIAL_SPIN_NANOS);
        for (int round = 0; round < 20; round++) {
            mutex.lock();
            Actor waiter = Actor.start(() -> {
                mutex.lock();
                mutex.unlock();
            }).awaitParked();
            mutex.unlock();
            waiter.join();
        }
        assertThat(mutex.spinDuration()).isBetween(MutexSync.MIN_SPIN_NANOS, MutexSync.MAX_SPIN_NANOS);
    }
}
