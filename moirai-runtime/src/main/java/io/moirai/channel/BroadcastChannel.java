package io.moirai.channel;

/**
 * A channel that delivers every element to every subscriber.
 *
 * <pre>{@code
 * BroadcastChannel<Event> events = Channels.broadcast(16);
 * BroadcastChannel.Subscription<Event> audit = events.subscribe();
 * BroadcastChannel.Subscription<Event> metrics = events.subscribe();
 * events.send(event);            // both receive it; waits while either buffer is full
 * metrics.close();               // unsubscribes metrics
 * events.close();                // audit drains what it has, then sees closed
 * }</pre>
 *
 * <ul>
 *   <li>A subscriber receives every element sent after its {@link #subscribe()} returned, in
 *       the order the broadcast accepted them; all subscribers see one order.</li>
 *   <li>Each subscription has its own buffer of the broadcast's capacity. A send waits until
 *       every open subscription has room, then puts the element into all of them at once: a
 *       send that times out, is interrupted or fails reaches no subscriber. A slow subscriber
 *       therefore slows the senders (back-pressure), as it should. Senders waiting for room
 *       are not served in the order they began to wait: all try again when room appears, and
 *       any of them may go first.</li>
 *   <li>With no subscriber a send succeeds at once and the element goes nowhere.</li>
 *   <li>{@link #close()} closes every subscription; each drains its buffer, then reports
 *       closed. Subscribing to a closed broadcast returns a subscription that is already
 *       closed.</li>
 * </ul>
 *
 * @param <E> the type of elements
 */
public sealed interface BroadcastChannel<E> extends SendChannel<E> permits BroadcastHub {

    /**
     * Subscribes to the elements sent from now on.
     *
     * @return a new subscription, closed already if this broadcast is closed
     */
    Subscription<E> subscribe();

    /**
     * One subscriber's view of a {@link BroadcastChannel}: a receiving channel with its own
     * buffer.
     *
     * @param <E> the type of elements
     */
    sealed interface Subscription<E> extends ReceiveChannel<E> permits SubscriptionChannel {

        /**
         * Unsubscribes: the subscription receives no element sent after this call returns,
         * and no longer holds back the senders. Elements already in its buffer can still be
         * received; then it reports closed.
         *
         * @return true if this call closed the subscription, false if it was already closed
         */
        boolean close();
    }
}
