package io.moirai.channel;

/**
 * A channel: a queue that threads use to pass elements to each other, with a sending side
 * ({@link SendChannel}) and a receiving side ({@link ReceiveChannel}), that can be closed and
 * that {@link Select} can wait on together with other channels.
 *
 * <pre>{@code
 * Channel<Order> orders = Channels.bounded(64);
 * Thread.ofVirtual().start(() -> {
 *     try {
 *         for (Order o : source) orders.send(o);     // waits while 64 are buffered
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();
 *     } finally {
 *         orders.close();                            // the consumer drains, then stops
 *     }
 * });
 * orders.forEach(this::process);                     // returns when closed and drained
 * }</pre>
 *
 * <p>{@link Channels} creates the kinds: bounded, unbounded, rendezvous and oneshot. The
 * interface is sealed: select needs the in-process channels' internals, so besides Moirai's own
 * implementations only {@link RemoteChannel}, the extension point for channels that live outside
 * the JVM, is open.
 *
 * @param <E> the type of elements
 */
public sealed interface Channel<E> extends SendChannel<E>, ReceiveChannel<E> permits BufferedChannel, BoundedChannel, RemoteChannel {
}
