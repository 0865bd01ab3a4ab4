package io.moirai.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A spin-then-yield-then-park back-off for retry loops: the policy the primitives of this
 * package use, for a thread's own polling loops (a cas that keeps failing, a flag another thread
 * will set).
 *
 * <pre>{@code
 * Backoff backoff = new Backoff();
 * while (!ready.get()) {
 *     backoff.pause();         // spins first, then yields, then parks for growing times
 * }
 * }</pre>
 *
 * <p>Each call to {@link #pause()} is one step, and steps get longer:
 * <ol>
 *   <li>Steps 0 to {@value #SPIN_STEPS}{@code - 1}: spin {@code 2^step} times
 *       {@link Thread#onSpinWait()} (1 to 64 iterations): cheap while the awaited event is
 *       nanoseconds away. Skipped on a machine with one available CPU (the thread that would
 *       cause the event cannot run meanwhile) and shortened to a single iteration on a virtual
 *       thread (which would hold its carrier).</li>
 *   <li>The next {@value #YIELD_STEPS} steps: {@link Thread#yield()}, which lets another thread
 *       (or virtual thread) on this CPU run.</li>
 *   <li>Later steps: {@link LockSupport#parkNanos(long)} for 1 &micro;s, doubling each step up to
 *       {@code maxParkNanos} (1 ms by default). A virtual thread unmounts while it parks.</li>
 * </ol>
 * {@link #reset()} starts over after progress. An instance belongs to one loop of one thread
 * and is not thread-safe. {@code pause} never throws; a parked step returns early when the
 * thread is interrupted (or spuriously), so the loop must check its own condition and, where
 * interrupts matter, the thread's interrupt flag.
 */
public final class Backoff {

    /** The number of spinning steps. */
    public static final int SPIN_STEPS = 7;

    /** The number of yielding steps after the spinning ones. */
    public static final int YIELD_STEPS = 4;

    private static final long MIN_PARK_NANOS = 1_000L;
    private static final long DEFAULT_MAX_PARK_NANOS = 1_000_000L;
    private static final boolean SINGLE_CPU = Runtime.getRuntime().availableProcessors() <= 1;

    private final long maxParkNanos;
    private int step;

    /** A back-off that parks for at most 1 ms per step. */
    public Backoff() {
        maxParkNanos = DEFAULT_MAX_PARK_NANOS;
    }

    /**
     * A back-off that parks for at most {@code maxParkNanos} per step.
     *
     * @param maxParkNanos the longest park of one step, in nanoseconds
     * @throws IllegalArgumentException if {@code maxParkNanos} is not positive
     */
    public Backoff(long maxParkNanos) {
        if (maxParkNanos <= 0) {
            throw new IllegalArgumentException("maxParkNanos must be positive, was " + maxParkNanos);
        }
        this.maxParkNanos = maxParkNanos;
    }

    /** Waits for one step of the schedule and moves to the next. */
    public void pause() {
        int s = step;
        if (s < SPIN_STEPS) {
            if (!SINGLE_CPU) {
                int spins = Thread.currentThread().isVirtual() ? 1 : 1 << s;
                for (int i = 0; i < spins; i++) {
                    Thread.onSpinWait();
                }
            } else {
                Thread.yield();
            }
        } else if (s < SPIN_STEPS + YIELD_STEPS) {
            Thread.yield();
        } else {
            int doublings = Math.min(s - SPIN_STEPS - YIELD_STEPS, 30);
            LockSupport.parkNanos(Math.min(maxParkNanos, MIN_PARK_NANOS << doublings));
        }
        if (s < Integer.MAX_VALUE) {
            step = s + 1;
        }
    }

    /** Starts the schedule over, after the loop made progress. */
    public void reset() {
        step = 0;
    }

    /**
     * The number of steps since creation or the last {@link #reset()}.
     *
     * @return the step count
     */
    public int step() {
        return step;
    }

    /**
     * Whether the next {@link #pause()} parks (the spin and yield steps are spent).
     *
     * @return true if the next step parks
     */
    public boolean isParking() {
        return step >= SPIN_STEPS + YIELD_STEPS;
    }
}
