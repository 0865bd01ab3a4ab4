package io.moirai.sync;

import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;

/**
 * A reusable barrier with the semantics of {@link java.util.concurrent.CyclicBarrier}: a fixed
 * number of parties wait for each other, then all proceed, and the barrier starts over.
 *
 * <pre>{@code
 * Barrier step = new Barrier(workers, () -> grid.swapBuffers());
 * // in each worker, for each step:
 * computeMyRows();
 * step.await();            // the last to arrive swaps the buffers, then everyone continues
 * }</pre>
 *
 * <ul>
 *   <li>{@link #await()} returns the arrival index: {@code getParties() - 1} for the first to
 *       arrive, 0 for the last. The last arrival runs the barrier action (if any) before anyone
 *       is released, then starts a new generation.</li>
 *   <li>The barrier <em>breaks</em> when a waiting party is interrupted (it throws
 *       {@link InterruptedException}), times out (it throws {@link TimeoutException}), when the
 *       action throws (the exception propagates to the last arrival), or on {@link #reset()}
 *       with parties waiting. Every other party of that generation, waiting or arriving later,
 *       gets {@link BrokenBarrierException} until {@link #reset()}.</li>
 *   <li>Everything each party did before {@code await} happens-before the barrier action, which
 *       happens-before every party's return from {@code await}.</li>
 * </ul>
 * Waiting parks through a {@link Mutex} condition, so it never pins a virtual thread's carrier.
 */
public final class Barrier {

    private final Mutex lock = new Mutex();
    private final Condition tripped = lock.newCondition();
    private final int parties;
    private final Runnable action;
    // Guarded by lock.
    private Generation generation = new Generation();
    private int waiting;

    /** One round of the barrier; a new instance per trip or reset. Guarded by lock. */
    private static final class Generation {
        boolean broken;
    }

    /**
     * Creates a barrier without an action.
     *
     * @param parties the number of threads that must call {@link #await()} to trip it
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        this(parties, null);
    }

    /**
     * Creates a barrier that runs {@code barrierAction} on the last arriving thread of each
     * round.
     *
     * @param parties       the number of threads that must call {@link #await()} to trip it
     * @param barrierAction run when the barrier trips, or null for none
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties, Runnable barrierAction) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties must be positive, was " + parties);
        }
        this.parties = parties;
        this.action = barrierAction;
    }

    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code getParties() - 1} for the first, 0 for the last
     * @throws InterruptedException   if the current thread was interrupted on entry or while
     *                                waiting (the barrier is then broken; the flag is cleared)
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return dowait(false, 0L);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits until every party has arrived or the timeout elapses.
     *
     * @param timeout the longest time to wait; zero or negative means do not wait
     * @param unit    the unit of {@code timeout}
     * @return the arrival index
     * @throws NullPointerException   if {@code unit} is null
     * @throws InterruptedException   if interrupted on entry or while waiting (the barrier
     *                                breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     * @throws TimeoutException       if the time elapsed first (never earlier); the barrier breaks
     */
    public int await(long timeout, TimeUnit unit)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        return dowait(true, Objects.requireNonNull(unit, "unit").toNanos(timeout));
    }

    private int dowait(boolean timed, long nanos)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        lock.lock();
        try {
            Generation g = generation;
            if (g.broken) {
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                breakBarrier();
                throw new InterruptedException();
            }
            int index = parties - 1 - waiting;
            if (index == 0) {
                // The last arrival counts as waiting while the action runs: getNumberWaiting()
                // there answers getParties(), as CyclicBarrier's does. trip() or breakBarrier()
                // sets the count back to 0.
                waiting++;
                trip();
                return 0;
            }
            waiting++;
            for (;;) {
                try {
                    if (!timed) {
                        tripped.await();
                    } else if (nanos > 0L) {
                        nanos = tripped.awaitNanos(nanos);
                    }
                } catch (InterruptedException e) {
                    if (g == generation && !g.broken) {
                        breakBarrier();
                        throw e;
                    }
                    // The barrier tripped or broke before the interrupt was seen: keep the result,
                    // and report the interrupt through the flag, as CyclicBarrier does.
                    Thread.currentThread().interrupt();
                }
                if (g.broken) {
                    throw new BrokenBarrierException();
                }
                if (g != generation) {
                    return index;
                }
                if (timed && nanos <= 0L) {
                    breakBarrier();
                    throw new TimeoutException();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The last arrival: runs the action, then releases the round; breaks it if the action fails. */
    private void trip() {
        boolean ran = false;
        try {
            if (action != null) {
                action.run();
            }
            ran = true;
            waiting = 0;
            generation = new Generation();
            tripped.signalAll();
        } finally {
            if (!ran) {
                breakBarrier();
            }
        }
    }

    private void breakBarrier() {
        generation.broken = true;
        waiting = 0;
        tripped.signalAll();
    }

    /**
     * Breaks the current round (parties waiting get {@link BrokenBarrierException}) and starts a
     * new one.
     */
    public void reset() {
        lock.lock();
        try {
            breakBarrier();
            generation = new Generation();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the current round is broken.
     *
     * @return true if broken
     */
    public boolean isBroken() {
        lock.lock();
        try {
            return generation.broken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of parties needed to trip the barrier.
     *
     * @return the parties
     */
    public int getParties() {
        return parties;
    }

    /**
     * The number of parties waiting now; for monitoring.
     *
     * @return the parties waiting
     */
    public int getNumberWaiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
