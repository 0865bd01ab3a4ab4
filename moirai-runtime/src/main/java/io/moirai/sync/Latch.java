package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A one-shot latch with the semantics of {@link java.util.concurrent.CountDownLatch}: threads
 * wait until the count, set once at construction, has been counted down to zero.
 *
 * <pre>{@code
 * Latch ready = new Latch(workers.size());
 * for (Worker w : workers) {
 *     runtime.execute(() -> { w.warmUp(); ready.countDown(); });
 * }
 * ready.await();          // every worker has warmed up, and its writes are visible here
 * }</pre>
 *
 * <p>Actions of a thread before its {@link #countDown()} happen-before every return from
 * {@link #await()} that it enabled. The latch cannot be reset; {@link WaitGroup} and
 * {@link Barrier} are the reusable forms. Waiters park at once: a latch's waits are long by
 * nature, so a spin phase would only burn CPU.
 */
public final class Latch {

    private final Sync sync;

    /**
     * Creates a latch.
     *
     * @param count the number of {@link #countDown()} calls before waiters pass
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Latch(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        sync = new Sync(count);
    }

    /**
     * Waits until the count reaches zero; returns at once if it is zero.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *         waiting; its interrupt flag is then cleared
     */
    public void await() throws InterruptedException {
        sync.acquireSharedInterruptibly(1);
    }

    /**
     * Waits until the count reaches zero or the timeout elapses.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @param unit    the unit of {@code timeout}
     * @return true if the count reached zero, false if the time elapsed first (never earlier)
     * @throws NullPointerException if {@code unit} is null
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *                              waiting; its interrupt flag is then cleared
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return sync.tryAcquireSharedNanos(1, Objects.requireNonNull(unit, "unit").toNanos(timeout));
    }

    /** Decrements the count, releasing every waiter when it reaches zero; does nothing at zero. */
    public void countDown() {
        sync.releaseShared(1);
    }

    /**
     * The current count; for monitoring.
     *
     * @return the count
     */
    public long getCount() {
        return sync.count();
    }

    /** The identity string followed by {@code [Count = N]}. */
    @Override
    public String toString() {
        return super.toString() + "[Count = " + sync.count() + "]";
    }

    /**
     * The state is the count. countDown is a cas (volatile) and await's check a volatile read of
     * the state, so every countDown happens-before an await that sees zero.
     */
    private static final class Sync extends AbstractQueuedSynchronizer {

        private static final long serialVersionUID = 1L;

        Sync(int count) {
            setState(count);
        }

        int count() {
            return getState();
        }

        @Override
        protected int tryAcquireShared(int unused) {
            return getState() == 0 ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(int unused) {
            for (;;) {
                int c = getState();
                if (c == 0) {
                    return false;
                }
                if (compareAndSetState(c, c - 1)) {
                    return c == 1;
                }
            }
        }
    }
}
