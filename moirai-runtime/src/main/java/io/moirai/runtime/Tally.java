package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's counters, written only by that thread and read by anyone: a worker counts what it
 * submits, ends, steals and parks here without sharing a cache line with the other workers
 * (the array is padded at both ends of the counted slots). Threads that are not workers count in
 * {@link SharedTally}.
 *
 * <p>Writes are release stores of {@code value + 1}: on x86 a plain store, and enough for the
 * termination check, which reads every "ended" counter with acquire before it reads any
 * "submitted" counter. A task's submission is program-ordered before its hand-off to the queue,
 * and its end after its take from the queue, so acquire-reading an end makes the matching
 * submission visible: the sums can be equal only if every submitted task had ended.
 *
 * <p>A tally outlives its worker (retired tallies are reused, never dropped), so every counter is
 * monotonic, which the termination check relies on.
 */
final class Tally {

    static final int SUBMITTED = 0;
    static final int COMPLETED = 1;
    static final int FAILED = 2;
    static final int CANCELLED = 3;
    static final int REJECTED = 4;
    static final int NEVER_STARTED = 5;
    static final int STEALS = 6;
    static final int PARKS = 7;
    static final int BLOCKING_DETECTED = 8;
    static final int KINDS = 9;

    /** 64 bytes of padding either side keeps neighbours' hot writes off our lines. */
    private static final int PAD = 8;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots = new long[PAD + KINDS + PAD];

    /** Owner thread only. */
    void add(int kind, long n) {
        int i = PAD + kind;
        SLOTS.setRelease(slots, i, (long) SLOTS.getOpaque(slots, i) + n);
    }

    void increment(int kind) {
        add(kind, 1L);
    }

    /** Any thread. */
    long get(int kind) {
        return (long) SLOTS.getAcquire(slots, PAD + kind);
    }

    static int kindOf(TaskOutcome outcome) {
        return switch (outcome) {
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
            case REJECTED -> REJECTED;
            case NEVER_STARTED -> NEVER_STARTED;
        };
    }
}
