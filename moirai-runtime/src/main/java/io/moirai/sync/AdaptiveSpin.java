package io.moirai.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The self-tuning spin phase the primitives run before they park: one instance per lock, so
 * that each learns how long its own critical sections last.
 *
 * <h2>Design note</h2>
 * A waiter that spins while the holder finishes a short critical section takes the lock a few
 * hundred nanoseconds later, without the park and the unpark (two system calls and a context
 * switch, several microseconds, paid partly by the releasing thread). A waiter that spins while
 * the holder is descheduled or blocked burns a CPU that the holder may need. The spin phase
 * therefore runs only when it can pay off, and for a time learnt from recent outcomes, as
 * HotSpot's adaptive spinning for monitors and Rust's {@code parking_lot} do.
 *
 * <h3>When a thread spins</h3>
 * <ul>
 *   <li>Never on a machine (or container) with one available CPU: the holder cannot run while
 *       the waiter spins.</li>
 *   <li>Only while fewer than {@code CPUs - 1} threads spin on this lock already
 *       ({@link #begin}): the holder keeps a CPU, and threads beyond that would only steal time
 *       from it. The others go straight to the queue and park.</li>
 *   <li>Only while the holder is running: the caller stops as soon as the holder's
 *       {@link Thread#getState()} is anything but {@code RUNNABLE} (it sleeps, waits or blocks
 *       inside its critical section, so its section is long).</li>
 *   <li>On a virtual thread at most {@value #VIRTUAL_MAX} iterations: a spinning virtual thread
 *       holds its carrier, which other virtual threads, perhaps the holder, need.</li>
 * </ul>
 *
 * <h3>Tuning rule</h3>
 * {@code duration} is the number of spin iterations (each one {@link Thread#onSpinWait()}, a
 * {@code PAUSE} on x86, 10 to 150 cycles by model, plus a load of the lock word) a waiter may
 * spend. It starts at {@value #INITIAL} and stays within {@code [}{@value #MIN}{@code ,
 * }{@value #MAX}{@code ]}:
 * <ul>
 *   <li>A spin that acquires after {@code i} iterations raises it to
 *       {@code max(duration, 2 i) + duration / 8}: holds are short enough, allow a little more.</li>
 *   <li>A spin that runs out lowers it to {@code duration / 2}: holds are longer than spinning
 *       can bridge; halving makes a lock whose holds turned long stop wasting CPU within a few
 *       acquisitions.</li>
 * </ul>
 * The floor keeps probing: a lock whose holds become short again succeeds within {@value #MIN}
 * iterations and grows back. The ceiling, about 10 to 100 microseconds of spinning depending on
 * the CPU, is of the order of a park and unpark, so a waiter never spins much longer than
 * parking would have cost (the classic 2-competitive bound of spin-then-block).
 *
 * <h3>Memory ordering</h3>
 * {@code duration} is a hint: racy opaque reads and writes (a lost update only delays the
 * tuning by one acquisition), and it orders nothing. {@code spinners} is updated with atomic
 * get-and-add so that the bound on spinning threads is exact; it orders nothing either. The lock
 * word itself is read and cas-ed by the caller through its synchronizer, whose volatile accesses
 * give the acquire semantics of taking the lock.
 */
final class AdaptiveSpin {

    /** The smallest spin budget, kept so that a lock whose holds became short again finds out. */
    static final int MIN = 32;

    /** The largest spin budget, of the order of a park and unpark. */
    static final int MAX = 1 << 12;

    /** The budget a new lock starts with. */
    static final int INITIAL = 256;

    /** The largest budget of a virtual thread, which holds its carrier while it spins. */
    static final int VIRTUAL_MAX = 64;

    /** How often (iterations, a power of two) a spinner checks the holder and its interrupt. */
    static final int CHECK_MASK = 63;

    /** Threads that may spin on one lock at once: every CPU but the holder's. */
    private static final int MAX_SPINNERS = Runtime.getRuntime().availableProcessors() - 1;

    private static final VarHandle DURATION;
    private static final VarHandle SPINNERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DURATION = lookup.findVarHandle(AdaptiveSpin.class, "duration", int.class);
            SPINNERS = lookup.findVarHandle(AdaptiveSpin.class, "spinners", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private int duration = INITIAL;
    private int spinners;

    /**
     * Starts a spin phase if spinning can pay off; a positive result must be followed by exactly
     * one {@link #succeeded} or {@link #failed}.
     *
     * @return the number of iterations the caller may spin, or 0 if it should park at once
     */
    int begin() {
        if (MAX_SPINNERS <= 0) {
            return 0;
        }
        // Opaque: the count only bounds spinning; a stale read at worst lets one more thread try the add.
        if ((int) SPINNERS.getOpaque(this) >= MAX_SPINNERS) {
            return 0;
        }
        if ((int) SPINNERS.getAndAdd(this, 1) >= MAX_SPINNERS) {
            SPINNERS.getAndAdd(this, -1);
            return 0;
        }
        // Opaque: a hint, see the class note.
        int budget = (int) DURATION.getOpaque(this);
        return Thread.currentThread().isVirtual() ? Math.min(budget, VIRTUAL_MAX) : budget;
    }

    /**
     * Ends a spin phase that acquired after {@code iterations}: lets later waiters spin longer.
     *
     * @param iterations the iterations spun before the acquisition
     */
    void succeeded(int iterations) {
        SPINNERS.getAndAdd(this, -1);
        int d = (int) DURATION.getOpaque(this);
        int next = Math.min(MAX, Math.max(d, iterations << 1) + (d >>> 3));
        if (next != d) {
            // Opaque: a hint; losing a concurrent update costs one acquisition's worth of tuning.
            DURATION.setOpaque(this, next);
        }
    }

    /** Ends a spin phase that ran out or gave up: halves the budget, down to {@link #MIN}. */
    void failed() {
        SPINNERS.getAndAdd(this, -1);
        int d = (int) DURATION.getOpaque(this);
        int next = Math.max(MIN, d >>> 1);
        if (next != d) {
            // Opaque: a hint, as above.
            DURATION.setOpaque(this, next);
        }
    }

    /**
     * Whether a waiter should keep spinning behind {@code holder}: the holder is running, or
     * there is none (the lock changes hands), and the waiter is not interrupted.
     *
     * @param holder the thread holding the lock as far as the caller can tell, or null
     * @return false to stop spinning and park
     */
    static boolean worthSpinning(Thread holder) {
        return (holder == null || holder.getState() == Thread.State.RUNNABLE)
                && !Thread.currentThread().isInterrupted();
    }

    /** The current budget, for tests and {@code toString}. */
    int duration() {
        return (int) DURATION.getOpaque(this);
    }
}
