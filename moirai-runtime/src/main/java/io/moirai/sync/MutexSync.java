package io.moirai.sync;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer behind {@link Mutex} and {@link Barrier}: an
 * {@link AbstractQueuedSynchronizer} whose state is the hold count of the owner (0 when free),
 * with an adaptive spin phase in front of its queue.
 */
final class MutexSync extends AbstractQueuedSynchronizer {
    /*
     * Design note
     *
     * Memory ordering
     * Taking the lock is a cas of the state (volatile), releasing it a volatile store of the
     * state; so everything the previous holder wrote before releasing happens-before everything
     * the next holder does after acquiring, by the volatile write/read pair on the state. The
     * owner field of AbstractOwnableSynchronizer is plain: it is written only by the owner while
     * it holds the lock (before the releasing store and after the acquiring cas), and compared by
     * other threads only against themselves, which a stale value cannot fool: a thread never sees
     * another thread's stale write of its own identity, since only it ever writes it.
     */

    private static final long serialVersionUID = 1L;

    final boolean fair;
    private final transient AdaptiveSpin spin = new AdaptiveSpin();

    MutexSync(boolean fair) {
        this.fair = fair;
    }

    /** The fast path: a free lock, or a reentrant acquisition. */
    boolean initialTryLock() {
        Thread current = Thread.currentThread();
        int c = getState();
        if (c == 0) {
            if ((!fair || !hasQueuedThreads()) && compareAndSetState(0, 1)) {
                setExclusiveOwnerThread(current);
                return true;
            }
            return false;
        }
        if (getExclusiveOwnerThread() == current) {
            if (++c < 0) {
                throw new Error("Maximum lock count exceeded");
            }
            // Plain enough through setState's volatile store; only the owner writes a nonzero count.
            setState(c);
            return true;
        }
        return false;
    }

    /** {@code tryLock()}: barges even in fair mode, as {@code ReentrantLock.tryLock()} does. */
    boolean tryLockBarging() {
        Thread current = Thread.currentThread();
        int c = getState();
        if (c == 0) {
            if (compareAndSetState(0, 1)) {
                setExclusiveOwnerThread(current);
                return true;
            }
            return false;
        }
        if (getExclusiveOwnerThread() == current) {
            if (++c < 0) {
                throw new Error("Maximum lock count exceeded");
            }
            setState(c);
            return true;
        }
        return false;
    }

    /**
     * The adaptive spin phase: test-and-test-and-set on the state while spinning pays off.
     *
     * @return true if the lock was acquired
     */
    boolean spinAcquire() {
        int budget = spin.begin();
        if (budget == 0) {
            return false;
        }
        for (int i = 0; i < budget; i++) {
            // Reading before the cas keeps the line shared while the holder works.
            if (getState() == 0 && (!fair || !hasQueuedThreads()) && compareAndSetState(0, 1)) {
                setExclusiveOwnerThread(Thread.currentThread());
                spin.succeeded(i);
                return true;
            }
            if ((i & AdaptiveSpin.CHECK_MASK) == AdaptiveSpin.CHECK_MASK
                    && (!AdaptiveSpin.worthSpinning(getExclusiveOwnerThread()) || fair && hasQueuedThreads())) {
                break;
            }
            Thread.onSpinWait();
        }
        spin.failed();
        return false;
    }

    @Override
    protected boolean tryAcquire(int acquires) {
        if (getState() == 0 && (!fair || !hasQueuedPredecessors()) && compareAndSetState(0, acquires)) {
            setExclusiveOwnerThread(Thread.currentThread());
            return true;
        }
        return false;
    }

    @Override
    protected boolean tryRelease(int releases) {
        if (getExclusiveOwnerThread() != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold the lock");
        }
        int c = getState() - releases;
        boolean free = c == 0;
        if (free) {
            setExclusiveOwnerThread(null);
        }
        // Volatile store: publishes the critical section to the next holder, and orders before
        // the queue's head read in release() (the Dekker pair with an enqueuing waiter).
        setState(c);
        return free;
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    void lock() {
        // The uncontended path stays as small as ReentrantLock's, so that the JIT inlines it
        // whole into callers; spinning and queueing live out of line.
        if (!initialTryLock()) {
            contendedLock();
        }
    }

    private void contendedLock() {
        if (!spinAcquire()) {
            acquire(1);
        }
    }

    ConditionObject newCondition() {
        return new ConditionObject();
    }

    Thread owner() {
        return getState() == 0 ? null : getExclusiveOwnerThread();
    }

    int holdCount() {
        return isHeldExclusively() ? getState() : 0;
    }

    boolean isLocked() {
        return getState() != 0;
    }

    int spinDuration() {
        return spin.duration();
    }
}
