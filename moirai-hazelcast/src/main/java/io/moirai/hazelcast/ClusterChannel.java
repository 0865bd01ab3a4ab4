package io.moirai.hazelcast;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.RemoteChannel;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The channel of {@link MoiraiCluster#channel(String, int)}: a bounded Hazelcast queue of
 * serialized elements, and a closed flag in a Hazelcast map, both with one synchronous backup.
 *
 * @param <E> the type of elements
 */
final class ClusterChannel<E> implements RemoteChannel<E> {
    /*
     * Design note
     *
     * Structures
     * The elements live in the IQueue "moirai.channel.<name>", configured (dynamically, on first
     * use, cluster-wide) with max-size = capacity and one synchronous backup: a send whose offer
     * returned was acknowledged by the backup, so it survives the death of the queue's owner. The
     * elements are byte arrays (ChannelElements): Hazelcast stores and copies them without looking
     * inside, and each member reads them through its own allow-list. The closed flags of all
     * channels live in the IMap "moirai.channel.closed" (one synchronous backup), key = name. No
     * CP subsystem: it needs three members and its own configuration, and nothing here needs
     * linearizable consensus beyond what one partition's owner already gives.
     *
     * Close, and a send racing with it
     * close() is putIfAbsent(name, TRUE) on the flag map: the call that put it closed the channel.
     * The flag and the queue are in different partitions, so no operation sees both at once. A
     * send therefore checks the flag, offers, and checks the flag again:
     *   - closed before the offer: the send fails, nothing entered the queue;
     *   - open after the offer: the offer came before the close, so the element was accepted
     *     before the close and will be received (drained) like any other;
     *   - closed after the offer: the sender removes its element from the queue. If it finds it,
     *     the send fails with ChannelClosedException and the element is not delivered. If it
     *     does not, a receiver has already taken it: it was delivered, so the send succeeds.
     *     The bytes of every send end with a tag unique in the cluster (ChannelElements), so the
     *     remove finds this send's element and no other. Without the tag, equal elements had
     *     equal bytes and the remove took the first equal one in the queue: an earlier element of
     *     the same sender, sent successfully, was taken back instead, and the receivers saw the
     *     later one in its place, after the elements sent between the two (one sender's order
     *     broken; ClusterChannelTest.aSendTakingItsElementBackAtCloseKeepsTheSendersOrder).
     * So a send that returned normally delivers its element exactly once, and a send that threw
     * delivers nothing; a send that began after close() returned always throws.
     *
     * Receivers: "closed and drained"
     * A receiver that finds the queue empty reads the flag, and only if it is set polls once more;
     * if that poll is empty too, the channel is closed and drained. Since the flag was read before
     * the last poll, every send that succeeded with its second check "open" had offered before the
     * close, hence before that poll, and its element was there to be found; a send that succeeded
     * the other way had its element taken already. An element offered after the close by a send
     * that is about to fail can still be taken by a receiver in the moment before its sender
     * removes it: then that send succeeds instead, as above, and nothing is stranded. (A sender
     * whose member dies between its offer and its second check leaves its element in the queue,
     * where later receivers still find it.)
     *
     * Waiting
     * Hazelcast's blocking offer and poll wait at the queue's owner and answer as soon as room or
     * an element appears, but they cannot see the flag, so every wait is cut into slices of
     * SLICE_NANOS: between two slices a waiter re-reads the flag, its deadline and its interrupt
     * status. Close is therefore seen by a waiting sender or receiver within one slice.
     *
     * Interrupts, and why every Hazelcast call runs on a thread of its own
     * A Hazelcast proxy call waits for its operation's answer interruptibly; if the caller is
     * interrupted, it throws while the operation goes on at the owner, and a poll's element (or
     * an offer's outcome) is lost. So each call runs on a fresh virtual thread that nobody
     * interrupts, and the caller joins it uninterruptibly: an interrupt is looked at between
     * slices, exactly like the in-process Waiter does when it finds itself served: a slice that
     * took an element (or placed one) completes the operation and leaves the interrupt flag set;
     * a slice that took nothing ends the operation with InterruptedException and the flag
     * cleared. An interrupt is thus answered within one slice.
     *
     * What is not guaranteed (also in docs/distributed.md)
     *   - An element a receiver has taken is that receiver's: if its member dies before the
     *     application has it, the element is lost (at most once after the take).
     *   - An offer or poll whose answer is lost because the queue's owner dies while it runs is
     *     retried by Hazelcast on the new owner: the offer may then place the element twice,
     *     the poll may take a second element and lose the first. Completed sends are not touched.
     *     A send begun before the survivors have replaced the dead owner is in flight too, and its
     *     second copy may surface only at a later partition move (the queue's backup brings it
     *     back): seen once in ChannelMemberLossTest, after a member joined.
     *   - "Closed and drained" is final for what was sent before the close, not for every
     *     receiver: a send that read the flag before the close and offers after a receiver found
     *     the queue empty can have its element taken by another receiver, and then succeeds.
     *   - A member declared dead while alive (a long pause, a network split) runs on its own
     *     copies of the queue and the flag until Hazelcast's split-brain merge: its receivers
     *     miss a close made elsewhere, and what was sent there is lost at the merge if the
     *     cluster's queue is not empty then (Hazelcast's default queue merge policy).
     *   - Order: one sender's elements are received in the order sent (one FIFO queue); between
     *     senders, as they reach the owner.
     *
     * Rejected
     *   - A Hazelcast transaction around check-and-offer: a transactional offer cannot wait while
     *     the queue is full, and every send would pay a two-phase commit.
     *   - Putting a "closed" marker into the queue: a full queue has no room for it, and every
     *     receiver would have to put it back for the next one.
     *   - Item listeners to wake local waiters: one event per element to every member, and a
     *     waiter would still need the slice for the flag; the owner-side blocking poll already
     *     answers at once when an element arrives.
     */

    /** The prefix of the queue that holds a channel's elements. */
    static final String QUEUE_PREFIX = "moirai.channel.";
    /** The map of closed flags, by channel name. */
    static final String CLOSED_MAP = "moirai.channel.closed";
    /** The longest a waiting send or receive goes without looking at the closed flag and its interrupt. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final System.Logger LOG = System.getLogger("io.moirai.hazelcast");

    /** What a slice of a send ended with. */
    private enum Offer { SENT, FULL, CLOSED }

    /** What a slice of a receive ended with, besides an element. */
    private static final Object EMPTY = new Object();
    private static final Object DRAINED = new Object();

    private final String name;
    private final int capacity;
    private final IQueue<byte[]> queue;
    private final IMap<String, Boolean> closedFlags;
    private final PayloadFilter filter;
    private final ClusterListener listener;
    private final ThreadFactory calls;
    /** This member's id, the first part of the tag that makes each send's bytes unique. */
    private final UUID member;
    /** Set once this member has seen the flag: closing is forever, so it spares later round trips. */
    private volatile boolean closedSeen;

    private ClusterChannel(HazelcastInstance hz, String name, int capacity, PayloadFilter filter,
                           ClusterListener listener) {
        this.name = name;
        this.capacity = capacity;
        this.queue = hz.getQueue(QUEUE_PREFIX + name);
        this.closedFlags = hz.getMap(CLOSED_MAP);
        this.filter = filter;
        this.listener = listener;
        this.calls = Thread.ofVirtual().name("moirai-channel-" + name + "-", 0).factory();
        this.member = hz.getCluster().getLocalMember().getUuid();
    }

    /**
     * This member's channel {@code name}, configured in the cluster on first use.
     *
     * @param opened this member's channels by name, for one instance per name
     */
    static <E> RemoteChannel<E> open(HazelcastInstance hz, PayloadFilter filter, ClusterListener listener,
                                     Map<String, ClusterChannel<?>> opened, String name, int capacity) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a channel name must not be blank, was '" + name + "'");
        }
        if (name.indexOf('@') >= 0) {
            // Hazelcast reads "<base>@<partition key>" in a structure's name: the queue would take the
            // configuration of <base> (none: unbounded), not the one configured here under the full name
            throw new IllegalArgumentException("a channel name must not contain '@' (Hazelcast reads what follows "
                    + "as a partition key and would not bound the channel), was '" + name + "'");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        ClusterChannel<?> channel = opened.get(name);
        if (channel == null) {
            configure(hz, name, capacity);
            ClusterChannel<?> created = new ClusterChannel<>(hz, name, capacity, filter, listener);
            channel = Objects.requireNonNullElse(opened.putIfAbsent(name, created), created);
        }
        if (channel.capacity != capacity) {
            throw differentCapacity(name, channel.capacity, capacity);
        }
        @SuppressWarnings("unchecked")
        RemoteChannel<E> typed = (RemoteChannel<E>) channel;
        return typed;
    }

    /**
     * Adds the queue's configuration cluster-wide. Hazelcast refuses a different configuration
     * under the same name, from any member: that is how a capacity that differs from another
     * member's is caught.
     */
    private static void configure(HazelcastInstance hz, String name, int capacity) {
        Config config = hz.getConfig();
        String queueName = QUEUE_PREFIX + name;
        try {
            config.addQueueConfig(new QueueConfig(queueName).setMaxSize(capacity).setBackupCount(1)
                    .setAsyncBackupCount(0));
        } catch (InvalidConfigurationException e) {
            int existing = config.getQueueConfig(queueName).getMaxSize();
            if (existing != capacity) {
                throw differentCapacity(name, existing, capacity);
            }
            // the application configured this queue itself, with the same bound: keep its settings
            LOG.log(System.Logger.Level.DEBUG, "kept the configured queue " + queueName, e);
        }
        try {
            config.addMapConfig(new MapConfig(CLOSED_MAP).setBackupCount(1).setAsyncBackupCount(0));
        } catch (InvalidConfigurationException e) {
            LOG.log(System.Logger.Level.DEBUG, "kept the configured map " + CLOSED_MAP, e);
        }
    }

    private static IllegalArgumentException differentCapacity(String name, int existing, int capacity) {
        return new IllegalArgumentException("channel '" + name + "' exists with capacity " + existing
                + ", not " + capacity);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- send

    @Override
    public void send(E element) throws InterruptedException {
        sendBlocking(encode(element), false, 0L);
    }

    @Override
    public boolean send(E element, long timeout, TimeUnit unit) throws InterruptedException {
        byte[] bytes = encode(element);
        return sendBlocking(bytes, true, Objects.requireNonNull(unit, "unit").toNanos(timeout));
    }

    @Override
    public boolean trySend(E element) {
        byte[] bytes = encode(element);
        return sent(call(() -> offer(bytes, 0L)));
    }

    private boolean sendBlocking(byte[] bytes, boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;   // may wrap: only differences with nanoTime are used
        for (;;) {
            long slice = timed ? Math.min(SLICE_NANOS, deadline - System.nanoTime()) : SLICE_NANOS;
            if (sent(call(() -> offer(bytes, slice)))) {
                return true;   // an interrupt that came meanwhile stays set
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (timed && deadline - System.nanoTime() <= 0L) {
                return false;
            }
        }
    }

    private boolean sent(Offer outcome) {
        if (outcome == Offer.CLOSED) {
            throw new ChannelClosedException("channel '" + name + "' is closed for sending");
        }
        if (outcome == Offer.SENT) {
            listener.channelSent(name);
            return true;
        }
        return false;
    }

    /** One slice of a send, on a thread nobody interrupts: check, offer, check again (see the design note). */
    private Offer offer(byte[] bytes, long nanos) {
        if (closed()) {
            return Offer.CLOSED;
        }
        boolean offered;
        try {
            offered = nanos <= 0L ? queue.offer(bytes) : queue.offer(bytes, nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a channel call thread was interrupted", e);   // nobody does
        }
        if (!offered) {
            return Offer.FULL;
        }
        if (closed() && queue.remove(bytes)) {
            return Offer.CLOSED;   // taken back: not delivered
        }
        return Offer.SENT;
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
    public E tryReceive() {
        Object r = call(() -> poll(0L, false));
        return r instanceof byte[] bytes ? received(bytes) : null;
    }

    private E receiveBlocking(boolean timed, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = System.nanoTime() + nanos;
        for (;;) {
            long slice = timed ? Math.min(SLICE_NANOS, deadline - System.nanoTime()) : SLICE_NANOS;
            Object r = call(() -> poll(slice, true));
            if (r instanceof byte[] bytes) {
                return received(bytes);   // an interrupt that came meanwhile stays set
            }
            if (r == DRAINED) {
                throw closedForReceive();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (timed && deadline - System.nanoTime() <= 0L) {
                return null;
            }
        }
    }

    /**
     * One slice of a receive, on a thread nobody interrupts.
     *
     * @param drain whether an empty queue is to be told apart as closed and drained
     * @return the element's bytes, {@link #EMPTY}, or {@link #DRAINED}
     */
    private Object poll(long nanos, boolean drain) {
        byte[] bytes;
        try {
            bytes = nanos <= 0L ? queue.poll() : queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a channel call thread was interrupted", e);   // nobody does
        }
        if (bytes != null) {
            return bytes;
        }
        if (!drain || !closed()) {
            return EMPTY;
        }
        bytes = queue.poll();   // after reading the flag: see "closed and drained" in the design note
        return bytes != null ? bytes : DRAINED;
    }

    private E received(byte[] bytes) {
        @SuppressWarnings("unchecked")
        E element = (E) ChannelElements.read(bytes, filter, name);
        listener.channelReceived(name);
        return element;
    }

    @Override
    public CompletionStage<E> receiveAsync() {
        ClusterReceiveFuture<E> future = new ClusterReceiveFuture<>(withdrawal -> calls.newThread(withdrawal).start());
        calls.newThread(() -> receiveInto(future)).start();
        return future;
    }

    /** Receives for {@code future} on this thread (one nobody interrupts), slice by slice, until it is settled or withdrawn. */
    private void receiveInto(ClusterReceiveFuture<E> future) {
        while (future.beginTake()) {
            Object r;
            try {
                r = poll(SLICE_NANOS, true);
                if (r instanceof byte[] bytes) {
                    future.deliver(received(bytes));
                    return;
                }
            } catch (RuntimeException | Error e) {
                future.fail(e);
                return;
            }
            if (r == DRAINED) {
                future.fail(closedForReceive());
                return;
            }
            future.endTake();
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public boolean close() {
        boolean closedNow = call(() -> closedFlags.putIfAbsent(name, Boolean.TRUE) == null);
        closedSeen = true;
        return closedNow;
    }

    @Override
    public boolean isClosedForSend() {
        return closedSeen || call(this::closed);
    }

    @Override
    public boolean isClosedForReceive() {
        // the flag before the emptiness: see "closed and drained" in the design note
        return call(() -> closed() && queue.isEmpty());
    }

    /** The flag, read at its owner unless this member has seen it set. */
    private boolean closed() {
        if (closedSeen) {
            return true;
        }
        if (closedFlags.containsKey(name)) {
            closedSeen = true;
            return true;
        }
        return false;
    }

    private ChannelClosedException closedForReceive() {
        return new ChannelClosedException("channel '" + name + "' is closed and drained");
    }

    // ---------------------------------------------------------------- plumbing

    private byte[] encode(E element) {
        return ChannelElements.write(Objects.requireNonNull(element, "element"), filter, name, member);
    }

    /**
     * Runs {@code call} on a fresh virtual thread and waits for it without being interruptible
     * (see the design note); an interrupt that comes meanwhile stays set for the caller to see.
     */
    private <T> T call(Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.newThread(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).start();
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ClusterChannel[" + name + ", capacity " + capacity + (closedSeen ? ", closed]" : "]");
    }
}
