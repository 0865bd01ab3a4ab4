package io.moirai.channel;

import java.util.concurrent.TimeUnit;

/**
 * The sending side of a channel.
 *
 * <pre>{@code
 * SendChannel<Order> out = orders;          // a Channel<Order>, seen as its sending side
 * out.send(order);                          // blocks while the channel is full
 * if (!out.trySend(order)) { ... }          // never blocks
 * out.close();                              // receivers drain what is buffered, then see closed
 * }</pre>
 *
 * <p>A successful send <em>happens-before</em> the receive that returns the element: whatever
 * the sender wrote before sending, the receiver sees. Elements must not be {@code null}.
 * Blocking sends park the thread ({@link java.util.concurrent.locks.LockSupport}) and never
 * pin a virtual thread's carrier.
 *
 * @param <E> the type of elements
 */
public sealed interface SendChannel<E> permits Channel, BroadcastChannel {

    /**
     * Sends an element, waiting while the channel cannot accept it (full, or a rendezvous
     * channel with no receiver).
     *
     * @param element the element
     * @throws NullPointerException   if {@code element} is null
     * @throws ChannelClosedException if the channel is closed for sending, also when it is
     *                                closed while this call waits; the element is then not
     *                                delivered
     * @throws InterruptedException   if the thread is interrupted on entry or while waiting;
     *                                the element is then not delivered
     * @throws IllegalStateException  if this is a {@linkplain Channels#oneshot() oneshot}
     *                                channel that has already carried its element
     */
    void send(E element) throws InterruptedException;

    /**
     * Sends an element, waiting at most the given time while the channel cannot accept it.
     *
     * @param element the element
     * @param timeout how long to wait; zero or negative means not at all
     * @param unit    the unit of {@code timeout}
     * @return true if the element was sent, false if the time passed first (it is then not
     *         delivered)
     * @throws NullPointerException   if {@code element} or {@code unit} is null
     * @throws ChannelClosedException as for {@link #send(Object)}
     * @throws InterruptedException   as for {@link #send(Object)}
     * @throws IllegalStateException  as for {@link #send(Object)}
     */
    boolean send(E element, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Sends an element if the channel accepts it now: it has room, or a receiver is waiting.
     *
     * @param element the element
     * @return true if the element was sent, false if it cannot be accepted now
     * @throws NullPointerException   if {@code element} is null
     * @throws ChannelClosedException if the channel is closed for sending
     * @throws IllegalStateException  as for {@link #send(Object)}
     */
    boolean trySend(E element);

    /**
     * Closes the channel for sending. Elements already accepted stay receivable; senders that
     * wait wake with {@link ChannelClosedException} and their elements are not delivered;
     * receivers that wait on an empty channel wake with {@link ChannelClosedException}.
     *
     * @return true if this call closed the channel, false if it was already closed
     */
    boolean close();

    /**
     * Whether the channel is closed for sending: every send from now on throws.
     *
     * @return true once the channel is closed
     */
    boolean isClosedForSend();
}
