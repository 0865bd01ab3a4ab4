package io.moirai.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits with an upper bound, so that an executor that loses a task (or a wake-up) fails its
 * benchmark within a minute instead of stalling the whole suite. JMH's own {@code @Timeout} only
 * interrupts the benchmark thread, which does not always reach a wait inside a tear-down; a bound
 * on every wait does. No operation of the suite legitimately takes more than a quarter of it.
 */
final class BoundedWait {

    /** The longest any single wait in the suite may take. */
    static final long LIMIT_SECONDS = 60L;

    /** {@link #LIMIT_SECONDS} in nanoseconds. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);

    private BoundedWait() {
    }

    /**
     * {@link Future#get()}, but failing after {@link #LIMIT_SECONDS}.
     *
     * @param future what to wait for
     * @param <T>    its result type
     * @return its result
     * @throws ExecutionException   if the task failed
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the task did not complete in time
     */
    static <T> T get(Future<T> future) throws ExecutionException, InterruptedException {
        try {
            return future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a task did not complete within " + LIMIT_SECONDS
                    + " s: the executor lost or stalled it", e);
        }
    }
}
