package io.moirai.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.moirai.runtime.Lane;
import io.moirai.runtime.RuntimeListener;
import io.moirai.runtime.TaskOutcome;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds task timings from the runtime's listener into Micrometer, under the names Micrometer's
 * own {@code TimedExecutorService} uses: {@code executor} (how long tasks ran) and
 * {@code executor.idle} (how long they waited to start), tagged {@code name=moirai-cpu} or
 * {@code name=moirai-blocking}. Also counts per lane the tasks that ran to their end and those
 * rejected, which the runtime's snapshot only gives for both lanes together.
 *
 * <p>Runs on the runtime's threads for every task, so it allocates nothing: the timers are
 * looked up once, here, and the counters are {@link LongAdder}s.
 */
public final class MoiraiTaskMetrics implements RuntimeListener {

    /** Tag value of the CPU lane's meters. */
    public static final String CPU = "moirai-cpu";

    /** Tag value of the blocking lane's meters. */
    public static final String BLOCKING = "moirai-blocking";

    private final Timer cpuRun;
    private final Timer blockingRun;
    private final Timer cpuIdle;
    private final Timer blockingIdle;
    private final LongAdder cpuEnded = new LongAdder();
    private final LongAdder blockingEnded = new LongAdder();
    private final LongAdder cpuRejected = new LongAdder();
    private final LongAdder blockingRejected = new LongAdder();

    /**
     * Registers the timers.
     *
     * @param registry where the timers live
     */
    public MoiraiTaskMetrics(MeterRegistry registry) {
        this.cpuRun = runTimer(registry, CPU);
        this.blockingRun = runTimer(registry, BLOCKING);
        this.cpuIdle = idleTimer(registry, CPU);
        this.blockingIdle = idleTimer(registry, BLOCKING);
    }

    private static Timer runTimer(MeterRegistry registry, String name) {
        return Timer.builder("executor").description("Time tasks took to run").tags(Tags.of("name", name))
                .register(registry);
    }

    private static Timer idleTimer(MeterRegistry registry, String name) {
        return Timer.builder("executor.idle").description("Time tasks waited between acceptance and start")
                .tags(Tags.of("name", name)).register(registry);
    }

    @Override
    public void taskStarted(String name, Lane lane, long queueWaitNanos) {
        (lane == Lane.CPU ? this.cpuIdle : this.blockingIdle).record(queueWaitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void taskFinished(String name, Lane lane, TaskOutcome outcome, long queueWaitNanos, long runNanos) {
        boolean cpu = lane == Lane.CPU;
        switch (outcome) {
            case COMPLETED, FAILED -> {
                (cpu ? this.cpuRun : this.blockingRun).record(runNanos, TimeUnit.NANOSECONDS);
                (cpu ? this.cpuEnded : this.blockingEnded).increment();
            }
            case CANCELLED -> {
                if (runNanos > 0) {
                    (cpu ? this.cpuRun : this.blockingRun).record(runNanos, TimeUnit.NANOSECONDS);
                }
            }
            case REJECTED -> (cpu ? this.cpuRejected : this.blockingRejected).increment();
            case NEVER_STARTED -> {
            }
        }
    }

    /**
     * Tasks of a lane that ran to their end, normally or not.
     *
     * @param lane the lane
     * @return the count so far
     */
    public long completed(Lane lane) {
        return (lane == Lane.CPU ? this.cpuEnded : this.blockingEnded).sum();
    }

    /**
     * Submissions to a lane that were rejected, evictions included.
     *
     * @param lane the lane
     * @return the count so far
     */
    public long rejected(Lane lane) {
        return (lane == Lane.CPU ? this.cpuRejected : this.blockingRejected).sum();
    }
}
