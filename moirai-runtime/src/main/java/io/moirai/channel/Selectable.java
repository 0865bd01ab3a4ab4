package io.moirai.channel;

/**
 * What {@link Select} needs from a channel: to try one case (and optionally register a waiter
 * for it) in one step under the channel's lock, to withdraw that waiter, and whether the case
 * can ever fire again.
 */
interface Selectable {

    /** {@link #selectCase}: the select was served by this case; its party is {@code DONE}. */
    int SELECTED = 0;
    /** {@link #selectCase}: a counterpart on another channel owns the select already. */
    int LOST = 1;
    /** {@link #selectCase}: the channel is closed for this direction; the case is skipped. */
    int CLOSED = 2;
    /** {@link #selectCase}: not ready; {@code node}, if given, is now registered. */
    int NOT_READY = 3;

    /**
     * Tries a case for the select whose party is {@code self} (in {@code WAITING}); serves it at
     * once if the channel is ready, else registers {@code node} unless it is null.
     */
    int selectCase(Party self, Waiter node, boolean receive, Object value, int caseIndex);

    /** Withdraws a waiter registered by {@link #selectCase} or a blocked operation; idempotent. */
    void deregister(Waiter node);

    /** Whether the case can never fire again: closed and drained for receive, closed for send. */
    boolean isClosedFor(boolean receive);

    /**
     * Whether a registered send case must be retried each time the select wakes: a broadcast
     * signals room without serving anyone.
     */
    boolean retriesOnWake();
}
