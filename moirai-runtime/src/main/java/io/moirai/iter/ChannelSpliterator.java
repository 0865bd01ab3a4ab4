package io.moirai.iter;

import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.ReceiveChannel;
import java.util.Arrays;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A channel as a spliterator: each advance receives one element, waiting while the channel is
 * empty, and the end is the channel closed and drained, the cap reached, or the stop signal set.
 * It cannot split (a channel has no known remainder). One thread reads it at a time: the
 * evaluation's caller, or a claimer of the parallel contexts under their read lock.
 *
 * <p>A receive takes the element away from every other receiver of the channel, so this reader
 * never takes one the evaluation may not use: it receives at most {@code cap} elements in all
 * (the parallel contexts pass what the pipeline can use, {@link ParallelRun#readCap}), and a
 * receive that waits can be withdrawn by {@link #wake()} without taking an element.
 */
final class ChannelSpliterator<T> implements Spliterator<T> {

    /*
     * Waking a waiting reader. The reader waits on a receiveAsync() future rather than in
     * receive(): cancelling that future withdraws the receive atomically (either no element is
     * taken, or one was already handed over and the future completes with it, which the reader
     * then delivers; see ReceiveChannel.receiveAsync). The reader fast-paths tryReceive() and
     * registers a future only when the channel is empty. A reader whose stop signal can never be
     * set (Control.NONE: the sequential context, stopped by interrupting its thread) keeps the
     * plain blocking receive().
     *
     * The stopper and the reader form a Dekker pair on two volatile variables: the stopper
     * writes its stop state (Control.stopped or ParallelRun.cutoff, volatile) and then reads
     * `waiting`; the reader writes `waiting` and then reads the stop state. Volatile accesses
     * are totally ordered, so at least one side sees the other's write: the stopper cancels the
     * future, or the reader sees the stop and cancels it itself. A reader never waits past a stop.
     * A withdrawal the reader's own stop signal does not confirm is not taken for the end: the
     * reader receives again, so a wake-up can only cost time, never truncate the input.
     */

    private final ReceiveChannel<? extends T> channel;
    private final StopSignal stop;
    /** Elements this reader may still receive; only the reading thread touches it. */
    private long left;
    /** The withdrawable receive the reader waits on, or null; see the Dekker note above. */
    private volatile CompletableFuture<? extends T> waiting;

    ChannelSpliterator(ReceiveChannel<? extends T> channel, long cap, StopSignal stop) {
        this.channel = channel;
        this.left = cap;
        this.stop = stop;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        T element = left > 0 ? receive() : null;
        if (element == null) {
            return false;
        }
        left--;
        action.accept(element);
        return true;
    }

    /**
     * Receives up to {@code max} elements: waits for the first, then takes only those the channel
     * holds now, so that a reader never waits while holding elements it received.
     *
     * @return the elements, or null when the channel is closed and drained, the cap is reached or
     *         the evaluation stopped
     */
    Source.Buffer read(int max) {
        T element = left > 0 ? receive() : null;
        if (element == null) {
            return null;
        }
        // Grown as elements come: a batch size fit for costly stages (thousands) must not be
        // allocated for the one element an idle channel has.
        Object[] batch = new Object[Math.min(max, 16)];
        int n = 0;
        while (element != null) {
            if (n == batch.length) {
                batch = Arrays.copyOf(batch, Math.min(max, 2 * n));
            }
            batch[n++] = element;
            left--;
            element = n < max && left > 0 ? channel.tryReceive() : null;
        }
        return new Source.Buffer(Kind.OBJ, batch, n);
    }

    /** The stop signal is set: a receive waiting now is withdrawn and takes no element. */
    void wake() {
        CompletableFuture<? extends T> future = waiting;
        if (future != null) {
            future.cancel(false);
        }
    }

    /** The next element, or null when there is none to take (channels hold no null). */
    private T receive() {
        if (stop == Control.NONE) {
            return receiveUntilClosed(); // nothing withdraws it: the plain receive, which also reads a remote channel best
        }
        if (Thread.currentThread().isInterrupted()) {
            throw cancelled(new InterruptedException()); // as receive() does on entry: no element taken
        }
        for (;;) {
            T element = channel.tryReceive();
            if (element != null || channel.isClosedForReceive() || stop.shouldStop()) {
                return element;
            }
            CompletableFuture<? extends T> future = channel.receiveAsync().toCompletableFuture();
            waiting = future;
            try {
                if (stop.shouldStop()) {
                    future.cancel(false); // the stopper may have read `waiting` before the store above
                }
                element = outcome(future);
            } catch (InterruptedException interrupted) {
                if (future.cancel(false)) {
                    Thread.currentThread().interrupt();
                    throw cancelled(interrupted);
                }
                // A sender already handed the element over: it is delivered, and the interrupt
                // ends the evaluation at the next receive.
                Thread.currentThread().interrupt();
                return handedOver(future);
            } finally {
                waiting = null;
            }
            if (element != null || !future.isCancelled() || stop.shouldStop()) {
                return element; // an element, the channel closed and drained, or the stop
            }
            // withdrawn by a wake-up whose stop does not concern this read: receive again
        }
    }

    private T receiveUntilClosed() {
        try {
            return channel.receive();
        } catch (ChannelClosedException closed) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw cancelled(interrupted);
        }
    }

    private static <T> T outcome(CompletableFuture<? extends T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (CancellationException withdrawn) {
            return null; // the stop won: no element was taken
        } catch (ExecutionException failed) {
            return closedOrThrow(failed.getCause());
        }
    }

    /**
     * After a withdrawal that lost: the future completes with what the channel handed over, or
     * it was withdrawn already by a stop.
     */
    private static <T> T handedOver(CompletableFuture<? extends T> future) {
        try {
            return future.join();
        } catch (CancellationException withdrawn) {
            return null;
        } catch (CompletionException failed) {
            return closedOrThrow(failed.getCause());
        }
    }

    private static <T> T closedOrThrow(Throwable cause) {
        if (cause instanceof ChannelClosedException) {
            return null;
        }
        throw Evaluation.<RuntimeException>rethrow(cause); // a remote channel's failure: the evaluation's
    }

    private static CancellationException cancelled(InterruptedException interrupted) {
        CancellationException cancelled = new CancellationException("interrupted while receiving from the channel");
        cancelled.initCause(interrupted);
        return cancelled;
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
