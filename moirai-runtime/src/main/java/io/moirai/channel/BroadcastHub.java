package io.moirai.channel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link BroadcastChannel}: a copy-on-write array of {@link SubscriptionChannel}s and the
 * senders waiting for room in all of them.
 *
 * @param <E> the type of elements
 */
final class BroadcastHub<E> implements BroadcastChannel<E>, Selectable {
    /*
     * Design note
     *
     * All or nothing
     * A send holds the hub's lock while it checks that every open subscription has room and then
     * adds the element to each. Only the hub adds to subscriptions, and only under this lock, so
     * room seen stays room until the element goes in: the element reaches all subscribers or none,
     * and concurrent senders are ordered the same way for everyone. Lock order is hub, then
     * subscription; a subscription never calls the hub while holding its own lock.
     *
     * Waiting for room
     * A sender that finds no room registers in blocked, then checks again, then parks outside the
     * lock. A receive that takes from a full subscription buffer calls roomMade() after releasing
     * the subscription's lock; it wakes every blocked sender (they all check again: room in one
     * subscription may not be room in all). No wake-up is lost: the sender raises blockedCount
     * (volatile) before its check, which takes the subscription's lock; a receive that makes room
     * after that check acquires the same lock afterwards and so reads the raised count; a receive
     * before it leaves room that the check sees.
     *
     * Blocked senders, select cases included, are woken without being claimed: room is not an
     * element, and each rechecks under the lock. A select therefore retries its broadcast send
     * cases whenever it wakes (retriesOnWake()).
     */

    @SuppressWarnings("rawtypes")
    private static final SubscriptionChannel[] NONE = new SubscriptionChannel[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final int capacity;

    // Guarded by lock.
    @SuppressWarnings("unchecked")
    private SubscriptionChannel<E>[] subscribers = NONE;
    private final WaitQueue blocked = new WaitQueue();
    /** Subscribers' waiters served under the lock, woken after it is released. */
    private final ArrayList<Party> wakes = new ArrayList<>();

    /** Written under the lock; read without it to skip the lock when no sender waits. */
    private volatile int blockedCount;
    /** Written under the lock; volatile so that {@link #isClosedForSend()} needs no lock. */
    private volatile boolean closed;

    BroadcastHub(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public Subscription<E> subscribe() {
        SubscriptionChannel<E> s = new SubscriptionChannel<>(capacity, this);
        lock.lock();
        try {
            if (closed) {
                s.closeChannel();
            } else {
                SubscriptionChannel<E>[] a = Arrays.copyOf(subscribers, subscribers.length + 1);
                a[a.length - 1] = s;
                subscribers = a;
            }
        } finally {
            lock.unlock();
        }
        return s;
    }

    void unsubscribe(SubscriptionChannel<E> s) {
        lock.lock();
        try {
            SubscriptionChannel<E>[] a = subscribers;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == s) {
                    SubscriptionChannel<E>[] b = Arrays.copyOf(a, a.length - 1);
                    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                    subscribers = b;
                    wakeBlockedLocked();     // s no longer holds anyone back
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void send(E element) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        sendBlocking(element, false, 0L);
    }

    @Override
    public boolean send(E element, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(unit, "unit");
        return sendBlocking(element, true, unit.toNanos(timeout));
    }

    @Override
    public boolean trySend(E element) {
        Objects.requireNonNull(element, "element");
        return sendNow(element);
    }

    /** One attempt, without a waiter: delivers the element if every subscription has room. */
    private boolean sendNow(Object element) {
        lock.lock();
        try {
            if (closed) {
                throw closedForSend();
            }
            return deliverLocked(element);
        } finally {
            unlockAndWake();
        }
    }

    private boolean sendBlocking(Object element, boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (timed && nanos <= 0L) {
            // Not waiting at all also keeps a deadline from being computed for a timeout near
            // Long.MIN_VALUE, where it would wrap and read as a wait of centuries.
            return sendNow(element);
        }
        // nanos > 0: the deadline may wrap past Long.MAX_VALUE, but only its difference with
        // nanoTime() is used, which stays exact for any wait shorter than 292 years.
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        Waiter w = null;
        try {
            for (;;) {
                lock.lock();
                try {
                    if (closed) {
                        throw closedForSend();
                    }
                    if (w == null && deliverLocked(element)) {
                        return true;
                    }
                    if (w == null) {
                        w = new Waiter(Thread.currentThread(), this, element);
                        register(w);
                    }
                    if (deliverLocked(element)) {       // the check after registering: see the design note
                        return true;
                    }
                } finally {
                    unlockAndWake();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timed) {
                    nanos = deadline - System.nanoTime();
                    if (nanos <= 0L) {
                        return false;
                    }
                    LockSupport.parkNanos(this, nanos);
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            if (w != null) {
                deregister(w);
            }
        }
    }

    /** Adds the element to every open subscription if all have room. Under the lock. */
    private boolean deliverLocked(Object element) {
        SubscriptionChannel<E>[] a = subscribers;
        for (SubscriptionChannel<E> s : a) {
            if (!s.hasRoomForHub()) {
                return false;
            }
        }
        for (SubscriptionChannel<E> s : a) {
            s.offerFromHub(element, wakes);
        }
        return true;
    }

    /** Releases the lock, then wakes the subscribers' waiters served under it. */
    private void unlockAndWake() {
        if (wakes.isEmpty()) {
            lock.unlock();
            return;
        }
        Party[] parties = wakes.toArray(new Party[0]);
        wakes.clear();
        lock.unlock();
        for (Party p : parties) {
            p.wake();
        }
    }

    private void register(Waiter w) {
        blocked.add(w);
        blockedCount = blocked.size();
    }

    /** A subscription made room; wakes the blocked senders to check again. */
    void roomMade() {
        if (blockedCount > 0) {
            lock.lock();
            try {
                wakeBlockedLocked();
            } finally {
                lock.unlock();
            }
        }
    }

    private void wakeBlockedLocked() {
        for (Waiter w = blocked.first(); w != null; w = w.next) {
            LockSupport.unpark(w.party.thread);
        }
    }

    @Override
    public boolean close() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            for (SubscriptionChannel<E> s : subscribers) {
                s.closeInto(wakes);
            }
            subscribers = NONE;
            wakeBlockedLocked();
            return true;
        } finally {
            unlockAndWake();
        }
    }

    @Override
    public boolean isClosedForSend() {
        return closed;
    }

    @Override
    public int selectCase(Party self, Waiter node, boolean receive, Object value, int caseIndex) {
        lock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            if (!deliverableLocked()) {
                // registered only when the case waits: the select withdraws the waiters of the
                // cases that did not fire, never one of a case that fired or lost, so a waiter
                // registered here before a SELECTED or LOST stayed in the queue for good
                if (node != null) {
                    register(node);
                }
                return NOT_READY;
            }
            if (!self.own(Party.CLAIMED)) {
                return LOST;
            }
            deliverLocked(value);
            self.finish(caseIndex, null);
            return SELECTED;
        } finally {
            unlockAndWake();
        }
    }

    private boolean deliverableLocked() {
        for (SubscriptionChannel<E> s : subscribers) {
            if (!s.hasRoomForHub()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void deregister(Waiter node) {
        lock.lock();
        try {
            blocked.unlink(node);
            blockedCount = blocked.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosedFor(boolean receive) {
        return closed;
    }

    @Override
    public boolean retriesOnWake() {
        return true;
    }

    private static ChannelClosedException closedForSend() {
        return new ChannelClosedException("broadcast channel is closed for sending");
    }

    /** Senders waiting for room now; for tests and diagnostics. */
    int blockedSenders() {
        return blockedCount;
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "broadcast channel [capacity=" + capacity + ", subscribers=" + subscribers.length
                    + ", blockedSenders=" + blocked.size() + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
