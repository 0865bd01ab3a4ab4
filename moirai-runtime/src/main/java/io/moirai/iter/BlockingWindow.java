package io.moirai.iter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paces one evaluation's blocking calls: at most {@code limit} are sent to the blocking lane and
 * not yet ended; the others wait here, in the order they came, and go out as earlier ones end.
 *
 * <p>Why: a {@code hybrid} evaluation makes one blocking task per element, a {@code parallel} one
 * per chunk. Sent all at once they queued for the lane's permits, so a runtime with a bounded
 * queue and the {@code ABORT} policy rejected the pipeline's own tasks (and failed it) as soon as
 * the input was larger than the queue plus the permits. The limit is the lane's permits: more
 * would only wait in the lane's queue, where they take the room the application's own tasks
 * need; as many keep every permit busy, because each ending call sends the next.
 *
 * <p>No lost hand-off: a caller of {@link #submit} adds its call, then reads the count; an ending
 * call lowers the count, then looks at the waiting calls. Both are sequentially consistent, so a
 * submitter that read a full window is followed by a decrement whose look finds its call.
 *
 * <p>Sending a call may end it at once, on this thread (a lane that rejects it, or runs it on the
 * caller under {@code CALLER_RUNS}); that end's {@link #ended()} must not send the next one
 * from inside this send, or a long input would recurse once per element. A thread already
 * sending leaves the next send to its own loop, which looks again after each call.
 */
final class BlockingWindow {

    /** The window this thread is sending from, if any; see the class comment. */
    private static final ThreadLocal<BlockingWindow> SENDING = new ThreadLocal<>();

    private final int limit;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    BlockingWindow(int limit) {
        this.limit = Math.max(1, limit);
    }

    /**
     * Sends {@code call} now if the window has room, or once an earlier call ends. The call must
     * lead to exactly one {@link #ended()}: when the task it sends ends, or at once if it sends none.
     */
    void submit(Runnable call) {
        waiting.add(call);
        pump();
    }

    /** One call sent by this window ended: the next waiting one may go. */
    void ended() {
        outstanding.decrementAndGet();
        if (SENDING.get() != this) {
            pump();
        }
    }

    private void pump() {
        BlockingWindow outer = SENDING.get();
        SENDING.set(this);
        try {
            while (!waiting.isEmpty()) {
                int n = outstanding.get();
                if (n >= limit) {
                    return; // an ending call looks at the waiting ones after its decrement
                }
                if (!outstanding.compareAndSet(n, n + 1)) {
                    continue;
                }
                Runnable next = waiting.poll();
                if (next == null) {
                    outstanding.decrementAndGet(); // another thread took it; look again
                    continue;
                }
                next.run();
            }
        } finally {
            SENDING.set(outer);
        }
    }
}
