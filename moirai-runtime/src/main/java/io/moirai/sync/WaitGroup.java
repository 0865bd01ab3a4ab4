package io.moirai.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

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

    private static final VarHandle ROUND;

    static {
        try {
            ROUND = MethodHandles.lookup().findVarHandle(WaitGroup.class, "round", Round.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The counter and the generation it belongs to, replaced as a whole by each change (see
     * {@link Round}). Read with volatile semantics and changed by CAS: the CAS that ends a
     * generation is ordered before the release of that generation's gate, and a waiter that
     * reads a zero counter reads it through the CAS that wrote it.
     */
    private volatile Round round = new Round(0, new Gate());

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
        for (;;) {
            Round r = round;
            int c = r.count;
            long next = (long) c + delta;
            if (next < 0) {
                throw new IllegalStateException("the counter would become negative: " + c + " + " + delta);
            }
            if (next > Integer.MAX_VALUE) {
                throw new IllegalStateException("the counter would overflow: " + c + " + " + delta);
            }
            if (next == c) {
                return;
            }
            boolean ends = next == 0;
            // A generation that ends hands the next one a fresh gate: its own gate opens once and
            // only for the waiters that saw this generation's counter above zero.
            Round n = new Round((int) next, ends ? new Gate() : r.gate);
            if (ROUND.compareAndSet(this, r, n)) {
                if (ends) {
                    r.gate.open();
                }
                return;
            }
        }
    }

    /**
     * Decrements the counter: {@code add(-1)}.
     *
     * @throws IllegalStateException if the counter is zero; it is then unchanged
     */
    public void done() {
        add(-1);
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
        awaitEnd(round);
    }

    /**
     * Waits for the end of the generation of {@code seen}, a round read earlier, however long ago:
     * the part of {@link #await()} after its read, apart so that a test can place that read
     * before a generation ends and the wait after the next one has started.
     */
    void awaitEnd(Round seen) throws InterruptedException {
        if (seen.count != 0) {
            seen.gate.acquireSharedInterruptibly(1);
        }
    }

    /** The current round; for {@link #awaitEnd}'s tests. */
    Round currentRound() {
        return round;
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
        Round r = round;
        return r.count == 0 || r.gate.tryAcquireSharedNanos(1, nanos);
    }

    /**
     * The counter; for monitoring.
     *
     * @return the counter
     */
    public int count() {
        return round.count;
    }

    /** The identity string followed by {@code [Count = N]}. */
    @Override
    public String toString() {
        return super.toString() + "[Count = " + count() + "]";
    }

    /**
     * One value of the counter, with the gate of the generation it belongs to: every round of a
     * generation shares the gate, and the change that brings the counter to zero installs a round
     * with a new gate, then opens the old one. A waiter waits at the gate of the round it read, so
     * it is released by the end of exactly the generation whose nonzero counter it saw, however
     * late it reaches the gate, and never by the end of an earlier one.
     *
     * <p>One gate per generation is what makes "every thread waiting at that moment is released"
     * hold. A single queue shared by all generations (an earlier design, with the generation
     * number as the acquire argument) let a waiter of an ended generation that was descheduled
     * just before it queued end up behind a waiter of the next generation; the queue re-checks
     * only its first waiter, so the late one stayed parked until the next zero.
     */
    record Round(int count, Gate gate) {
    }

    /** A gate that opens once and stays open: state 0 closed, 1 open. */
    static final class Gate extends AbstractQueuedSynchronizer {

        private static final long serialVersionUID = 1L;

        void open() {
            releaseShared(1);
        }

        @Override
        protected int tryAcquireShared(int ignored) {
            return getState() != 0 ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(int ignored) {
            // Only the one change that ends the generation opens its gate; the volatile write
            // publishes everything before that change to the waiters that read it.
            setState(1);
            return true;
        }
    }
}
