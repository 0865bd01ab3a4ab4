package io.moirai.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst of tasks that each sleep, counting how many run at once: the workload of the blocking
 * benchmarks, shared so that every executor is measured with exactly the same task.
 */
final class SleepingBurst {

    private final BatchLatch done = new BatchLatch();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Runnable task;

    /**
     * @param sleepMillis how long each task sleeps
     */
    SleepingBurst(int sleepMillis) {
        long sleepNanos = TimeUnit.MILLISECONDS.toNanos(sleepMillis);
        task = () -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(sleepNanos / 1_000_000L, (int) (sleepNanos % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                done.countDown();
            }
        };
    }

    /** The task to submit, once per member of the burst. */
    Runnable task() {
        return task;
    }

    /** Arms the burst's latch; called by the thread that then submits and {@link #await()}s. */
    void reset(int tasks) {
        done.reset(tasks);
    }

    /** Waits until every task of the burst has ended. */
    void await() {
        done.await();
    }

    /** The most tasks that ran at once since the last {@link #takePeak()}. */
    int peak() {
        return peak.get();
    }

    /** Returns the peak and starts counting the next one from zero. */
    int takePeak() {
        return peak.getAndSet(0);
    }
}
