package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant mutual-exclusion lock that spins adaptively before it parks: a drop-in for
 * {@link ReentrantLock}.
 *
 * <pre>{@code
 * private final Mutex mutex = new Mutex();
 *
 * void transfer(Account from, Account to, long amount) {
 *     mutex.lock();
 *     try {
 *         from.debit(amount);
 *         to.credit(amount);
 *     } finally {
 *         mutex.unlock();
 *     }
 * }
 * }</pre>
 *
 * <p>The contract is {@link ReentrantLock}'s: the thread that last locked and has not yet
 * unlocked owns the mutex; the owner may lock again (up to 2<sup>31</sup> - 1 holds) and must
 * unlock as often; {@link #unlock()} by any other thread throws
 * {@link IllegalMonitorStateException}. Each {@link #lock()} that returns happens-after the
 * {@link #unlock()} that last freed the mutex, so a holder sees every write made by earlier
 * holders inside their critical sections.
 *
 * <p>A contended {@link #lock()} may spin, for a self-tuning time and only while the owner runs
 * (see the package documentation for when it spins), then parks in a FIFO queue. At most one
 * thread spins on a mutex at a time; the others park. Waiting never pins a virtual thread's
 * carrier: threads park with {@code LockSupport}.
 *
 * <p><b>Fairness.</b> An unfair mutex (the default) lets a thread take a free mutex ahead of the
 * waiting ones (barging), and lets the thread that just released it take it again first, since
 * that thread has the mutex and the data it guards in its cache: this gives the most throughput.
 * The unfairness is bounded, as long as holders keep releasing. The spinning waiter gets the
 * mutex after at most a quarter of its spin budget (16 microseconds at most) and two more
 * critical sections, or else parks; the first queued thread gets it after at most about a
 * millisecond of waiting first in line, plus a spinning waiter's turn, two critical sections and
 * its own wake-up; the others wait in queue order behind it. To keep these bounds, a releasing
 * thread may reserve the mutex for the waiter whose turn it is: a reserved mutex is not locked
 * ({@link #isLocked()} is false) but no other thread can take it, not even with
 * {@link #tryLock()}. A fair mutex grants the lock to threads in the order they queued: arriving
 * and spinning threads take a free lock only when no thread is queued. As with
 * {@link ReentrantLock}, the untimed {@link #tryLock()} barges even on a fair mutex, and
 * {@link #tryLock(long, TimeUnit)} honours fairness.
 *
 * <p>{@link #newCondition()} gives {@link Condition}s with the exact contract of
 * {@link ReentrantLock#newCondition()}: awaiting releases every hold and reacquires them before
 * returning; {@code signal} without holding the mutex throws
 * {@link IllegalMonitorStateException}; interrupts and timeouts are reported as the JDK does.
 *
 * <p>Serialization is not supported: a mutex is not {@code Serializable}.
 */
public final class Mutex implements Lock {

    private final MutexSync sync;

    /** Creates an unfair mutex. */
    public Mutex() {
        this(false);
    }

    /**
     * Creates a mutex with the given fairness.
     *
     * @param fair true to grant the lock to queued threads in FIFO order
     */
    public Mutex(boolean fair) {
        sync = new MutexSync(fair);
    }

    /**
     * Acquires the mutex, waiting (spinning, then parking) as long as it takes. Interrupts while
     * waiting are not reported by an exception; the thread's interrupt flag is set again when
     * this method returns.
     */
    @Override
    public void lock() {
        sync.lock();
    }

    /**
     * Acquires the mutex unless the current thread is interrupted.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *         waiting; its interrupt flag is then cleared
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sync.lockInterruptibly();
    }

    /**
     * Acquires the mutex if it is free or held by the current thread, without waiting. Barges
     * even on a fair mutex, as {@link ReentrantLock#tryLock()} does, but never into a mutex
     * reserved for a waiting thread (see the class documentation).
     *
     * @return true if the current thread now holds the mutex
     */
    @Override
    public boolean tryLock() {
        return sync.tryLockBarging();
    }

    /**
     * Acquires the mutex if it becomes available within the timeout. Honours fairness. Returns
     * no earlier than the timeout when it fails (within the JDK's parking precision).
     *
     * @param time the longest time to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return true if the current thread now holds the mutex, false if the time elapsed first
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *         waiting; its interrupt flag is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long nanos = Objects.requireNonNull(unit, "unit").toNanos(time);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return sync.tryLock(nanos);
    }

    /**
     * Releases one hold; the mutex is free when the owner has released every hold.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the mutex
     */
    @Override
    public void unlock() {
        sync.unlock();
    }

    /**
     * A new condition bound to this mutex, with the contract of
     * {@link ReentrantLock#newCondition()}.
     *
     * @return the condition
     */
    @Override
    public Condition newCondition() {
        return sync.newCondition();
    }

    /**
     * Whether any thread holds the mutex; for monitoring, not for synchronization.
     *
     * @return true if held
     */
    public boolean isLocked() {
        return sync.isLocked();
    }

    /**
     * Whether the current thread holds the mutex.
     *
     * @return true if held by the current thread
     */
    public boolean isHeldByCurrentThread() {
        return sync.isHeldExclusively();
    }

    /**
     * The number of holds the current thread has on the mutex.
     *
     * @return the hold count, 0 if the current thread does not hold it
     */
    public int getHoldCount() {
        return sync.holdCount();
    }

    /**
     * Whether the mutex is fair.
     *
     * @return true if fair
     */
    public boolean isFair() {
        return sync.fair;
    }

    /**
     * Whether any thread is queued (parked, about to park, or spinning as the first queued thread)
     * waiting for the mutex; a thread that spins before queueing is not queued. For monitoring,
     * not for synchronization.
     *
     * @return true if a thread may be queued
     */
    public boolean hasQueuedThreads() {
        return sync.hasQueuedThreads();
    }

    /**
     * An estimate of the number of queued threads, for monitoring.
     *
     * @return the number of threads queued
     */
    public int getQueueLength() {
        return sync.getQueueLength();
    }

    /**
     * Whether {@code thread} is queued waiting for the mutex, in the sense of
     * {@link #hasQueuedThreads()}. For monitoring, not for synchronization.
     *
     * @param thread the thread
     * @return true if {@code thread} may be queued
     * @throws NullPointerException if {@code thread} is null
     */
    public boolean hasQueuedThread(Thread thread) {
        return sync.isQueued(Objects.requireNonNull(thread, "thread"));
    }

    /**
     * Whether any thread awaits {@code condition}, as {@link ReentrantLock#hasWaiters(Condition)}
     * answers: for monitoring, not for synchronization.
     *
     * @param condition a condition of this mutex
     * @return true if a thread may be waiting
     * @throws NullPointerException         if {@code condition} is null
     * @throws IllegalArgumentException     if {@code condition} does not belong to this mutex
     * @throws IllegalMonitorStateException if the current thread does not hold the mutex
     */
    public boolean hasWaiters(Condition condition) {
        return sync.hasWaiters(OwnConditions.of(sync, condition));
    }

    /**
     * An estimate of the number of threads awaiting {@code condition}, as
     * {@link ReentrantLock#getWaitQueueLength(Condition)} gives it: for monitoring.
     *
     * @param condition a condition of this mutex
     * @return the number of threads waiting
     * @throws NullPointerException         if {@code condition} is null
     * @throws IllegalArgumentException     if {@code condition} does not belong to this mutex
     * @throws IllegalMonitorStateException if the current thread does not hold the mutex
     */
    public int getWaitQueueLength(Condition condition) {
        return sync.getWaitQueueLength(OwnConditions.of(sync, condition));
    }

    /** The current spin budget in nanoseconds, for tests. */
    int spinDuration() {
        return sync.spinDuration();
    }

    /**
     * The identity string followed by {@code [Unlocked]} or {@code [Locked by thread NAME]}, as
     * {@link ReentrantLock#toString()} does.
     */
    @Override
    public String toString() {
        Thread owner = sync.owner();
        return super.toString() + (owner == null ? "[Unlocked]" : "[Locked by thread " + owner.getName() + "]");
    }
}
