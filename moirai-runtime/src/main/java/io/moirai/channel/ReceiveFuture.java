package io.moirai.channel;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The future of {@link ReceiveChannel#receiveAsync()}: a waiter on the channel whose wake-up
 * completes the future instead of unparking a thread.
 *
 * <p>Every way of completing it from outside first withdraws the waiter by cas; if the cas
 * loses, a counterpart owns the waiter and will complete the future with the element, so the
 * outside completion reports false and nothing is lost.
 *
 * @param <E> the type of elements
 */
final class ReceiveFuture<E> extends CompletableFuture<E> {

    private final Waiter waiter;

    ReceiveFuture(Selectable channel) {
        this.waiter = new Waiter(null, channel, null) {
            @Override
            void wake() {
                deliver(result);
            }
        };
    }

    Waiter waiter() {
        return waiter;
    }

    /**
     * A future completed at once with an element a receive took without waiting. It is a
     * ReceiveFuture rather than {@link CompletableFuture#completedFuture}, so that
     * {@code obtrudeValue} and {@code obtrudeException} refuse here too: on a plain completed
     * future they replaced the element, which was then lost. Its waiter was never queued and is
     * withdrawn at once, so completing it from outside fails as on any completed future.
     */
    static <E> ReceiveFuture<E> completed(Selectable channel, E element) {
        ReceiveFuture<E> f = new ReceiveFuture<>(channel);
        f.waiter.cancel();
        f.deliver(element);
        return f;
    }

    /** As {@link #completed}, for a receive that found the channel closed and drained. */
    static <E> ReceiveFuture<E> failed(Selectable channel, ChannelClosedException closed) {
        ReceiveFuture<E> f = new ReceiveFuture<>(channel);
        f.waiter.cancel();
        f.deliverFailure(closed);
        return f;
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object outcome) {
        if (outcome == Party.CHANNEL_CLOSED) {
            deliverFailure(new ChannelClosedException("channel is closed and drained"));
        } else {
            super.complete((E) outcome);
        }
    }

    private void deliverFailure(ChannelClosedException closed) {
        super.completeExceptionally(closed);
    }

    private boolean withdraw() {
        if (waiter.cancel()) {
            waiter.channel.deregister(waiter);
            return true;
        }
        return false;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // As CompletableFuture's: true whenever the future is now cancelled, also by an earlier
        // cancel, which left no waiter to withdraw; false while a taken element is on its way.
        return withdraw() ? super.cancel(mayInterruptIfRunning) : isCancelled();
    }

    @Override
    public boolean complete(E value) {
        return withdraw() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (ex == null) {
            throw new NullPointerException("ex");
        }
        return withdraw() && super.completeExceptionally(ex);
    }

    /**
     * As {@link CompletableFuture#completeAsync(Supplier, Executor)}, but completing through
     * {@link #complete} and {@link #completeExceptionally}, which withdraw the waiter first: the
     * inherited version completes the future without them, leaving the waiter registered, and
     * the element a sender then handed to it was lost.
     */
    @Override
    public CompletableFuture<E> completeAsync(Supplier<? extends E> supplier, Executor executor) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(executor, "executor");
        executor.execute(() -> {
            if (isDone()) {
                return;
            }
            E value;
            try {
                value = supplier.get();
            } catch (Throwable t) {
                completeExceptionally(t instanceof CompletionException ? t : new CompletionException(t));
                return;
            }
            complete(value);
        });
        return this;
    }

    @Override
    public void obtrudeValue(E value) {
        throw new UnsupportedOperationException("obtrudeValue could discard a received element");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("obtrudeException could discard a received element");
    }
}
