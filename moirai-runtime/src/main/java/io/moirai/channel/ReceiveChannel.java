package io.moirai.channel;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The receiving side of a channel.
 *
 * <pre>{@code
 * ReceiveChannel<Order> in = orders;
 * Order next = in.receive();                     // blocks while empty
 * Order maybe = in.tryReceive();                 // null if nothing is there now
 * in.receiveAsync().thenAccept(this::handle);    // completes with the next element
 * in.forEach(this::handle);                      // until the channel is closed and drained
 * }</pre>
 *
 * <p>Each element is received exactly once, by one receiver. After the channel is closed,
 * receivers still get every element that was accepted before the close, then
 * {@link ChannelClosedException}. Blocking receives park the thread and never pin a virtual
 * thread's carrier.
 *
 * @param <E> the type of elements
 */
public sealed interface ReceiveChannel<E> permits Channel, BroadcastChannel.Subscription {

    /**
     * Receives the next element, waiting while none is available.
     *
     * @return the element
     * @throws ChannelClosedException if the channel is closed and drained, also when that
     *                                happens while this call waits
     * @throws InterruptedException   if the thread is interrupted on entry or while waiting;
     *                                no element is then taken
     */
    E receive() throws InterruptedException;

    /**
     * Receives the next element, waiting at most the given time.
     *
     * @param timeout how long to wait; zero or negative means not at all
     * @param unit    the unit of {@code timeout}
     * @return the element, or null if the time passed first
     * @throws NullPointerException   if {@code unit} is null
     * @throws ChannelClosedException as for {@link #receive()}
     * @throws InterruptedException   as for {@link #receive()}
     */
    E receive(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Receives an element if one is available now (buffered, or offered by a waiting sender).
     * Returns null also when the channel is closed and drained; {@link #isClosedForReceive()}
     * tells the two apart.
     *
     * @return the element, or null
     */
    E tryReceive();

    /**
     * Receives the next element without blocking the caller. The stage completes with the
     * element, or exceptionally with {@link ChannelClosedException} once the channel is closed
     * and drained. Dependent actions of a stage completed later run on the thread that hands
     * the element over (a sender, or the closing thread), after the channel's lock is released.
     *
     * <p>Cancelling the stage's {@link CompletionStage#toCompletableFuture() future}, or
     * completing it from outside ({@code complete}, {@code completeExceptionally},
     * {@code orTimeout}), withdraws the receive: either the withdrawal wins and no element is
     * taken, or an element was already taken, the withdrawal returns false and the future
     * completes with that element. {@code obtrudeValue} and {@code obtrudeException} throw
     * {@link UnsupportedOperationException}, since they could discard an element.
     *
     * @return a stage that completes with the next element
     */
    CompletionStage<E> receiveAsync();

    /**
     * Whether the channel is closed and drained: every receive from now on throws.
     *
     * @return true once no element will ever be received again
     */
    boolean isClosedForReceive();

    /**
     * Receives every element until the channel is closed and drained, passing each to
     * {@code action} on the calling thread.
     *
     * <pre>{@code
     * orders.forEach(order -> process(order));   // returns when orders is closed and drained
     * }</pre>
     *
     * @param action what to do with each element
     * @throws NullPointerException if {@code action} is null
     * @throws InterruptedException if the thread is interrupted while waiting for an element;
     *                              elements received before are processed, none is lost
     */
    default void forEach(Consumer<? super E> action) throws InterruptedException {
        java.util.Objects.requireNonNull(action, "action");
        for (;;) {
            E element;
            try {
                element = receive();
            } catch (ChannelClosedException closed) {
                return;
            }
            action.accept(element);
        }
    }
}
