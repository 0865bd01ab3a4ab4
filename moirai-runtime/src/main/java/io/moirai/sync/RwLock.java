package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A reentrant read-write lock that spins adaptively before it parks: many readers or one
 * writer, with the reentrancy rules of {@link ReentrantReadWriteLock}.
 *
 * <pre>{@code
 * private final RwLock rw = new RwLock();
 * private final Map<String, Price> prices = new HashMap<>();
 *
 * Price price(String symbol) {
 *     rw.readLock().lock();
 *     try {
 *         return prices.get(symbol);
 *     } finally {
 *         rw.readLock().unlock();
 *     }
 * }
 *
 * void update(String symbol, Price price) {
 *     rw.writeLock().lock();
 *     try {
 *         prices.put(symbol, price);
 *     } finally {
 *         rw.writeLock().unlock();
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Reentrancy.</b> Readers and the writer may reacquire their lock; the writer may also
 *       take read holds. Up to 65,535 read holds (all threads together) and 65,535 write holds
 *       exist at once; one more throws {@link Error}, as the JDK does.</li>
 *   <li><b>Downgrade</b> is allowed: acquire the write lock, then the read lock, then release
 *       the write lock.</li>
 *   <li><b>Upgrade fails fast</b>: a thread that holds read holds (and not the write lock) and
 *       calls {@code writeLock().lock()}, {@code lockInterruptibly()} or
 *       {@code tryLock(time, unit)} gets an {@link IllegalMonitorStateException} at once, where
 *       {@link ReentrantReadWriteLock} deadlocks; {@code writeLock().tryLock()} returns false.</li>
 *   <li><b>Conditions</b>: only the write lock has them ({@link Mutex}'s contract);
 *       {@code readLock().newCondition()} throws {@link UnsupportedOperationException}.</li>
 *   <li><b>Unlock</b> of a lock the current thread does not hold throws
 *       {@link IllegalMonitorStateException}.</li>
 *   <li><b>Fairness.</b> In both modes a new reader queues behind any queued thread, so a
 *       waiting writer is not starved by a stream of readers. An unfair writer barges; a fair one
 *       queues behind queued threads. {@code tryLock()} barges in both modes.</li>
 * </ul>
 * A writer's unlock happens-before every later acquisition of either lock; a reader's unlock
 * happens-before the next write acquisition.
 */
public final class RwLock implements ReadWriteLock {

    private final RwLockSync sync;
    private final ReadLock readLock;
    private final WriteLock writeLock;

    /** Creates an unfair read-write lock. */
    public RwLock() {
        this(false);
    }

    /**
     * Creates a read-write lock with the given fairness.
     *
     * @param fair true to make writers queue behind queued threads
     */
    public RwLock(boolean fair) {
        sync = new RwLockSync(fair);
        readLock = new ReadLock(sync);
        writeLock = new WriteLock(sync);
    }

    /**
     * The read lock (shared); its {@code newCondition()} throws
     * {@link UnsupportedOperationException}.
     *
     * @return the read lock, always the same instance
     */
    @Override
    public Lock readLock() {
        return readLock;
    }

    /**
     * The write lock (exclusive, with conditions).
     *
     * @return the write lock, always the same instance
     */
    @Override
    public Lock writeLock() {
        return writeLock;
    }

    /**
     * Whether this lock is fair.
     *
     * @return true if fair
     */
    public boolean isFair() {
        return sync.fair;
    }

    /**
     * Whether any thread holds the write lock; for monitoring.
     *
     * @return true if write-locked
     */
    public boolean isWriteLocked() {
        return sync.isWriteLocked();
    }

    /**
     * Whether the current thread holds the write lock.
     *
     * @return true if so
     */
    public boolean isWriteLockedByCurrentThread() {
        return sync.isHeldExclusively();
    }

    /**
     * The read holds of all threads together; for monitoring.
     *
     * @return the number of read holds
     */
    public int getReadLockCount() {
        return sync.readLockCount();
    }

    /**
     * The current thread's read holds.
     *
     * @return the number of read holds of the current thread
     */
    public int getReadHoldCount() {
        return sync.readHoldCount(Thread.currentThread());
    }

    /**
     * The current thread's write holds.
     *
     * @return the number of write holds of the current thread, 0 if it is not the writer
     */
    public int getWriteHoldCount() {
        return sync.writeHoldCount();
    }

    /**
     * Whether any thread is queued waiting for either lock; for monitoring.
     *
     * @return true if a thread may be queued
     */
    public boolean hasQueuedThreads() {
        return sync.hasQueuedThreads();
    }

    /**
     * Whether {@code thread} is queued waiting for either lock; for monitoring.
     *
     * @param thread the thread
     * @return true if {@code thread} may be queued
     * @throws NullPointerException if {@code thread} is null
     */
    public boolean hasQueuedThread(Thread thread) {
        return sync.isQueued(Objects.requireNonNull(thread, "thread"));
    }

    /**
     * An estimate of the number of threads queued waiting for either lock; for monitoring.
     *
     * @return the number of threads queued
     */
    public int getQueueLength() {
        return sync.getQueueLength();
    }

    /**
     * Whether any thread awaits {@code condition}, a condition of the write lock, as
     * {@link ReentrantReadWriteLock#hasWaiters(Condition)} answers: for monitoring.
     *
     * @param condition a condition of this lock's write lock
     * @return true if a thread may be waiting
     * @throws NullPointerException         if {@code condition} is null
     * @throws IllegalArgumentException     if {@code condition} does not belong to this lock
     * @throws IllegalMonitorStateException if the current thread does not hold the write lock
     */
    public boolean hasWaiters(Condition condition) {
        return sync.hasWaiters(OwnConditions.of(sync, condition));
    }

    /**
     * An estimate of the number of threads awaiting {@code condition}, a condition of the write
     * lock, as {@link ReentrantReadWriteLock#getWaitQueueLength(Condition)} gives it.
     *
     * @param condition a condition of this lock's write lock
     * @return the number of threads waiting
     * @throws NullPointerException         if {@code condition} is null
     * @throws IllegalArgumentException     if {@code condition} does not belong to this lock
     * @throws IllegalMonitorStateException if the current thread does not hold the write lock
     */
    public int getWaitQueueLength(Condition condition) {
        return sync.getWaitQueueLength(OwnConditions.of(sync, condition));
    }

    /**
     * The identity string followed by {@code [Write locks = W, Read locks = R]}, as
     * {@link ReentrantReadWriteLock#toString()} does.
     */
    @Override
    public String toString() {
        return super.toString() + "[Write locks = " + sync.writeLockCount()
                + ", Read locks = " + sync.readLockCount() + "]";
    }

    private static final class ReadLock implements Lock {

        private final RwLockSync sync;

        ReadLock(RwLockSync sync) {
            this.sync = sync;
        }

        @Override
        public void lock() {
            if (sync.tryAcquireShared(1) < 0 && !sync.spinRead()) {
                sync.acquireShared(1);
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (sync.tryAcquireShared(1) < 0 && !sync.spinRead()) {
                sync.acquireSharedInterruptibly(1);
            }
        }

        @Override
        public boolean tryLock() {
            return sync.tryReadLock();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long nanos = Objects.requireNonNull(unit, "unit").toNanos(time);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return sync.tryAcquireShared(1) >= 0 || nanos > 0 && sync.spinRead()
                    || sync.tryAcquireSharedNanos(1, nanos);
        }

        @Override
        public void unlock() {
            sync.releaseShared(1);
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("the read lock has no conditions; use the write lock's");
        }

        @Override
        public String toString() {
            return super.toString() + "[Read locks = " + sync.readLockCount() + "]";
        }
    }

    private static final class WriteLock implements Lock {

        private final RwLockSync sync;

        WriteLock(RwLockSync sync) {
            this.sync = sync;
        }

        @Override
        public void lock() {
            if (!sync.tryAcquire(1)) {
                sync.checkNotUpgrading();
                if (!sync.spinWrite()) {
                    sync.acquire(1);
                }
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (!sync.tryAcquire(1)) {
                sync.checkNotUpgrading();
                if (!sync.spinWrite()) {
                    sync.acquireInterruptibly(1);
                }
            }
        }

        @Override
        public boolean tryLock() {
            return sync.tryWriteLock();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long nanos = Objects.requireNonNull(unit, "unit").toNanos(time);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (sync.tryAcquire(1)) {
                return true;
            }
            sync.checkNotUpgrading();
            return nanos > 0 && sync.spinWrite() || sync.tryAcquireNanos(1, nanos);
        }

        @Override
        public void unlock() {
            sync.release(1);
        }

        @Override
        public Condition newCondition() {
            return sync.newCondition();
        }

        @Override
        public String toString() {
            Thread owner = sync.writer();
            return super.toString() + (owner == null ? "[Unlocked]" : "[Locked by thread " + owner.getName() + "]");
        }
    }
}
