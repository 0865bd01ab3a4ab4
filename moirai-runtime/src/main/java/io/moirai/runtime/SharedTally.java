package io.moirai.runtime;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's counters: one {@link LongAdder} per kind for threads that are not workers
 * (submitters, virtual threads, the timer, cancellers), plus every worker {@link Tally} ever
 * handed out, plus the submissions the injection queue counts itself (the common external
 * submission, which so touches no shared adder). Sums are exact once the runtime is quiet and
 * monotonic meanwhile. While it runs, the injection queue's figure may run ahead by the entries
 * being moved there at that moment (see {@link InjectionQueue#submitted()}), never behind. That
 * cannot hold up termination: such an entry is a task that has not ended, so the check would find
 * the runtime busy anyway.
 */
final class SharedTally {

    private final LongAdder[] adders = new LongAdder[Tally.KINDS];
    private final CopyOnWriteArrayList<Tally> tallies = new CopyOnWriteArrayList<>();
    private final java.util.ArrayDeque<Tally> free = new java.util.ArrayDeque<>();
    /**
     * The CPU lane's injection queue, which counts the submissions made through it (see
     * {@link InjectionQueue}); set once before any thread of the runtime starts.
     */
    private InjectionQueue injection;

    SharedTally() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    void countSubmissionsOf(InjectionQueue queue) {
        this.injection = queue;
    }

    void increment(int kind) {
        adders[kind].increment();
    }

    void add(int kind, long n) {
        adders[kind].add(n);
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
        long total = adders[kind].sum();
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
