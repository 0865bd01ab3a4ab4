package io.moirai.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO of {@link Waiter}s, intrusive and doubly linked so that a waiter that gives up (time
 * out, interrupt, a select served elsewhere) unlinks itself in constant time. Guarded by the
 * owning channel's lock; nothing here is thread-safe on its own, except that {@link #size()} may
 * be read without the lock.
 */
final class WaitQueue {

    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(WaitQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #claimFirst} result: a pending select must back off and retry. */
    static final Waiter BACK_OFF = new Waiter(null, null, null);

    private Waiter head;
    private Waiter tail;
    /**
     * The number of queued waiters, dead ones included. Written under the lock; read without it
     * by a {@link BoundedChannel} that must know whether anyone may be waiting.
     */
    private volatile int size;

    boolean isEmpty() {
        return head == null;
    }

    /** Queued waiters, dead ones included; lv, and may be read without the lock. */
    int size() {
        return size;
    }

    Waiter first() {
        return head;
    }

    void add(Waiter w) {
        w.queue = this;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size = size + 1;        // sv: a registering waiter's half of BoundedChannel's Dekker pair
    }

    /** Unlinks {@code w} if it is still on this queue; idempotent. */
    void unlink(Waiter w) {
        if (w.queue != this) {
            return;
        }
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        // so: a lock-free reader that still sees the larger count only takes the lock for nothing.
        SIZE.setRelease(this, size - 1);
    }

    /**
     * Claims the first waiter that can be served, unlinking it and every dead waiter before it.
     * Waiters of {@code self} (a select serving itself) are skipped and stay.
     *
     * @param self the claiming select's party when it is pending, else null
     * @return the owned waiter, null if none is left, or {@link #BACK_OFF}
     */
    Waiter claimFirst(Party self) {
        Waiter w = head;
        while (w != null) {
            Waiter n = w.next;
            Party p = w.party;
            if (p != self) {
                int r = p.claimBy(self);
                if (r == Party.BACK_OFF) {
                    return BACK_OFF;
                }
                unlink(w);
                if (r == Party.OWNED) {
                    return w;
                }
            }
            w = n;
        }
        return null;
    }

    /** Whether a waiter not of {@code self} that is not yet dead is queued. */
    boolean hasOther(Party self) {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.party != self) {
                int s = w.party.state();
                if (s == Party.WAITING || s == Party.PENDING) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Holds ({@link Party#hold}) the first waiter that is not yet dead, unlinking every dead
     * waiter before it. The held waiter stays queued: the caller unlinks it once it has served
     * it, or gives it back ({@link Party#release}) and leaves it first in line.
     *
     * @return the held waiter, or null if none is left
     */
    Waiter holdFirst() {
        for (Waiter w = head; w != null; w = head) {
            if (w.party.hold()) {
                return w;
            }
            unlink(w);
        }
        return null;
    }
}
