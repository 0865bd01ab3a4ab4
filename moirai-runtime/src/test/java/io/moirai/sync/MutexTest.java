package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;

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

    @Test
    void spinBudgetStaysWithinItsBounds() throws Throwable {
        assertThat(mutex.spinDuration()).isEqualTo(AdaptiveSpin.INITIAL);
        for (int round = 0; round < 20; round++) {
            mutex.lock();
            Actor waiter = Actor.start(() -> {
                mutex.lock();
                mutex.unlock();
            }).awaitParked();
            mutex.unlock();
            waiter.join();
        }
        assertThat(mutex.spinDuration()).isBetween(AdaptiveSpin.MIN, AdaptiveSpin.MAX);
    }
}
