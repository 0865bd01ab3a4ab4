package io.moirai.demo;

import java.util.List;

/**
 * What the dashboard draws each second: the runtime's snapshot and its lanes' meters, with the
 * counters turned into rates over the second since the previous sample.
 *
 * @param time                   when it was taken, in epoch milliseconds
 * @param state                  {@code RUNNING}, {@code PAUSED}, ...
 * @param parallelism            CPU workers
 * @param blockingConcurrency    blocking-lane permits
 * @param cpu                    the CPU lane
 * @param blocking               the blocking lane
 * @param steals                 tasks taken from another worker's deque, in total
 * @param stealsPerSecond        steals in the last second
 * @param parks                  times a CPU worker went to sleep for want of work, in total
 * @param parksPerSecond         parks in the last second
 * @param blockingPermitsInUse   blocking-lane permits held now
 * @param blockingWaiting        blocking tasks waiting for a permit now
 * @param blockingDetected       blocking calls caught on CPU workers, in total
 * @param workerCount            the CPU workers in all, those standing in for blocked ones included
 * @param workers                at most {@link #WORKERS_SHOWN} of them, the busiest, in the
 *                               runtime's order
 */
public record DashboardSample(long time, String state, int parallelism, int blockingConcurrency, LaneSample cpu,
        LaneSample blocking, long steals, double stealsPerSecond, long parks, double parksPerSecond,
        int blockingPermitsInUse, int blockingWaiting, long blockingDetected, int workerCount, List<Worker> workers) {

    /**
     * The most workers a sample lists. The runtime accepts up to 32767 workers; a row for each,
     * in every sample of the stream and of the two minutes a page starts with, would make the
     * page enormous and slow, and no one reads a thousand rows a second.
     */
    public static final int WORKERS_SHOWN = 32;

    /**
     * One lane, from its Micrometer meters.
     *
     * @param completed          tasks that ran to their end, in total
     * @param completedPerSecond of those, in the last second
     * @param active             tasks running now
     * @param queued             tasks waiting to start now
     * @param rejected           tasks refused, in total
     * @param rejectedPerSecond  of those, in the last second
     * @param runTime            how long tasks ran (the {@code executor} timer)
     * @param queueWait          how long tasks waited to start (the {@code executor.idle} timer)
     */
    public record LaneSample(long completed, double completedPerSecond, long active, long queued, long rejected,
            double rejectedPerSecond, Latency runTime, Latency queueWait) {
    }

    /**
     * One CPU worker.
     *
     * @param name         its thread's name
     * @param state        {@code RUNNING}, {@code STEALING}, {@code PARKED}, ...
     * @param queueDepth   tasks in its deque
     * @param compensating whether it stands in for a worker blocked in a join
     */
    public record Worker(String name, String state, int queueDepth, boolean compensating) {
    }
}
