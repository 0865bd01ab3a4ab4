package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's counters: counters striped by thread id for threads that are not workers
 * (submitters, virtual threads, the timer, cancellers), plus every worker {@link Tally} ever
 * handed out, plus the submissions the injection queue counts itself (the common external
 * submission, which so touches no shared adder). Sums are exact once the runtime is quiet and
 * monotonic meanwhile. While it runs, the injection queue's figure may run ahead by the entries
 * being moved there at that moment (see {@link InjectionQueue#submitted()}), never behind. That
 * cannot hold up termination: such an entry is a task that has not ended, so the check would find
 * the runtime busy anyway.
 */
final class SharedTally {

    /*
     * Why not a LongAdder per kind: an adder spreads threads by a per-thread probe that a new
     * thread does not have yet, so every fresh virtual thread of the blocking lane (one per task
     * when permits are free) lands on the same cell, or pays for seeding a probe. The thread id
     * is there from the start and consecutive ids spread evenly, so it picks the stripe here.
     * Each stripe is a row of its own 128 bytes (two cache lines, as the adjacent-line
     * prefetcher pairs them), and an increment is one atomic add, never a retry loop.
     */
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int ROW = 16;

    private final int stripeMask;
    private final long[] cells;
    private final CopyOnWriteArrayList<Tally> tallies = new CopyOnWriteArrayList<>();
    private final java.util.ArrayDeque<Tally> free = new java.util.ArrayDeque<>();
    /**
     * The CPU lane's injection queue, which counts the submissions made through it (see
     * {@link InjectionQueue}); set once before any thread of the runtime starts.
     */
    private InjectionQueue injection;

    SharedTally() {
        int stripes = Integer.highestOneBit(Math.clamp(4L * Runtime.getRuntime().availableProcessors(), 4, 64));
        stripeMask = stripes - 1;
        cells = new long[ROW * (stripes + 2)]; // the first and last rows are padding
    }

    private int cellOf(int kind) {
        long id = Thread.currentThread().threadId();
        int stripe = (int) (id ^ (id >>> 16)) & stripeMask;
        return ROW * (stripe + 1) + kind;
    }

    void countSubmissionsOf(InjectionQueue queue) {
        this.injection = queue;
    }

    void increment(int kind) {
        add(kind, 1L);
    }

    void add(int kind, long n) {
        CELLS.getAndAdd(cells, cellOf(kind), n);
    }

    /** A tally for a new worker: a retired one if any (its counts stay), else a fresh one. */
    synchronized Tally lease() {
        Tally tally = free.poll();
        if (tally == null) {
            tally = new Tally();
            tallies.add(tally);
        }
        return tally;
    }

    synchronized void giveBack(Tally tally) {
        free.push(tally);
    }

    long sum(int kind) {
        long total = 0L;
        for (int i = ROW + kind; i < cells.length - ROW; i += ROW) {
            total += (long) CELLS.getVolatile(cells, i);
        }
        for (Tally tally : tallies) {
            total += tally.get(kind);
        }
        if (kind == Tally.SUBMITTED && injection != null) {
            total += injection.submitted();
        }
        return total;
    }

    /**
     * Whether every submitted task has ended. Reads all "ended" counters before any "submitted"
     * counter (see {@link Tally}), so a {@code true} answer means that at one instant during the
     * call nothing was outstanding.
     */
    boolean quiescent() {
        long ended = 0L;
        for (int kind = Tally.COMPLETED; kind <= Tally.NEVER_STARTED; kind++) {
            ended += sum(kind);
        }
        return ended == sum(Tally.SUBMITTED);
    }
}
