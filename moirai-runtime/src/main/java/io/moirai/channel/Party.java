package io.moirai.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One waiting operation: a blocked send or receive, an asynchronous receive, or one call of
 * {@link Select}. Its state is the single thing a counterpart must win, by cas, before it hands
 * an element over; a select's waiters on several channels share one party, so at most one of
 * them is ever served.
 */
class Party {
    /*
     * Design note
     *
     * Why one claimable state
     * A counterpart wins the party by cas under its own channel's lock only, and the select's
     * waiters on other channels lose that same cas, so "first ready wins, exactly one fires" holds
     * without ever holding two channel locks together. The memory-ordering vocabulary (plain,
     * opaque, release, acquire, volatile, cas) is that of io.moirai.concurrent.
     *
     * States
     *   WAITING --cas by a counterpart-------------> CLAIMED --release store--> DONE
     *   WAITING --cas by the party's own thread----> CANCELLED        (timeout, interrupt, withdrawal)
     *   WAITING --cas by a select's own thread-----> PENDING --> WAITING | DONE
     *   WAITING --cas by a select's own thread-----> CLAIMED --> DONE  (it took a buffered element)
     *   WAITING --cas by a bounded channel's waker-> PENDING --> WAITING | DONE
     * PENDING is a party that one thread owns for a moment and will either serve (DONE) or give
     * back (WAITING); everyone else waits for it to settle. Two kinds of thread take it:
     *   - A select that is itself about to claim a waiting counterpart on another channel: it must
     *     own itself before it owns the counterpart, and give itself back if the counterpart is
     *     gone. A claimer that meets a PENDING party waits for it to settle, unless it is a pending
     *     select itself and the other's order is higher: then it backs off and retries. So a
     *     waits-for chain only ever descends in order, and two selects facing each other on a
     *     rendezvous channel cannot deadlock.
     *   - The waker of a BoundedChannel (hold()), which takes an element from the ring, or puts the
     *     waiter's element into it, on the waiter's behalf. That ring operation may fail, because
     *     threads on the lock-free path raced it to the ring; the waker then gives the party back
     *     instead of leaving it claimed with nothing to hand over. A claim could not be given back:
     *     the waiters of a select on other channels treat CLAIMED as gone and are unlinked there.
     *     The ring operation waits for nothing, so neither does anyone who waits for such a hold.
     * A pending party does nothing but one cas on the counterpart, one ring operation, or waits on
     * a lower order, so the waits are short. Because a waker may hold a select's party, the
     * select's own cas (own()) and every cancel wait out PENDING instead of failing on it.
     *
     * Memory ordering
     * selected and result are plain: the claimer writes them, then stores DONE with release; the
     * party reads DONE with acquire before reading them. The element itself was published to the
     * claimer by the channel's lock (or it is the claimer's own), so the chain sender -> lock ->
     * release of DONE -> acquire by the receiver carries the element's fields.
     */

    /** State: waits to be served; a counterpart may claim it, its own thread may cancel it. */
    static final int WAITING = 0;
    /**
     * State: owned for a moment, by a select while it claims a counterpart or by a bounded
     * channel's waker while it serves the party from the ring; it ends WAITING or DONE.
     */
    static final int PENDING = 1;
    /**
     * State: owned by the thread that serves it (a counterpart, or a select serving itself from
     * a buffer), which is about to publish DONE.
     */
    static final int CLAIMED = 2;
    /** State: served; {@link #selected} and {@link #result} are published. Final. */
    static final int DONE = 3;
    /**
     * State: withdrawn (the wait timed out or was interrupted, every case of a select closed, or
     * an asynchronous receive's future was completed from outside). Final.
     */
    static final int CANCELLED = 4;

    /** {@link #claimBy}: the caller now owns the party. */
    static final int OWNED = 0;
    /** {@link #claimBy}: the party is gone (served elsewhere, cancelled or done). */
    static final int GONE = 1;
    /** {@link #claimBy}: a pending select must back off and retry. */
    static final int BACK_OFF = 2;

    /**
     * The {@link #result} that tells a waiter its channel was closed. Not to be confused with
     * {@link Selectable#CLOSED}, the result of trying a select case on a closed channel.
     */
    static final Object CHANNEL_CLOSED = new Object();

    /**
     * The {@link #order} of a party without a thread (an asynchronous receive). Only a select,
     * which has a thread, is ever {@code PENDING}, so this order is never compared.
     */
    static final long NO_ORDER = 0L;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Party.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;

    /** The thread to unpark; null for an asynchronous receive. */
    final Thread thread;

    /** Orders selects for the deadlock-free back-off; the thread id, unique among live threads. */
    final long order;

    /** The case that was served; plain, published by the release store of {@code DONE}. */
    int selected;

    /** The element received, or {@link #CHANNEL_CLOSED}; plain, published as {@link #selected}. */
    Object result;

    Party(Thread thread) {
        this.thread = thread;
        this.order = thread == null ? NO_ORDER : thread.threadId();
    }

    /** The state; acquire, so that {@code DONE} makes {@link #result} visible. */
    final int state() {
        return (int) STATE.getAcquire(this);
    }

    /**
     * A pending select, or the waker holding the party, gives it back; only the owner of
     * {@code PENDING} writes the state meanwhile, so a store is enough.
     */
    final void release() {
        STATE.setVolatile(this, WAITING);
    }

    /**
     * Withdraws a waiting party; false if a counterpart owns it already. Waits out a waker's
     * {@link #hold}; never called by a select while it is itself {@code PENDING}.
     */
    final boolean cancel() {
        return leaveWaiting(CANCELLED);
    }

    /**
     * A select moves its own party from {@code WAITING} to {@code next} ({@code PENDING} or
     * {@code CLAIMED}); waits out a waker's {@link #hold}.
     *
     * @return false if a counterpart owns the party already (the select is lost)
     */
    final boolean own(int next) {
        return leaveWaiting(next);
    }

    /**
     * The party's own thread moves it from {@code WAITING} to {@code next} by cas. A waker's
     * hold ends in {@code DONE} or gives the party back, so {@code PENDING} is waited out and only
     * {@code CLAIMED}, {@code DONE} or {@code CANCELLED} mean failure.
     */
    private boolean leaveWaiting(int next) {
        for (;;) {
            if (STATE.compareAndSet(this, WAITING, next)) {
                return true;
            }
            int s = state();
            if (s != PENDING && s != WAITING) {         // WAITING: given back since the cas; retry
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * A bounded channel's waker holds this party ({@code PENDING}) while it tries to serve it
     * from the ring; it then calls {@link #finish} or {@link #release}. Waits out another hold,
     * and a select's own {@code PENDING}.
     *
     * @return false if the party is gone (served elsewhere, cancelled or done)
     */
    final boolean hold() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == WAITING) {
                if (STATE.compareAndSet(this, WAITING, PENDING)) {
                    return true;
                }
            } else if (s == PENDING) {
                Thread.onSpinWait();
            } else {
                return false;
            }
        }
    }

    /**
     * Tries to own this party so as to serve it.
     *
     * @param self the claiming party if it is a select in {@code PENDING}, else null
     * @return {@link #OWNED}, {@link #GONE} or {@link #BACK_OFF}
     */
    final int claimBy(Party self) {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == WAITING) {
                if (STATE.compareAndSet(this, WAITING, CLAIMED)) {
                    return OWNED;
                }
            } else if (s == PENDING) {
                if (self != null && order > self.order) {
                    return BACK_OFF;
                }
                Thread.onSpinWait();
            } else {
                return GONE;
            }
        }
    }

    /** Publishes the outcome of an owned (or self-claimed) party; release pairs with {@link #state()}. */
    final void finish(int selectedCase, Object outcome) {
        selected = selectedCase;
        result = outcome;
        STATE.setRelease(this, DONE);
    }

    /** Tells the party its state changed; called after the channel's lock is released. */
    void wake() {
        LockSupport.unpark(thread);
    }
}
