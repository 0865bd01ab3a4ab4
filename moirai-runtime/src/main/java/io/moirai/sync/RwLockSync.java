package io.moirai.sync;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer behind {@link RwLock}: an {@link AbstractQueuedSynchronizer} whose state
 * counts read and write holds, with an adaptive spin phase in front of its queue.
 */
final class RwLockSync extends AbstractQueuedSynchronizer {
    /*
     * Design note
     *
     * State
     * The state holds two counts: the read holds of all threads in its upper 16 bits and the
     * write holds of the single writer in its lower 16 bits. Each thread's own read holds are
     * counted in a thread-local (with a one-entry cache of the last reader), so that a read unlock
     * by a thread without a read hold fails and reentrant readers are never blocked behind a
     * waiting writer (which would deadlock).
     *
     * Policy
     *   - A new reader queues when another thread is queued ahead of it (hasQueuedPredecessors),
     *     in both modes: a waiting writer is then not starved by a stream of readers. A thread
     *     that already holds a read or the write lock never queues for another read hold.
     *   - A writer barges in unfair mode, and queues behind queued threads in fair mode.
     *   - Read-to-write upgrade fails fast: a blocking write acquisition by a thread that holds
     *     read holds (and not the write lock) throws IllegalMonitorStateException instead of
     *     deadlocking as ReentrantReadWriteLock does; tryLock() returns false.
     *
     * Memory ordering
     * Every acquisition is a cas of the state and every release a cas (read) or volatile store
     * (write) of it, so each release happens-before the acquisitions that observe it; a reader
     * sees everything the last writer wrote before unlocking, and a writer everything earlier
     * readers and writers did. The per-thread counters are touched only by their own thread; the
     * cache field cachedHolds is plain and racy, but a counter is used only after checking its
     * final tid against the current thread, and its count is only ever accessed by that thread.
     */

    private static final long serialVersionUID = 1L;

    static final int SHARED_SHIFT = 16;
    static final int SHARED_UNIT = 1 << SHARED_SHIFT;
    static final int MAX_COUNT = SHARED_UNIT - 1;
    static final int EXCLUSIVE_MASK = SHARED_UNIT - 1;

    static int sharedCount(int c) {
        return c >>> SHARED_SHIFT;
    }

    static int exclusiveCount(int c) {
        return c & EXCLUSIVE_MASK;
    }

    /** One thread's read holds. */
    static final class HoldCounter {
        final long tid = Thread.currentThread().threadId();
        int count;
    }

    private static final class ThreadHolds extends ThreadLocal<HoldCounter> {
        @Override
        protected HoldCounter initialValue() {
            return new HoldCounter();
        }
    }

    final boolean fair;
    private final transient ThreadHolds readHolds = new ThreadHolds();
    private transient HoldCounter cachedHolds;
    private final transient AdaptiveSpin spin = new AdaptiveSpin();

    RwLockSync(boolean fair) {
        this.fair = fair;
    }

    private boolean writerShouldBlock() {
        return fair && hasQueuedPredecessors();
    }

    @Override
    protected boolean tryAcquire(int acquires) {
        Thread current = Thread.currentThread();
        int c = getState();
        if (c != 0) {
            if (exclusiveCount(c) == 0 || getExclusiveOwnerThread() != current) {
                return false;
            }
            if (exclusiveCount(c) + acquires > MAX_COUNT) {
                throw new Error("Maximum lock count exceeded");
            }
            // Only the owner changes the state while it holds the write lock (readers queue).
            setState(c + acquires);
            return true;
        }
        if (writerShouldBlock() || !compareAndSetState(c, c + acquires)) {
            return false;
        }
        setExclusiveOwnerThread(current);
        return true;
    }

    /** {@code writeLock().tryLock()}: barges in both modes. */
    boolean tryWriteLock() {
        Thread current = Thread.currentThread();
        int c = getState();
        if (c != 0) {
            int w = exclusiveCount(c);
            if (w == 0 || getExclusiveOwnerThread() != current) {
                return false;
            }
            if (w == MAX_COUNT) {
                throw new Error("Maximum lock count exceeded");
            }
        }
        if (!compareAndSetState(c, c + 1)) {
            return false;
        }
        setExclusiveOwnerThread(current);
        return true;
    }

    @Override
    protected boolean tryRelease(int releases) {
        if (!isHeldExclusively()) {
            throw new IllegalMonitorStateException("the current thread does not hold the write lock");
        }
        int next = getState() - releases;
        boolean free = exclusiveCount(next) == 0;
        if (free) {
            setExclusiveOwnerThread(null);
        }
        // Volatile store: publishes the write section, and orders before release()'s queue check.
        setState(next);
        return free;
    }

    @Override
    protected int tryAcquireShared(int unused) {
        Thread current = Thread.currentThread();
        int c = getState();
        if (exclusiveCount(c) != 0 && getExclusiveOwnerThread() != current) {
            return -1;
        }
        if (!hasQueuedPredecessors() && sharedCount(c) < MAX_COUNT && compareAndSetState(c, c + SHARED_UNIT)) {
            incrementReadHolds(current);
            return 1;
        }
        return fullTryAcquireShared(current, true);
    }

    /**
     * The retry loop of a read acquisition.
     *
     * @param mayBlock false for {@code tryLock()}, which barges past queued threads
     * @return 1 when acquired, -1 when the caller must queue
     */
    private int fullTryAcquireShared(Thread current, boolean mayBlock) {
        for (;;) {
            int c = getState();
            if (exclusiveCount(c) != 0) {
                if (getExclusiveOwnerThread() != current) {
                    return -1;
                }
                // The writer takes a read hold (downgrade); queueing would deadlock.
            } else if (mayBlock && hasQueuedPredecessors() && readHoldCount(current) == 0) {
                return -1;
            }
            if (sharedCount(c) == MAX_COUNT) {
                throw new Error("Maximum lock count exceeded");
            }
            if (compareAndSetState(c, c + SHARED_UNIT)) {
                incrementReadHolds(current);
                return 1;
            }
        }
    }

    /** {@code readLock().tryLock()}: barges in both modes. */
    boolean tryReadLock() {
        return fullTryAcquireShared(Thread.currentThread(), false) > 0;
    }

    @Override
    protected boolean tryReleaseShared(int unused) {
        Thread current = Thread.currentThread();
        HoldCounter rh = holdsOf(current);
        if (rh.count <= 0) {
            readHolds.remove();
            throw new IllegalMonitorStateException("the current thread does not hold the read lock");
        }
        if (--rh.count == 0) {
            readHolds.remove();
        }
        for (;;) {
            int c = getState();
            int next = c - SHARED_UNIT;
            if (compareAndSetState(c, next)) {
                // Waking a queued thread is needed only when the lock became free.
                return next == 0;
            }
        }
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    private HoldCounter holdsOf(Thread current) {
        HoldCounter rh = cachedHolds;
        if (rh == null || rh.tid != current.threadId()) {
            rh = readHolds.get();
            cachedHolds = rh;
        }
        return rh;
    }

    private void incrementReadHolds(Thread current) {
        HoldCounter rh = cachedHolds;
        if (rh == null || rh.tid != current.threadId()) {
            rh = readHolds.get();
            cachedHolds = rh;
        } else if (rh.count == 0) {
            // The cached counter was removed from the thread-local when it reached 0.
            readHolds.set(rh);
        }
        rh.count++;
    }

    int readHoldCount(Thread current) {
        if (sharedCount(getState()) == 0) {
            return 0;
        }
        HoldCounter rh = cachedHolds;
        if (rh != null && rh.tid == current.threadId()) {
            return rh.count;
        }
        int count = readHolds.get().count;
        if (count == 0) {
            readHolds.remove();
        }
        return count;
    }

    /** Fails fast where a blocking write acquisition would wait for the caller's own read holds. */
    void checkNotUpgrading() {
        Thread current = Thread.currentThread();
        if (getExclusiveOwnerThread() != current && readHoldCount(current) > 0) {
            throw new IllegalMonitorStateException(
                    "the current thread holds the read lock; read-to-write upgrade would deadlock");
        }
    }

    /** The adaptive spin phase of a writer: waits for the state to drop to 0. */
    boolean spinWrite() {
        int budget = spin.begin();
        if (budget == 0) {
            return false;
        }
        for (int i = 0; i < budget; i++) {
            if (getState() == 0 && tryAcquire(1)) {
                spin.succeeded(i);
                return true;
            }
            if ((i & AdaptiveSpin.CHECK_MASK) == AdaptiveSpin.CHECK_MASK
                    && !AdaptiveSpin.worthSpinning(getExclusiveOwnerThread())) {
                break;
            }
            Thread.onSpinWait();
        }
        spin.failed();
        return false;
    }

    /** The adaptive spin phase of a reader: waits for the writer to leave. */
    boolean spinRead() {
        int budget = spin.begin();
        if (budget == 0) {
            return false;
        }
        int spun = -1;
        try {
            for (int i = 0; i < budget; i++) {
                if (exclusiveCount(getState()) == 0 && tryAcquireShared(1) > 0) {
                    spun = i;
                    return true;
                }
                if ((i & AdaptiveSpin.CHECK_MASK) == AdaptiveSpin.CHECK_MASK
                        && (!AdaptiveSpin.worthSpinning(getExclusiveOwnerThread()) || hasQueuedThreads())) {
                    break;
                }
                Thread.onSpinWait();
            }
            return false;
        } finally {
            // also when tryAcquireShared throws (the read count is full): the spin phase must end,
            // or the lock's count of spinners stays raised and spinning stays off for good
            if (spun >= 0) {
                spin.succeeded(spun);
            } else {
                spin.failed();
            }
        }
    }

    ConditionObject newCondition() {
        return new ConditionObject();
    }

    Thread writer() {
        return exclusiveCount(getState()) == 0 ? null : getExclusiveOwnerThread();
    }

    int readLockCount() {
        return sharedCount(getState());
    }

    int writeHoldCount() {
        return isHeldExclusively() ? exclusiveCount(getState()) : 0;
    }

    /** The writer's holds, whoever holds the write lock; for monitoring. */
    int writeLockCount() {
        return exclusiveCount(getState());
    }

    boolean isWriteLocked() {
        return exclusiveCount(getState()) != 0;
    }
}
