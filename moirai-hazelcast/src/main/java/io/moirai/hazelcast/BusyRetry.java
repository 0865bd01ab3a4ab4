package io.moirai.hazelcast;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * When to send again work that a member answered "busy" for ({@link Payloads#BUSY}: its runtime's
 * bounded queue refused it). The wait doubles with each busy answer the same work got, from 2 ms
 * up to {@link #MAX_DELAY_MILLIS}, so that a full member is asked again soon but not flooded; the
 * send runs on a virtual thread of its own, never on Hazelcast's response thread.
 */
final class BusyRetry {

    /** The longest wait between two sends of work that members keep refusing as busy. */
    static final long MAX_DELAY_MILLIS = 100L;

    private BusyRetry() {
    }

    /** The wait before the next send of work that got {@code busyAnswers} (at least 1) busy answers. */
    static long delayMillis(int busyAnswers) {
        return Math.min(MAX_DELAY_MILLIS, 1L << Math.min(busyAnswers, 7));
    }

    /** Runs {@code send} after {@link #delayMillis(int) delayMillis(busyAnswers)}. */
    static void later(int busyAnswers, Runnable send) {
        CompletableFuture.delayedExecutor(delayMillis(busyAnswers), TimeUnit.MILLISECONDS,
                task -> Thread.ofVirtual().name("moirai-cluster-busy-resend").start(task)).execute(send);
    }
}
