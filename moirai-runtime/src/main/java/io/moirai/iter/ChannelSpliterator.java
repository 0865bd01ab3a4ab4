package io.moirai.iter;

import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.ReceiveChannel;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A channel as a spliterator: each advance is a blocking receive, and the end is the channel
 * closed and drained. It cannot split (a channel has no known remainder); the parallel
 * contexts batch it like any other unsized source.
 */
final class ChannelSpliterator<T> implements Spliterator<T> {

    private final ReceiveChannel<? extends T> channel;

    ChannelSpliterator(ReceiveChannel<? extends T> channel) {
        this.channel = channel;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        T element;
        try {
            element = channel.receive();
        } catch (ChannelClosedException closed) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while receiving from the channel");
            cancelled.initCause(interrupted);
            throw cancelled;
        }
        action.accept(element);
        return true;
    }

    @Override
    public Spliterator<T> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return ORDERED | NONNULL;
    }
}
