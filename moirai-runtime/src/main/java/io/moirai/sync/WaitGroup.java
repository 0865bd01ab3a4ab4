package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;

/**
 * A Go-style wait group: a counter of outstanding work that threads can wait to reach zero,
 * reusable once it has.
 *
 * <pre>{@code
 * WaitGroup pending = new WaitGroup();
 * for (Request r : batch) {
 *     pending.add(1);                       // before handing the work over
 *     runtime.execute(() -> {
 *         try {
 *             handle(r);
 *         } finally {
 *             pending.done();
 *         }
 *     });
 * }
 * pending.await();                          // every handle(r) has finished
 * }</pre>
 *
 * <ul>
 *   <li>{@link #add(int)} changes the counter; a change that would make it negative (or overflow
 *       an {@code int}) throws {@link IllegalStateException} and leaves it unchanged.</li>
 *   <li>{@link #await()} returns once the counter is zero: at once if it is zero, otherwise when
 *       it next reaches zero. Each time the counter reaches zero ends a <em>generation</em>:
 *       every thread waiting at that moment is released, even if the counter rises again before
 *       it has woken up. Afterwards {@code add} starts a new generation.</li>
 *   <li>Every change that brought the counter to zero, and everything before it in its thread,
 *       happens-before the returns from {@code await} it enabled.</li>
 * </ul>
 * Waiters park at once (no spin phase: the waits are long by nature).
 */
public final class WaitGroup {

    private final Sync sync = new Sync();

    /** Creates a wait group with counter zero. */
    public WaitGroup() {
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter; releases the waiters when it
     * reaches zero.
     *
     * @param delta the change
     * @throws IllegalStateException if the counter would become negative or overflow; it is then
     *                               unchanged
     */
    public void add(int delta) {
        sync.releaseShared(delta);
    }

    /**
     * Decrements the counter: {@code add(-1)}.
     *
     * @throws IllegalStateException if the counter is zero; it is then unchanged
     */
    public void done() {
        sync.releaseShared(-1);
    }

    /**
     * Waits until the counter is zero.
     *
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *         waiting; its interrupt flag is then cleared
     */
    public void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long s = sync.state();
        if (Sync.count(s) != 0) {
            sync.acquireSharedInterruptibly(Sync.generation(s));
        }
    }

    /**
     * Waits until the counter is zero or the timeout elapses.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @param unit    the unit of {@code timeout}
     * @return true if the counter was or became zero, false if the time elapsed first (never
     *         earlier)
     * @throws NullPointerException if {@code unit} is null
     * @throws InterruptedException if the current thread is interrupted on entry or while
     *                              waiting; its interrupt flag is then cleared
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = Objects.requireNonNull(unit, "unit").toNanos(timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long s = sync.state();
        return Sync.count(s) == 0 || sync.tryAcquireSharedNanos(Sync.generation(s), nanos);
    }

    /**
     * The counter; for monitoring.
     *
     * @return the counter
     */
    public int count() {
        return Sync.count(sync.state());
    }

    /** The identity string followed by {@code [Count = N]}. */
    @Override
    public String toString() {
        return super.toString() + "[Count = " + count() + "]";
    }

    /**
     * The state packs the counter (lower 32 bits) and the generation, the number of times the
     * counter has reached zero (upper 32 bits, wrapping). A waiter passes the generation it saw
     * with a nonzero counter as its acquire argument and may pass once the counter is zero or the
     * generation has moved on, so a waiter woken late does not miss a zero that was followed by
     * a new {@code add}. Both change in one cas of the state (volatile), which therefore orders
     * the change that ended a generation before the waiter's read of the state.
     */
    private static final class Sync extends AbstractQueuedLongSynchronizer {

        private static final long serialVersionUID = 1L;

        static int count(long state) {
            return (int) state;
        }

        static long generation(long state) {
            return state >>> 32;
        }

        long state() {
            return getState();
        }

        @Override
        protected long tryAcquireShared(long generation) {
            long s = getState();
            return count(s) == 0 || generation(s) != generation ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(long delta) {
            for (;;) {
                long s = getState();
                int c = count(s);
                long next = (long) c + delta;
                if (next < 0) {
                    throw new IllegalStateException("the counter would become negative: " + c + " + " + delta);
                }
                if (next > Integer.MAX_VALUE) {
                    throw new IllegalStateException("the counter would overflow: " + c + " + " + delta);
                }
                boolean ends = next == 0 && c != 0;
                long gen = ends ? generation(s) + 1 : generation(s);
                if (compareAndSetState(s, ((gen & 0xFFFF_FFFFL) << 32) | next)) {
                    return ends;
                }
            }
        }
    }
}
