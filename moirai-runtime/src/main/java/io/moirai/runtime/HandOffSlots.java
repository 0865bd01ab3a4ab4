package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where blocking-lane threads that finished their task, and found nothing waiting, linger for a
 * moment with their permit, so that the next submission can hand one of them its task instead of
 * starting a virtual thread (see {@link BlockingLane}, "Lingering").
 *
 * <p>A slot is empty or holds a lingering thread's token. A thread takes an empty slot with a
 * CAS and gives it up with a CAS; a submitter claims a token with a CAS too, and then owes that
 * thread a task, which it hands over through the thread's own field (written once, right after
 * the claim). So of a thread leaving and a submitter claiming it, exactly one wins: the thread
 * either leaves with nothing owed to it, or learns from its failed CAS that a task is on its way
 * and waits the few instructions until it lands. Nothing handed over is lost.
 *
 * <p>Slots are few (a handful of lingering threads absorbs a stream of submissions on a few
 * carriers) and each sits alone on its cache lines: a submitter reads them all while lane
 * threads write them.
 *
 * @param <T> the token type: the lane's runner
 */
final class HandOffSlots<T> {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** How many threads may linger at once. */
    static final int COUNT = 4;
    /** 32 references: 128 bytes with compressed references, so no two slots share a line pair. */
    private static final int STRIDE = 32;

    private final Object[] slots = new Object[(COUNT + 1) * STRIDE];
    /**
     * Tokens in the slots: a hint that spares a submitter reading the slots while nobody
     * lingers. It may lag a slot's change for a moment, which costs one missed hand-off (a
     * thread started instead) or one needless look, never a lost task.
     */
    private final PaddedCounter lingering = new PaddedCounter();

    private static int index(int slot) {
        return (slot + 1) * STRIDE; // the first STRIDE elements are padding
    }

    /** Whether some thread seems to linger; a hint (see {@link #lingering}). */
    boolean anyLingering() {
        return lingering.get() > 0;
    }

    /** How many threads linger now, for the snapshot; never negative. */
    int lingering() {
        return Math.max(0, lingering.get());
    }

    /**
     * Claims a lingering thread: its token, to which the caller must now hand a task, or null if
     * none was there.
     */
    @SuppressWarnings("unchecked")
    T claim() {
        for (int i = 0; i < COUNT; i++) {
            int at = index(i);
            // opaque: a fresh look at each slot; the CAS decides
            Object token = SLOTS.getOpaque(slots, at);
            if (token != null && SLOTS.compareAndSet(slots, at, token, null)) {
                lingering.decrementAndGet();
                return (T) token;
            }
        }
        return null;
    }

    /**
     * Takes a free slot for a thread about to linger.
     *
     * @return the slot, or -1 if all are taken
     */
    int occupy(T token) {
        for (int i = 0; i < COUNT; i++) {
            int at = index(i);
            if (SLOTS.getOpaque(slots, at) == null && SLOTS.compareAndSet(slots, at, null, token)) {
                lingering.incrementAndGet();
                return i;
            }
        }
        return -1;
    }

    /**
     * Gives a slot up: true if the thread left with nothing owed to it, false if a submitter
     * claimed it first and is handing it a task.
     *
     * @param slot  the slot {@link #occupy} gave
     * @param token the token it was occupied with
     */
    boolean leave(int slot, T token) {
        if (SLOTS.compareAndSet(slots, index(slot), token, null)) {
            lingering.decrementAndGet();
            return true;
        }
        return false;
    }
}
