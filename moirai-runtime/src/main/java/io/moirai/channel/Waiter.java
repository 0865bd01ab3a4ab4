package io.moirai.channel;

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
}
