package io.moirai.channel;

import java.util.concurrent.locks.LockSupport;

/**
 * A node on one channel's wait queue. A plain blocked send or receive is its own
 * {@link Party}; the nodes of one select share the select's party. A sender's node carries the
 * element it offers.
 *
 * <p>{@link #prev}, {@link #next} and {@link #queue} are guarded by the lock of {@link #channel}.
 */
class Waiter extends Party {

    /**
     * The {@link #caseIndex} of a plain send or receive, which stands for no select case; the
     * party it is published to never reads it back.
     */
    static final int NO_CASE = 0;

    /** {@link #await}: the wait timed out, and the waiter was withdrawn. */
    static final Object TIMED_OUT = new Object();
    /** {@link #await}: the thread was interrupted, and the waiter was withdrawn. */
    static final Object INTERRUPTED = new Object();

    /** Spins before parking, when the counterpart is likely running on another core. */
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

    /** Who must be claimed to serve this node: this node, or a select's party. */
    final Party party;

    /** The channel whose queue holds (or held) this node. */
    final Selectable channel;

    /** The element a sender offers; null for a receiver. Immutable, published by the channel's lock. */
    final Object element;

    /** The select case this node stands for; {@link #NO_CASE} for plain operations. */
    final int caseIndex;

    Waiter prev;
    Waiter next;
    WaitQueue queue;

    /** A plain waiter, its own party. */
    Waiter(Thread thread, Selectable channel, Object element) {
        super(thread);
        this.party = this;
        this.channel = channel;
        this.element = element;
        this.caseIndex = NO_CASE;
    }

    /** One case of a select. */
    Waiter(Party party, Selectable channel, Object element, int caseIndex) {
        super(null);
        this.party = party;
        this.channel = channel;
        this.element = element;
        this.caseIndex = caseIndex;
    }

    /**
     * Waits, as the thread of this plain waiter, until a counterpart serves it or the wait ends.
     * Callers never wait for a timeout of zero or less, so {@code nanos > 0} when timed.
     *
     * @return the outcome {@link Party#finish} published (for a sender null, or
     *         {@link Party#CHANNEL_CLOSED}), {@link #TIMED_OUT} or {@link #INTERRUPTED}
     */
    final Object await(boolean timed, long nanos) {
        return await(timed, nanos, Thread.currentThread().isVirtual() ? 0 : SPINS);
    }

    final Object await(boolean timed, long nanos, int spins) {
        // The deadline may wrap past Long.MAX_VALUE, but only its difference with nanoTime() is
        // used, which stays exact for any wait shorter than 292 years.
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        boolean interrupted = false;
        for (;;) {
            int s = state();
            if (s == DONE) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return result;
            }
            if (s != WAITING) {
                Thread.onSpinWait();        // CLAIMED or held: the owner is about to settle it
            } else if (!interrupted && Thread.interrupted()) {
                if (cancel()) {
                    channel.deregister(this);
                    return INTERRUPTED;
                }
                interrupted = true;         // served meanwhile: keep the element, keep the flag
            } else if (timed && (nanos = deadline - System.nanoTime()) <= 0L) {
                if (cancel()) {
                    channel.deregister(this);
                    return TIMED_OUT;
                }
            } else if (spins > 0) {
                spins--;
                Thread.onSpinWait();
            } else if (timed) {
                LockSupport.parkNanos(this, nanos);
            } else {
                LockSupport.park(this);
            }
        }
    }
}
