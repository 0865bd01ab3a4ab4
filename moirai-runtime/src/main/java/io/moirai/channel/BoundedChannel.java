package io.moirai.channel;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded channel: a lock-free ring of elements, and two wait queues behind a lock that only
 * a thread that must wait, or must wake a waiter, or closes the channel, takes.
 *
 * @param <E> the type of elements
 */
final class BoundedChannel<E> implements Channel<E>, Selectable {
    /*
     * Design note
     *
     * Structure
     * A BoundedRing holds the elements; senders and receivers use it without a lock. Only a thread
     * that finds the ring full (a sender) or empty (a receiver) takes the lock, to queue a Waiter
     * in senders or receivers and park. A thread whose ring operation could let a waiter proceed
     * (a sender that added an element while receivers wait, a receiver that made room while
     * senders wait) takes the lock too, and serves waiters through the ring: it holds a waiter's
     * party (Party.hold, WAITING -> PENDING), takes an element from the ring for it, or puts its
     * element into the ring, and publishes DONE; if the ring operation fails, because a thread on
     * the lock-free path got there first, it gives the party back (PENDING -> WAITING) and the
     * waiter stays first in line. Elements never bypass the ring, so the ring alone decides the
     * order of elements, and "exactly once" is the ring's. transferLocked() moves elements this
     * way until nothing more moves. Close, select and every registration take the lock as well.
     *
     * No lost wake-up: the Dekker pair
     * A receiver that finds the ring empty must not park while a sender has just added an element
     * and gone away without seeing the receiver. Each side publishes its own action, then reads
     * the other's:
     *   receiver: receivers.add(w)  [sv of the queue's size]   then  ring.poll()  [its "empty"
     *             verdict comes from an lv of producerIndex]
     *   sender:   ring.offer(e)     [cas of producerIndex]      then  receivers.size()  [lv]
     * All four accesses are volatile, so they fall into one total order consistent with program
     * order (the synchronization order). If the receiver's lv of producerIndex comes after the
     * sender's cas, the strict poll sees the claimed index and waits for its element (or finds it
     * taken by another receiver); the receiver does not park with it in the ring. Otherwise the
     * receiver's sv of the size comes before its lv, which comes before the sender's cas, which
     * comes before the sender's lv of the size: the sender sees the receiver and serves it. A
     * release store or an acquire load would not do: the pair needs the store-load order that
     * only volatile accesses (or a full fence) give. The same pair, mirrored, protects a sender
     * that finds the ring full against a receiver that makes room (senders.add then a strict
     * offer, whose "full" verdict comes from an lv of consumerIndex; a receiver's cas of
     * consumerIndex then senders.size()). jcstress: BoundedWakeUpTest.
     *
     * The waker's own ring operation is relaxed: it gives up instead of spinning on a slot that
     * another thread is halfway through filling or emptying. That thread has done its cas and will
     * read the waiter count afterwards, and the waiter was queued before the waker took the lock,
     * so by the same pair that thread sees the waiter and comes to serve it.
     *
     * Invariants (under the lock)
     *   1. A queued waiter whose party is WAITING is waiting for its turn: either the ring is
     *      empty (full) for it, or a thread that changed that is bound to call transferLocked().
     *   2. A held party (PENDING) belongs to the thread holding the lock, until it serves it or
     *      gives it back before releasing the lock; so the owner of a waiter only ever sees it
     *      WAITING, PENDING for a moment, CLAIMED/DONE, or CANCELLED by itself.
     *   3. Once the ring is closed, no element enters; close() has served every queued sender with
     *      Party.CHANNEL_CLOSED and every queued receiver with an element or CHANNEL_CLOSED, and no
     *      waiter is queued afterwards (every registration checks for the close under the lock).
     *
     * Close
     * The ring's closed bit is the linearization point: a send that claimed its index before it
     * is accepted and will be received; one after it fails. isClosedForSend and
     * isClosedForReceive read the ring, so they agree with every send and receive.
     *
     * Waiting
     * A ring operation costs tens of nanoseconds; parking and unparking a platform thread costs
     * a wake-up of 15-20 microseconds on a loaded 2-core machine, and a virtual thread a
     * continuation switch and a scheduler submission (plus a carrier wake-up if its carrier went
     * idle). One producer handing items to one consumer then falls into a ping-pong: one side
     * fills (or drains) the whole ring while the other is still being woken, then parks itself,
     * and every lap costs two wake-ups. So a thread that finds the ring full or empty first waits
     * a moment without queuing (offerAfterSpinning, pollAfterSpinning), re-reading only the one
     * slot it needs, and only if no waiter of its own kind is queued (one queued behind others
     * has no chance soon, as in SynchronousQueue):
     *   - A platform thread spins for SPIN_NANOS (10 us), about one context switch: long enough
     *     that a counterpart running on another core, or just woken, usually acts within it, so
     *     the pair streams through the ring instead of parking every lap. Longer spins measured
     *     worse on a loaded machine: the spinner holds a core that the woken thread waits for.
     *   - A virtual thread yields (YIELDS times, with a few ring checks before each yield). If the
     *     counterpart is queued on the same carrier, it runs a whole lap meanwhile, and the pair
     *     alternates on one carrier without parking, queuing or locking, and with the ring in that
     *     core's cache; if it runs on another carrier, the yield comes back at once and acts as a
     *     spin. Spinning instead measured far worse (0.4x ArrayBlockingQueue with 128 spins): a
     *     virtual thread that spins keeps its counterpart off the shared carrier.
     * Once queued, a waiter is served with its element, so it does not retry after waking, and
     * it does not spin again (Waiter.await with no spins).
     *
     * Fairness
     * A sender on the lock-free path may overtake a waiting sender (and a receiver a waiting
     * receiver), as with an ArrayBlockingQueue that is not fair. Waiters among themselves are
     * served in order.
     *
     * Rejected
     *   - Handing an element directly from a sender to a waiting receiver, as BufferedChannel and
     *     Go do: with a lock-free ring, the receiver may find elements sent before that one still
     *     in the ring, and the order of one sender's elements would depend on who waits.
     *   - Waking a waiter and letting it retry (a condition variable): a select must then re-run
     *     all its cases on every wake, and a woken waiter that gives up must pass the wake on.
     *   - Claiming the waiter (CLAIMED) before the ring operation: a claim cannot be given back
     *     when the operation fails (see Party).
     */

    /** The largest capacity that gets a ring; larger bounded channels are BufferedChannels. */
    static final int MAX_RING_CAPACITY = 1 << 16;

    /** Whether a spinning platform thread can expect its counterpart to run meanwhile. */
    private static final boolean MULTI_CORE = Runtime.getRuntime().availableProcessors() > 1;

    /**
     * How long a platform thread spins before it queues a waiter: about one context switch (see
     * the design note). None on one core, where the counterpart cannot run meanwhile.
     */
    private static final long SPIN_NANOS = MULTI_CORE ? 10_000L : 0L;

    /** How often a virtual thread yields before it queues a waiter (see the design note). */
    private static final int YIELDS = 8;

    /** Ring checks, a spin-wait hint apart, between two reads of the clock or two yields. */
    private static final int CHECKS = 8;

    private final BoundedRing ring;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock; their sizes are also read without it.
    private final WaitQueue senders = new WaitQueue();
    private final WaitQueue receivers = new WaitQueue();
    /** Parties served under the lock, woken once it is released. */
    private final DeferredWakeups wakeups = new DeferredWakeups();

    BoundedChannel(int capacity) {
        this.ring = new BoundedRing(capacity);
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(E element) throws InterruptedException {
        sendBlocking(Objects.requireNonNull(element, "element"), false, 0L);
    }

    @Override
    public boolean send(E element, long timeout, TimeUnit unit) throws InterruptedException {
        Object e = Objects.requireNonNull(element, "element");
        return sendBlocking(e, true, Objects.requireNonNull(unit, "unit").toNanos(timeout));
    }

    @Override
    public boolean trySend(E element) {
        return sent(ring.offer(Objects.requireNonNull(element, "element")));
    }

    private boolean sendBlocking(Object element, boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int r = ring.offer(element);
        if (r != BoundedRing.FULL || timed && nanos <= 0L) {
            return sent(r);
        }
        // The deadline may wrap past Long.MAX_VALUE, but only its difference with nanoTime() is
        // used, which stays exact for any wait shorter than 292 years.
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        r = offerAfterSpinning(element, timed, deadline);
        if (r != BoundedRing.FULL) {
            return sent(r);
        }
        if (timed && (nanos = deadline - System.nanoTime()) <= 0L) {
            return false;
        }
        return awaitSend(element, timed, nanos);
    }

    /** After an offer: true if accepted (waking a receiver if one waits), false if full. */
    private boolean sent(int r) {
        if (r == BoundedRing.ACCEPTED) {
            afterOffer();
            return true;
        }
        if (r == BoundedRing.CLOSED) {
            throw closedForSend();
        }
        return false;
    }

    /**
     * Spins (or yields) a moment for room, if this sender would be first in line (a sender queued
     * behind others has no chance soon); then offers once more.
     */
    private int offerAfterSpinning(Object element, boolean timed, long deadline) {
        if (senders.size() == 0) {
            long end = spinEnd(timed, deadline);
            for (int round = 0; ; round++) {
                for (int i = 0; i < CHECKS; i++) {
                    if (ring.mayOffer()) {
                        int r = ring.offer(element);
                        if (r != BoundedRing.FULL) {
                            return r;
                        }
                    }
                    Thread.onSpinWait();
                }
                if (!spinRound(round, end)) {
                    break;
                }
            }
        }
        return ring.offer(element);
    }

    /** When a platform thread stops spinning: {@link #SPIN_NANOS} from now, or at the wait's deadline. */
    private static long spinEnd(boolean timed, long deadline) {
        long end = System.nanoTime() + SPIN_NANOS;
        return timed && deadline - end < 0L ? deadline : end;
    }

    /**
     * Ends a round of ring checks: a virtual thread yields, so that a counterpart queued on the
     * same carrier runs, unless it has yielded {@link #YIELDS} times; a platform thread goes on
     * until {@code end}.
     *
     * @return whether to check the ring for another round
     */
    private static boolean spinRound(int round, long end) {
        if (Thread.currentThread().isVirtual()) {
            if (round >= YIELDS) {
                return false;
            }
            Thread.yield();
            return true;
        }
        return System.nanoTime() - end < 0L;
    }

    private boolean awaitSend(Object element, boolean timed, long nanos) throws InterruptedException {
        Waiter w = new Waiter(Thread.currentThread(), this, element);
        int r;
        lock.lock();
        try {
            senders.add(w);                     // sv: then the strict offer's lv of consumerIndex
            r = ring.offer(element);
            if (r != BoundedRing.FULL) {
                senders.unlink(w);
                if (r == BoundedRing.ACCEPTED) {
                    transferLocked();
                }
            }
        } finally {
            unlockAndWake();
        }
        if (r == BoundedRing.ACCEPTED) {
            return true;
        }
        if (r == BoundedRing.CLOSED) {
            throw closedForSend();
        }
        Object outcome = w.await(timed, nanos, 0);
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

    // ---------------------------------------------------------------- receive

    @Override
    public E receive() throws InterruptedException {
        return receiveBlocking(false, 0L);
    }

    @Override
    public E receive(long timeout, TimeUnit unit) throws InterruptedException {
        return receiveBlocking(true, Objects.requireNonNull(unit, "unit").toNanos(timeout));
    }

    @Override
    @SuppressWarnings("unchecked")
    public E tryReceive() {
        return (E) received(ring.poll());
    }

    /** After a poll: lets a waiting sender move in if an element was taken; returns {@code e}. */
    private Object received(Object e) {
        if (e != null) {
            afterPoll();
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private E receiveBlocking(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object e = ring.poll();
        if (e == null && !ring.isDrained() && (!timed || nanos > 0L)) {
            long deadline = timed ? System.nanoTime() + nanos : 0L;   // may wrap: see sendBlocking
            e = pollAfterSpinning(timed, deadline);
            if (e == null && timed) {
                nanos = deadline - System.nanoTime();
            }
        }
        if (e != null) {
            return (E) received(e);
        }
        if (ring.isDrained()) {
            throw closedForReceive();
        }
        if (timed && nanos <= 0L) {
            return null;
        }
        Waiter w = new Waiter(Thread.currentThread(), this, null);
        e = register(w);
        if (e == null) {
            e = w.await(timed, nanos, 0);
            if (e == Waiter.TIMED_OUT) {
                return null;
            }
            if (e == Waiter.INTERRUPTED) {
                throw new InterruptedException();
            }
        }
        if (e == Party.CHANNEL_CLOSED) {
            throw closedForReceive();
        }
        return (E) e;
    }

    /** The mirror image of {@link #offerAfterSpinning}. */
    private Object pollAfterSpinning(boolean timed, long deadline) {
        if (receivers.size() == 0) {
            long end = spinEnd(timed, deadline);
            for (int round = 0; ; round++) {
                for (int i = 0; i < CHECKS; i++) {
                    if (ring.mayPoll()) {
                        Object e = ring.poll();
                        if (e != null) {
                            return e;
                        }
                    }
                    Thread.onSpinWait();
                }
                if (!spinRound(round, end)) {
                    break;
                }
            }
        }
        return ring.poll();
    }

    @Override
    public CompletionStage<E> receiveAsync() {
        Object e = received(ring.poll());
        ReceiveFuture<E> future = null;
        if (e == null) {
            if (ring.isDrained()) {
                return ReceiveFuture.failed(this, closedForReceive());
            }
            future = new ReceiveFuture<>(this);
            e = register(future.waiter());
        }
        if (e == null) {
            return future;
        }
        if (e == Party.CHANNEL_CLOSED) {
            return ReceiveFuture.failed(this, closedForReceive());
        }
        @SuppressWarnings("unchecked")
        E element = (E) e;
        return ReceiveFuture.completed(this, element);
    }

    /**
     * Queues a receiver, then polls once more (the receiver's half of the Dekker pair).
     *
     * @return null if {@code w} is now queued; else, with {@code w} not queued, an element that
     *         arrived meanwhile or {@link Party#CHANNEL_CLOSED} if the channel is closed and drained
     */
    private Object register(Waiter w) {
        lock.lock();
        try {
            receivers.add(w);                   // sv: then the strict poll's lv of producerIndex
            Object e = ring.poll();
            if (e == null && !ring.isDrained()) {
                return null;
            }
            receivers.unlink(w);
            if (e == null) {
                return Party.CHANNEL_CLOSED;
            }
            transferLocked();                   // room was made: a waiting sender may move in
            return e;
        } finally {
            unlockAndWake();
        }
    }

    // ---------------------------------------------------------------- waking

    /** After an element went in: serves a waiting receiver, if any. */
    private void afterOffer() {
        if (receivers.size() != 0) {            // lv: the sender's half of the Dekker pair
            transfer();
        }
    }

    /** After an element was taken: lets a waiting sender move in, if any. */
    private void afterPoll() {
        if (senders.size() != 0) {              // lv: the receiver's half of the mirrored pair
            transfer();
        }
    }

    private void transfer() {
        lock.lock();
        try {
            transferLocked();
        } finally {
            unlockAndWake();
        }
    }

    /**
     * Serves waiters through the ring until nothing more moves: the first waiting receiver with
     * the oldest element, the first waiting sender by putting its element in. A held waiter whose
     * ring operation fails is given back and stays first in line. Under the lock.
     */
    private void transferLocked() {
        boolean moved;
        do {
            moved = false;
            Waiter r = receivers.size() != 0 ? receivers.holdFirst() : null;
            if (r != null) {
                Object e = ring.relaxedPoll();
                if (e != null) {
                    receivers.unlink(r);
                    serve(r, e);
                    moved = true;
                } else {
                    r.party.release();
                }
            }
            Waiter s = senders.size() != 0 ? senders.holdFirst() : null;
            if (s != null) {
                if (ring.relaxedOffer(s.element) == BoundedRing.ACCEPTED) {
                    senders.unlink(s);
                    serve(s, null);
                    moved = true;
                } else {
                    s.party.release();
                }
            }
        } while (moved);
    }

    private void serve(Waiter w, Object outcome) {
        w.party.finish(w.caseIndex, outcome);
        wakeups.add(w.party);
    }

    private void unlockAndWake() {
        wakeups.unlockAndWake(lock);
    }

    // ---------------------------------------------------------------- close

    @Override
    public boolean close() {
        lock.lock();
        try {
            if (!ring.close()) {
                return false;
            }
            for (Waiter w = senders.first(); w != null; w = senders.first()) {
                senders.unlink(w);
                if (w.party != w) {
                    wakeups.add(w.party);       // a select: woken to skip this case
                } else if (w.hold()) {
                    serve(w, Party.CHANNEL_CLOSED);
                }
            }
            for (Waiter w = receivers.first(); w != null; w = receivers.first()) {
                receivers.unlink(w);
                if (w.party.hold()) {
                    endReceiverByClose(w);
                }
            }
            return true;
        } finally {
            unlockAndWake();
        }
    }

    /**
     * Serves a held receiver with an element still in the ring (the poll is strict: the ring is
     * closed, so it ends), or with the close: a plain receiver gets {@link Party#CHANNEL_CLOSED},
     * a select is given back and woken to skip this case.
     */
    private void endReceiverByClose(Waiter w) {
        Object e = ring.poll();
        if (e != null) {
            serve(w, e);
        } else if (w.party == w) {
            serve(w, Party.CHANNEL_CLOSED);
        } else {
            w.party.release();
            wakeups.add(w.party);
        }
    }

    @Override
    public boolean isClosedForSend() {
        return ring.isClosed();
    }

    @Override
    public boolean isClosedForReceive() {
        return ring.isDrained();
    }

    // ---------------------------------------------------------------- select

    @Override
    public int selectCase(Party self, Waiter node, boolean receive, Object value, int caseIndex) {
        int r = trySelect(self, receive, value, caseIndex);
        if (r != NOT_READY || node == null) {
            if (r == SELECTED) {
                if (receive) {
                    afterPoll();
                } else {
                    afterOffer();
                }
            }
            return r;
        }
        WaitQueue q = receive ? receivers : senders;
        lock.lock();
        try {
            q.add(node);                        // sv: then the re-check, as for a plain waiter
            r = trySelect(self, receive, value, caseIndex);
            if (r == SELECTED || r == CLOSED) {
                q.unlink(node);
            }
            if (r == SELECTED) {
                transferLocked();
            }
            return r;
        } finally {
            unlockAndWake();
        }
    }

    /**
     * Tries a case with the select's party owned ({@code PENDING}), so that nothing moves if a
     * counterpart on another channel has served the select already.
     */
    private int trySelect(Party self, boolean receive, Object value, int caseIndex) {
        if (!self.own(Party.PENDING)) {
            return LOST;
        }
        if (receive) {
            Object e = ring.poll();
            if (e != null) {
                self.finish(caseIndex, e);
                return SELECTED;
            }
            self.release();
            return ring.isDrained() ? CLOSED : NOT_READY;
        }
        int r = ring.offer(value);
        if (r == BoundedRing.ACCEPTED) {
            self.finish(caseIndex, null);
            return SELECTED;
        }
        self.release();
        return r == BoundedRing.CLOSED ? CLOSED : NOT_READY;
    }

    @Override
    public void deregister(Waiter node) {
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
    public boolean isClosedFor(boolean receive) {
        return receive ? isClosedForReceive() : isClosedForSend();
    }

    @Override
    public boolean retriesOnWake() {
        return false;
    }

    // ---------------------------------------------------------------- diagnostics

    private static ChannelClosedException closedForSend() {
        return new ChannelClosedException("bounded channel is closed for sending");
    }

    private static ChannelClosedException closedForReceive() {
        return new ChannelClosedException("bounded channel is closed and drained");
    }

    /** Senders queued now, dead ones included; for tests and diagnostics. */
    int queuedSenders() {
        return senders.size();
    }

    /** Receivers queued now, dead ones included; for tests and diagnostics. */
    int queuedReceivers() {
        return receivers.size();
    }

    @Override
    public String toString() {
        return "bounded channel [capacity=" + ring.capacity() + ", buffered=" + ring.size()
                + ", waitingSenders=" + senders.size() + ", waitingReceivers=" + receivers.size()
                + (ring.isClosed() ? ", closed" : "") + "]";
    }
}
