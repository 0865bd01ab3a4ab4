package io.moirai.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts a batch of tasks down to zero and wakes the one thread that waits for the batch. Unlike
 * {@link java.util.concurrent.CountDownLatch} it is reused from one batch to the next, so a
 * benchmark's operation allocates nothing of its own, and it costs every implementation the same:
 * one contended decrement per task and one unpark per batch.
 *
 * <p>The waiter parks at once, as the independent harness's submitter does (see
 * {@link ExternalSubmitBenchmark}): on a 2-core machine a waiter that spins first takes a core the
 * workers need, which cost the peers 1.2-1.6x there.
 */
final class BatchLatch {

    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;

    /**
     * Arms the latch for a new batch; called by the thread that will {@link #await()}, before it
     * submits the batch.
     *
     * @param count tasks in the batch, at least 1
     */
    void reset(int count) {
        waiter = Thread.currentThread();
        remaining.set(count);
    }

    /** One task of the batch is done; the last one wakes the waiter. */
    void countDown() {
        if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Waits until every task of the batch has counted down.
     *
     * @throws IllegalStateException if interrupted, or if the batch is not done within
     *                               {@link BoundedWait#LIMIT_SECONDS}: the executor lost or
     *                               stalled a task, and the suite must not wait for ever
     */
    void await() {
        long deadline = 0L;
        while (remaining.get() != 0) {
            long now = System.nanoTime();
            if (deadline == 0L) {
                deadline = now + BoundedWait.LIMIT_NANOS;
            } else if (now - deadline >= 0L) {
                throw stalled("within " + BoundedWait.LIMIT_SECONDS + " s");
            }
            LockSupport.parkNanos(this, deadline - now);
            if (Thread.interrupted()) {
                throw stalled("when interrupted");
            }
        }
    }

    private IllegalStateException stalled(String when) {
        return new IllegalStateException(remaining.get() + " task(s) of the batch had not run " + when
                + ": the executor lost or stalled them");
    }
}
