package io.moirai.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on tasks waiting to start in one lane, present only when
 * {@link MoiraiRuntime.Builder#queueCapacity(int)} is set (an unbounded runtime has no gate and
 * pays nothing). A slot is taken when a task is queued and given back when it leaves the queue
 * to run, to be cancelled, evicted or drained.
 *
 * <p>Submitters waiting under {@link RejectionPolicy#BLOCK} sleep on a condition; releasers
 * signal it only when someone waits, so the common path is one CAS each way.
 */
final class CapacityGate {

    private final int capacity;
    private final AtomicInteger used = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private volatile int waiters;
    /**
     * Set once the runtime shuts down: a waiting submitter gives up at once, since a shut-down
     * runtime refuses it whatever space comes free, instead of sleeping out its block timeout.
     */
    private volatile boolean closed;

    CapacityGate(int capacity) {
        this.capacity = capacity;
    }

    boolean tryAcquire() {
        for (int u = used.get(); u < capacity; u = used.get()) {
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Takes a slot that is given regardless of the bound (tasks fired by timers, re-queued work). */
    void forceAcquire() {
        used.incrementAndGet();
    }

    void release() {
        used.decrementAndGet();
        if (waiters > 0) {
            lock.lock();
            try {
                space.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Wakes every waiting submitter for good: {@link #acquire} returns false from now on unless a
     * slot is free at once. The flag is stored before the lock is taken and a waiter reads it
     * under the lock before each sleep, so a waiter either sees it or is asleep when
     * {@code signalAll} comes.
     */
    void close() {
        closed = true;
        lock.lock();
        try {
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for a slot; gives up when {@link #close()}d. */
    boolean acquire(long nanos) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        lock.lockInterruptibly();
        try {
            waiters++;
            try {
                while (!tryAcquire()) {
                    if (nanos <= 0L || closed) {
                        return false;
                    }
                    nanos = space.awaitNanos(nanos);
                }
                return true;
            } finally {
                waiters--;
            }
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }
}
