package io.moirai.channel;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The unbounded, rendezvous and oneshot channels, bounded channels too large for a
 * {@link BoundedChannel}'s preallocated ring, and the buffer of each broadcast subscription: one
 * buffer and two wait queues behind one short lock.
 *
 * @param <E> the type of elements
 */
sealed class BufferedChannel<E> implements Channel<E>, Selectable permits SubscriptionChannel {
    /*
     * Design note
     *
     * Structure
     * An ElementRing of at most capacity elements (0 for rendezvous; its array grows on demand, so
     * an unbounded or large bounded channel costs nothing up front), a WaitQueue of waiting senders
     * (each Waiter carries its element) and a WaitQueue of waiting receivers. All three are guarded
     * by lock, a ReentrantLock held only for a few field updates and never while parking. Waiting
     * is parking on the waiter's Party, outside the lock; the parties served under the lock are
     * collected in DeferredWakeups and woken after it is released.
     *
     * Invariants (under the lock)
     *   1. If the buffer holds an element, no receiver is waiting: a send serves a waiting
     *      receiver before it buffers.
     *   2. If the buffer has room, no sender is waiting: a receive that takes from a full buffer
     *      moves the first waiting sender's element in.
     *   3. "Waiting" means a waiter whose party is WAITING or PENDING; dead waiters (cancelled, or
     *      a select served by another case) may linger on a queue and are unlinked by the next
     *      operation that meets them.
     *   4. Once closed, no element enters and every waiting sender has been woken with
     *      Party.CHANNEL_CLOSED; if the buffer was empty, so has every waiting receiver.
     *
     * Hand-off
     * Serving a waiter means owning its party first (Party.claimBy, a cas), then writing the
     * element (or taking the sender's), then publishing DONE with a release store, and unparking
     * its thread after the lock is released. A waiter that times out or is interrupted cancels its
     * party by cas; whichever cas wins decides, so an element is never both handed over and
     * abandoned. The owner of a waiter has already unlinked it, so a cancelled waiter takes the
     * lock only to unlink itself if it is still queued.
     *
     * Rejected
     *   - A lock-free buffer with a separate waiter protocol, for these kinds: a rendezvous has
     *     no buffer to hand elements through, so "take an element or register a waiter" must be
     *     one atomic step, which a lock gives in a few lines and a lock-free version only with the
     *     segment-and-cell machinery of Kotlin's channels; an unbounded buffer grows, which a
     *     lock-free ring cannot. The bounded kind, whose hand-off speed matters most, does have
     *     one: BoundedChannel, a fixed lock-free ring with a Dekker-style check for waiters. The
     *     lock is never held while parking, so virtual threads never pin, and the critical
     *     sections are as short as ArrayBlockingQueue's.
     *   - Condition queues: a select waits on several channels at once, which a condition of one
     *     lock cannot express.
     */

    /** The capacity of an unbounded channel. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    /** {@link #offerLocked}: accepted (buffered or handed over). */
    private static final int ACCEPTED = 0;
    /** {@link #offerLocked}: no room and no receiver. */
    private static final int FULL = 1;
    /** {@link #offerLocked}: closed. */
    private static final int SHUT = 2;
    /** {@link #offerLocked}: a oneshot that has carried its element. */
    private static final int SPENT = 3;

    /**
     * {@link #selectReceiveLocked} and {@link #selectSendLocked}: a select of higher order is
     * pending on the waiter this select must claim ({@link WaitQueue#BACK_OFF}); the select has
     * given itself back, and {@link #selectCase} retries once the lock has been free a moment.
     * Negative, apart from the {@link Selectable} results, which {@code selectCase} returns.
     */
    private static final int BACK_OFF = -1;

    final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    private final boolean oneshot;
    private final String kind;

    // Guarded by lock.
    private final ElementRing buffer;
    private final WaitQueue senders = new WaitQueue();
    private final WaitQueue receivers = new WaitQueue();
    private boolean sent;
    /** Parties served under the lock, woken once it is released. */
    private final DeferredWakeups wakeups = new DeferredWakeups();
    /** A receive made room in a full buffer: a subscription tells its broadcast after unlocking. */
    private boolean roomMade;

    /** Written under the lock; volatile so that {@link #isClosedForSend()} needs no lock. */
    private volatile boolean closed;

    BufferedChannel(int capacity, boolean oneshot, String kind) {
        this.capacity = capacity;
        this.oneshot = oneshot;
        this.kind = kind;
        this.buffer = new ElementRing(capacity);
    }

    // ---------------------------------------------------------------- send

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
        int r;
        lock.lock();
        try {
            r = offerLocked(element);
        } finally {
            unlockAndWake();
        }
        return accepted(r);
    }

    private boolean sendBlocking(Object element, boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter w = null;
        int r;
        lock.lock();
        try {
            r = offerLocked(element);
            if (r == FULL && (!timed || nanos > 0L)) {
                w = new Waiter(Thread.currentThread(), this, element);
                senders.add(w);
            }
        } finally {
            unlockAndWake();
        }
        if (r != FULL) {
            return accepted(r);
        }
        if (w == null) {
            return false;
        }
        Object outcome = w.await(timed, nanos);
        if (outcome == null) {
            return true;
        }
        if (outcome == Waiter.TIMED_OUT) {
            return false;
        }
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        throw closedForSend();
    }

    private boolean accepted(int r) {
        return switch (r) {
            case ACCEPTED -> true;
            case FULL -> false;
            case SPENT -> throw new IllegalStateException("oneshot channel has already carried its element");
            default -> throw closedForSend();
        };
    }

    /** Hands {@code e} to a waiting receiver, or buffers it. Under the lock. */
    final int offerLocked(Object e) {
        if (closed) {
            return sent ? SPENT : SHUT;
        }
        if (!receivers.isEmpty()) {
            Waiter r = receivers.claimFirst(null);
            if (r != null) {
                afterAccept();          // before serve: the receiver must not see DONE on an open oneshot
                serve(r, e);
                return ACCEPTED;
            }
        }
        if (buffer.size() < capacity) {
            push(e);
            afterAccept();
            return ACCEPTED;
        }
        return FULL;
    }

    /**
     * A oneshot closes with its element. Called before the party that sent or receives it is
     * published {@code DONE}, so that neither sees the channel still open afterwards.
     */
    private void afterAccept() {
        if (oneshot) {
            sent = true;
            closeLocked();
        }
    }

    // ---------------------------------------------------------------- receive

    @Override
    public E receive() throws InterruptedException {
        return receiveBlocking(false, 0L);
    }

    @Override
    public E receive(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return receiveBlocking(true, unit.toNanos(timeout));
    }

    @Override
    @SuppressWarnings("unchecked")
    public E tryReceive() {
        lock.lock();
        try {
            return (E) pollLocked();
        } finally {
            unlockAndWake();
        }
    }

    @SuppressWarnings("unchecked")
    private E receiveBlocking(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter w = null;
        Object e;
        boolean shut = false;
        lock.lock();
        try {
            e = pollLocked();
            if (e == null) {
                if (closed) {
                    shut = true;
                } else if (!timed || nanos > 0L) {
                    w = new Waiter(Thread.currentThread(), this, null);
                    receivers.add(w);
                }
            }
        } finally {
            unlockAndWake();
        }
        if (e != null) {
            return (E) e;
        }
        if (shut) {
            throw closedForReceive();
        }
        if (w == null) {
            return null;
        }
        Object outcome = w.await(timed, nanos);
        if (outcome == Waiter.TIMED_OUT) {
            return null;
        }
        if (outcome == Waiter.INTERRUPTED) {
            throw new InterruptedException();
        }
        if (outcome == Party.CHANNEL_CLOSED) {
            throw closedForReceive();
        }
        return (E) outcome;
    }

    @Override
    public CompletionStage<E> receiveAsync() {
        Object e;
        ReceiveFuture<E> future = null;
        boolean shut = false;
        lock.lock();
        try {
            e = pollLocked();
            if (e == null) {
                if (closed) {
                    shut = true;
                } else {
                    future = new ReceiveFuture<>(this);
                    receivers.add(future.waiter());
                }
            }
        } finally {
            unlockAndWake();
        }
        if (future != null) {
            return future;
        }
        if (shut) {
            return ReceiveFuture.failed(this, closedForReceive());
        }
        @SuppressWarnings("unchecked")
        E element = (E) e;
        return ReceiveFuture.completed(this, element);
    }

    /** Takes the next element: buffered, or from a waiting sender; null if none. Under the lock. */
    final Object pollLocked() {
        if (!buffer.isEmpty()) {
            if (buffer.size() == capacity) {
                roomMade = true;
            }
            Object e = buffer.poll();
            if (!senders.isEmpty()) {
                Waiter s = senders.claimFirst(null);
                if (s != null) {
                    push(s.element);
                    serve(s, null);
                }
            }
            return e;
        }
        if (!senders.isEmpty()) {
            Waiter s = senders.claimFirst(null);
            if (s != null) {
                serve(s, null);
                return s.element;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- close

    @Override
    public boolean close() {
        return closeChannel();
    }

    /** Closes this channel; a subscription's {@link #close()} also unsubscribes. */
    final boolean closeChannel() {
        lock.lock();
        try {
            return closeLocked();
        } finally {
            unlockAndWake();
        }
    }

    private boolean closeLocked() {
        if (closed) {
            return false;
        }
        closed = true;
        for (Waiter w = senders.first(); w != null; w = senders.first()) {
            senders.unlink(w);
            endByClose(w);
        }
        // With elements buffered, no receiver waits (invariant 1): the rest are dead.
        boolean drained = buffer.isEmpty();
        for (Waiter w = receivers.first(); w != null; w = receivers.first()) {
            receivers.unlink(w);
            if (drained) {
                endByClose(w);
            }
        }
        return true;
    }

    /**
     * A plain waiter is served with {@link Party#CHANNEL_CLOSED}; a select is only woken, to skip
     * this case and check whether any of its cases can still fire.
     */
    private void endByClose(Waiter w) {
        if (w.party == w) {
            if (w.claimBy(null) == Party.OWNED) {
                serve(w, Party.CHANNEL_CLOSED);
            }
        } else {
            wakeups.add(w.party);
        }
    }

    @Override
    public boolean isClosedForSend() {
        return closed;
    }

    @Override
    public boolean isClosedForReceive() {
        if (!closed) {
            return false;
        }
        lock.lock();
        try {
            return buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- select

    @Override
    public final int selectCase(Party self, Waiter node, boolean receive, Object value, int caseIndex) {
        lock.lock();
        try {
            for (;;) {
                int r = receive ? selectReceiveLocked(self, node, caseIndex)
                        : selectSendLocked(self, node, value, caseIndex);
                if (r != BACK_OFF) {
                    return r;
                }
                // Back off: a select of higher order is pending on a waiter here. Let it settle.
                lock.unlock();
                Thread.onSpinWait();
                Thread.yield();
                lock.lock();
            }
        } finally {
            unlockAndWake();
        }
    }

    private int selectReceiveLocked(Party self, Waiter node, int caseIndex) {
        if (!buffer.isEmpty()) {
            if (!self.own(Party.CLAIMED)) {
                return LOST;
            }
            self.finish(caseIndex, pollLocked());
            return SELECTED;
        }
        if (senders.hasOther(self)) {
            if (!self.own(Party.PENDING)) {
                return LOST;
            }
            Waiter s = senders.claimFirst(self);
            if (s == WaitQueue.BACK_OFF) {
                self.release();
                return BACK_OFF;
            }
            if (s != null) {
                serve(s, null);
                self.finish(caseIndex, s.element);
                return SELECTED;
            }
            self.release();
        }
        if (closed) {
            return CLOSED;
        }
        if (node != null) {
            receivers.add(node);
        }
        return NOT_READY;
    }

    private int selectSendLocked(Party self, Waiter node, Object value, int caseIndex) {
        if (closed) {
            return CLOSED;
        }
        if (receivers.hasOther(self)) {
            if (!self.own(Party.PENDING)) {
                return LOST;
            }
            Waiter r = receivers.claimFirst(self);
            if (r == WaitQueue.BACK_OFF) {
                self.release();
                return BACK_OFF;
            }
            if (r != null) {
                afterAccept();
                serve(r, value);
                self.finish(caseIndex, null);
                return SELECTED;
            }
            self.release();
        }
        if (buffer.size() < capacity) {
            if (!self.own(Party.CLAIMED)) {
                return LOST;
            }
            push(value);
            afterAccept();
            self.finish(caseIndex, null);
            return SELECTED;
        }
        if (node != null) {
            senders.add(node);
        }
        return NOT_READY;
    }

    @Override
    public final void deregister(Waiter node) {
        lock.lock();
        try {
            WaitQueue q = node.queue;
            if (q != null) {
                q.unlink(node);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final boolean isClosedFor(boolean receive) {
        return receive ? isClosedForReceive() : isClosedForSend();
    }

    @Override
    public final boolean retriesOnWake() {
        return false;
    }

    // ---------------------------------------------------------------- helpers, under the lock

    private void serve(Waiter w, Object outcome) {
        w.party.finish(w.caseIndex, outcome);
        wakeups.add(w.party);
    }

    /** Releases the lock, then wakes the parties served under it. */
    final void unlockAndWake() {
        boolean room = roomMade;
        roomMade = false;
        wakeups.unlockAndWake(lock);
        if (room) {
            roomMade();
        }
    }

    /**
     * Releases the lock and leaves the parties served under it for the caller to wake; the
     * broadcast wakes them only after it has released its own lock too, so that no dependent
     * action of an asynchronous receive runs inside the broadcast's send.
     */
    final void unlockInto(ArrayList<Party> wakes) {
        roomMade = false;
        wakeups.unlockInto(lock, wakes);
    }

    /** Closes this channel under the broadcast's lock; see {@link #unlockInto}. */
    final void closeInto(ArrayList<Party> wakes) {
        lock.lock();
        try {
            closeLocked();
        } finally {
            unlockInto(wakes);
        }
    }

    /** A receive made room in a full buffer; a subscription tells its broadcast. */
    void roomMade() {
    }

    /** Whether the hub may add an element now: room, or closed (then it skips this channel). */
    final boolean hasRoomLocked() {
        return closed || buffer.size() < capacity;
    }

    private void push(Object e) {
        if (!buffer.offer(e)) {
            throw new IllegalStateException(
                    kind + " channel cannot hold more than " + ElementRing.MAX_LENGTH + " elements");
        }
    }

    private ChannelClosedException closedForSend() {
        return new ChannelClosedException(kind + " channel is closed for sending");
    }

    private ChannelClosedException closedForReceive() {
        return new ChannelClosedException(kind + " channel is closed and drained");
    }

    /** Senders queued now, dead ones included; for tests and diagnostics. */
    final int queuedSenders() {
        lock.lock();
        try {
            return senders.size();
        } finally {
            lock.unlock();
        }
    }

    /** Receivers queued now, dead ones included; for tests and diagnostics. */
    final int queuedReceivers() {
        lock.lock();
        try {
            return receivers.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return kind + " channel [capacity=" + (capacity == UNBOUNDED ? "unbounded" : capacity)
                    + ", buffered=" + buffer.size() + ", waitingSenders=" + senders.size()
                    + ", waitingReceivers=" + receivers.size() + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
