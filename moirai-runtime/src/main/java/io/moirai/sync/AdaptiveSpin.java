package io.moirai.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The self-tuning spin phase the primitives run before they park: one instance per lock, so
 * that each learns how long its own critical sections last.
 */
final class AdaptiveSpin extends AdaptiveSpinPad1 {
    /*
     * Design note
     *
     * Where it sits
     * Each primitive of this package keeps its wait queue in an AbstractQueuedSynchronizer (the
     * JDK's queue, with its exact condition, timeout and interrupt semantics, proven by two
     * decades of use). The read-write lock and the semaphore put this spin phase in front of it,
     * because their waits are usually short; latches, wait groups, barriers and Once wait for
     * work, not for a critical section, and park at once. Mutex, whose short critical sections
     * matter most, has a spin protocol of its own with one spinning successor, which lets the
     * releasing thread re-acquire first (MutexSync's design note); it shares the tuning rule
     * below, in nanoseconds instead of iterations.
     *
     * Why spin at all
     * A waiter that spins while the holder finishes a short critical section takes the lock a few
     * hundred nanoseconds later, without the park and the unpark (two system calls and a context
     * switch, several microseconds, paid partly by the releasing thread, which saves its unpark
     * when the waiter never parked). A waiter that spins while the holder is descheduled or
     * blocked burns a CPU that the holder may need. The spin phase therefore runs only when it can
     * pay off, and for a time learnt from recent outcomes, as HotSpot's adaptive spinning for
     * monitors and Rust's parking_lot do: spin about as long as parking would cost, and less where
     * recent spins failed.
     *
     * When a thread spins
     *   - Never on a machine (or container) with one available CPU: the holder cannot run while
     *     the waiter spins.
     *   - Only while fewer than CPUs - 1 threads spin on this lock already (begin): the holder
     *     keeps a CPU, and threads beyond that would only steal time from it. The others go
     *     straight to the queue and park.
     *   - Only while the holder is running: the caller checks every CHECK_MASK + 1 iterations and
     *     stops as soon as the holder's Thread.getState() is anything but RUNNABLE (it sleeps,
     *     waits or blocks inside its critical section, so its section is long), or the spinner is
     *     interrupted (worthSpinning).
     *   - On a virtual thread at most VIRTUAL_MAX (64) iterations: a spinning virtual thread holds
     *     its carrier, which other virtual threads, perhaps the holder, need.
     *   - Callers add stop conditions of their own: a reader also stops once a thread is queued;
     *     a semaphore, which has no holder, stops once a thread is queued or it is interrupted.
     *
     * Tuning rule
     * duration is the number of spin iterations (each one Thread.onSpinWait(), a PAUSE on x86, 10
     * to 150 cycles by model, plus a load of the lock word) a waiter may spend. It starts at
     * INITIAL (256) and stays within [MIN, MAX] = [32, 4096]:
     *   - A spin that acquires after i iterations raises it to max(duration, 2 i) + duration / 8:
     *     holds are short enough, allow a little more.
     *   - A spin that runs out lowers it to duration / 2: holds are longer than spinning can
     *     bridge; halving makes a lock whose holds turned long stop wasting CPU within a few
     *     acquisitions.
     * The floor keeps probing: a lock whose holds become short again succeeds within MIN
     * iterations and grows back. The ceiling, about 10 to 100 microseconds of spinning depending
     * on the CPU, is of the order of a park and unpark, so a waiter never spins much longer than
     * parking would have cost (the classic 2-competitive bound of spin-then-block).
     *
     * Memory ordering
     * In the vocabulary of io.moirai.concurrent's package documentation. duration is a hint: racy
     * opaque reads and writes (a lost update only delays the tuning by one acquisition), and it
     * orders nothing. spinners is updated with atomic get-and-add so that the bound on spinning
     * threads is exact; it orders nothing either. The lock word itself is read and cas-ed by the
     * caller through its synchronizer, whose volatile accesses give the acquire semantics of
     * taking the lock.
     *
     * Layout
     * An instance is allocated right after its lock's synchronizer, whose state word every waiter
     * polls. The atomic updates of spinners would invalidate that line on every contended
     * acquisition if the two shared it, so the class chain pads the two counters with 128 bytes
     * on each side (adjacent-line prefetchers fetch lines in pairs):
     *   AdaptiveSpinPad0    128 bytes of padding, after the object header
     *   AdaptiveSpinFields  duration, spinners
     *   AdaptiveSpinPad1    128 bytes of padding, before the next object
     *   AdaptiveSpin        no fields
     * AdaptiveSpinLayoutTest checks it with JOL.
     */

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
            DURATION = lookup.findVarHandle(AdaptiveSpinFields.class, "duration", int.class);
            SPINNERS = lookup.findVarHandle(AdaptiveSpinFields.class, "spinners", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    AdaptiveSpin() {
        // Plain: the lock that owns this instance is published to other threads after construction.
        DURATION.set(this, INITIAL);
    }

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
        // Opaque: a hint, see the design note.
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
        int next = afterSuccess(d, iterations, MAX);
        if (next != d) {
            // Opaque: a hint; losing a concurrent update costs one acquisition's worth of tuning.
            DURATION.setOpaque(this, next);
        }
    }

    /** Ends a spin phase that ran out or gave up: halves the budget, down to {@link #MIN}. */
    void failed() {
        SPINNERS.getAndAdd(this, -1);
        int d = (int) DURATION.getOpaque(this);
        int next = afterFailure(d, MIN);
        if (next != d) {
            // Opaque: a hint, as above.
            DURATION.setOpaque(this, next);
        }
    }

    /**
     * The tuning rule after a spin that acquired: {@code max(budget, 2 spent) + budget / 8}, at
     * most {@code max}. Shared with {@link MutexSync}, which counts in nanoseconds.
     *
     * @param budget the current budget
     * @param spent what the successful spin used, in the budget's unit
     * @param max the ceiling
     * @return the next budget
     */
    static int afterSuccess(int budget, long spent, int max) {
        return (int) Math.min(max, Math.max(budget, spent << 1) + (budget >>> 3));
    }

    /**
     * The tuning rule after a spin that ran out: half the budget, at least {@code min}.
     *
     * @param budget the current budget
     * @param min the floor
     * @return the next budget
     */
    static int afterFailure(int budget, int min) {
        return Math.max(min, budget >>> 1);
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

/**
 * Padding before the counters; bytes, so that HotSpot's field layout cannot move a counter into
 * the gap after the object header. See the layout in {@link AdaptiveSpin}'s design note.
 */
abstract class AdaptiveSpinPad0 {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte p000, p001, p002, p003, p004, p005, p006, p007, p010, p011, p012, p013, p014, p015, p016, p017;
    byte p020, p021, p022, p023, p024, p025, p026, p027, p030, p031, p032, p033, p034, p035, p036, p037;
    byte p040, p041, p042, p043, p044, p045, p046, p047, p050, p051, p052, p053, p054, p055, p056, p057;
    byte p060, p061, p062, p063, p064, p065, p066, p067, p070, p071, p072, p073, p074, p075, p076, p077;
    byte p100, p101, p102, p103, p104, p105, p106, p107, p110, p111, p112, p113, p114, p115, p116, p117;
    byte p120, p121, p122, p123, p124, p125, p126, p127, p130, p131, p132, p133, p134, p135, p136, p137;
    byte p140, p141, p142, p143, p144, p145, p146, p147, p150, p151, p152, p153, p154, p155, p156, p157;
    byte p160, p161, p162, p163, p164, p165, p166, p167, p170, p171, p172, p173, p174, p175, p176, p177;
    // CPD-ON
}

/** The counters of {@link AdaptiveSpin}, accessed through its {@code VarHandle}s only. */
abstract class AdaptiveSpinFields extends AdaptiveSpinPad0 {
    int duration;
    int spinners;
}

/** Padding after the counters; see the layout in {@link AdaptiveSpin}'s design note. */
abstract class AdaptiveSpinPad1 extends AdaptiveSpinFields {
    // CPD-OFF: cache-line padding, the same in every padded class by design
    byte q000, q001, q002, q003, q004, q005, q006, q007, q010, q011, q012, q013, q014, q015, q016, q017;
    byte q020, q021, q022, q023, q024, q025, q026, q027, q030, q031, q032, q033, q034, q035, q036, q037;
    byte q040, q041, q042, q043, q044, q045, q046, q047, q050, q051, q052, q053, q054, q055, q056, q057;
    byte q060, q061, q062, q063, q064, q065, q066, q067, q070, q071, q072, q073, q074, q075, q076, q077;
    byte q100, q101, q102, q103, q104, q105, q106, q107, q110, q111, q112, q113, q114, q115, q116, q117;
    byte q120, q121, q122, q123, q124, q125, q126, q127, q130, q131, q132, q133, q134, q135, q136, q137;
    byte q140, q141, q142, q143, q144, q145, q146, q147, q150, q151, q152, q153, q154, q155, q156, q157;
    byte q160, q161, q162, q163, q164, q165, q166, q167, q170, q171, q172, q173, q174, q175, q176, q177;
    // CPD-ON
}
