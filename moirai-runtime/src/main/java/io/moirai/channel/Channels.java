package io.moirai.channel;

/**
 * Creates channels.
 *
 * <pre>{@code
 * Channel<Job> jobs = Channels.bounded(128);          // senders wait while 128 are buffered
 * Channel<Log> logs = Channels.unbounded();           // senders never wait
 * Channel<Ack> acks = Channels.rendezvous();          // a send waits for its receiver
 * Channel<Result> reply = Channels.oneshot();         // exactly one element, ever
 * BroadcastChannel<Tick> ticks = Channels.broadcast(16);
 * }</pre>
 *
 * <table>
 *   <caption>Channel kinds</caption>
 *   <tr><th>kind</th><th>send waits while</th><th>closes</th></tr>
 *   <tr><td>{@link #bounded(int) bounded}</td><td>the buffer is full</td><td>by {@code close()}</td></tr>
 *   <tr><td>{@link #unbounded() unbounded}</td><td>never</td><td>by {@code close()}</td></tr>
 *   <tr><td>{@link #rendezvous() rendezvous}</td><td>no receiver has taken the element</td><td>by {@code close()}</td></tr>
 *   <tr><td>{@link #oneshot() oneshot}</td><td>never</td><td>by its first element, or {@code close()}</td></tr>
 *   <tr><td>{@link #broadcast(int) broadcast}</td><td>a subscriber's buffer is full</td><td>by {@code close()}</td></tr>
 * </table>
 */
public final class Channels {

    private Channels() {
    }

    /**
     * A channel that buffers up to {@code capacity} elements. While neither side has to wait, a
     * send or receive takes no lock. The buffer of a capacity up to 65,536 is allocated up front
     * (about 12 bytes per element); a larger one grows on demand, up to 2<sup>30</sup> elements:
     * a capacity above that holds 2<sup>30</sup>.
     *
     * @param capacity how many elements the channel holds before senders wait
     * @param <E>      the type of elements
     * @return a new channel
     * @throws IllegalArgumentException if {@code capacity} is less than 1 (use
     *         {@link #rendezvous()} for a channel without a buffer)
     */
    public static <E> Channel<E> bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        // The growing buffer holds at most 2^30 elements; a larger capacity is that many, so
        // senders wait there as the capacity promises instead of failing.
        return capacity <= BoundedChannel.MAX_RING_CAPACITY
                ? new BoundedChannel<>(capacity)
                : new BufferedChannel<>(Math.min(capacity, ElementRing.MAX_LENGTH), false, "bounded");
    }

    /**
     * A channel whose buffer grows as needed (up to 2<sup>30</sup> elements): sends never wait.
     *
     * @param <E> the type of elements
     * @return a new channel
     */
    public static <E> Channel<E> unbounded() {
        return new BufferedChannel<>(BufferedChannel.UNBOUNDED, false, "unbounded");
    }

    /**
     * A channel without a buffer: a send completes only when a receiver takes the element, so
     * {@code trySend} succeeds only if a receiver is waiting and {@code tryReceive} only if a
     * sender is.
     *
     * @param <E> the type of elements
     * @return a new channel
     */
    public static <E> Channel<E> rendezvous() {
        return new BufferedChannel<>(0, false, "rendezvous");
    }

    /**
     * A channel for exactly one element, such as a reply. The first send never waits (it
     * buffers the element or hands it to a waiting receiver) and closes the channel for sending;
     * any later send throws {@link IllegalStateException}. Once the element is received the
     * channel is closed for receiving too. Closing it before a send makes receivers see
     * {@link ChannelClosedException}.
     *
     * @param <E> the type of the element
     * @return a new channel
     */
    public static <E> Channel<E> oneshot() {
        return new BufferedChannel<>(1, true, "oneshot");
    }

    /**
     * A channel that delivers every element to every subscriber; see {@link BroadcastChannel}.
     *
     * @param capacity the buffer of each subscription
     * @param <E>      the type of elements
     * @return a new broadcast channel with no subscriber
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static <E> BroadcastChannel<E> broadcast(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return new BroadcastHub<>(capacity);
    }
}
