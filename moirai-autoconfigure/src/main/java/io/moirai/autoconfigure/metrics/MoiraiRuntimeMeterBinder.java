package io.moirai.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's gauges and counters, read from its snapshot when a registry publishes.
 *
 * <p>Names follow Micrometer's {@code ExecutorServiceMetrics} so that existing executor
 * dashboards show Moirai: for both lanes {@code executor.completed}, {@code executor.active},
 * {@code executor.queued}, {@code executor.pool.size} (and {@code executor.queue.remaining} when
 * the queues are bounded); for the CPU lane, as for a {@code ForkJoinPool},
 * {@code executor.steals}, {@code executor.running} and {@code executor.parallelism}; for the
 * blocking lane, as for a {@code ThreadPoolExecutor}, {@code executor.pool.max} (its permits).
 * Every meter carries {@code name=moirai-cpu} or {@code name=moirai-blocking}.
 *
 * <p>{@code moirai.*} names only for what Micrometer has no name for: {@code moirai.tasks.rejected},
 * {@code moirai.workers.parks}, {@code moirai.blocking.detected}, {@code moirai.blocking.permits}
 * and {@code moirai.blocking.permits.used}.
 */
public final class MoiraiRuntimeMeterBinder implements MeterBinder {

    private static final Tags CPU = Tags.of("name", MoiraiTaskMetrics.CPU);
    private static final Tags BLOCKING = Tags.of("name", MoiraiTaskMetrics.BLOCKING);

    private final MoiraiRuntime runtime;
    private final MoiraiTaskMetrics taskMetrics;

    /**
     * A binder for one runtime.
     *
     * @param runtime     the runtime
     * @param taskMetrics the per-lane counts fed by the runtime's listener
     */
    public MoiraiRuntimeMeterBinder(MoiraiRuntime runtime, MoiraiTaskMetrics taskMetrics) {
        this.runtime = runtime;
        this.taskMetrics = taskMetrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindCpuLane(registry);
        bindBlockingLane(registry);
        if (this.runtime.snapshot().queueCapacity() != Integer.MAX_VALUE) {
            gauge(registry, "executor.queue.remaining", CPU, "tasks",
                    "The number of additional elements that this queue can ideally accept without blocking",
                    s -> Math.max(0, s.queueCapacity() - cpuQueued(s)));
            gauge(registry, "executor.queue.remaining", BLOCKING, "tasks",
                    "The number of additional elements that this queue can ideally accept without blocking",
                    s -> Math.max(0, s.queueCapacity() - s.blockingWaiting()));
        }
    }

    private void bindCpuLane(MeterRegistry registry) {
        FunctionCounter.builder("executor.completed", this.taskMetrics, m -> m.completed(Lane.CPU)).tags(CPU)
                .description("The approximate total number of tasks that have completed execution")
                .baseUnit("tasks").register(registry);
        // threads, as Micrometer's executor.active means it: the workers running a task (the
        // snapshot's active() also counts the tasks nested on a waiting task's stack)
        gauge(registry, "executor.active", CPU, "threads",
                "The approximate number of threads that are actively executing tasks",
                s -> s.workers().stream().filter(w -> w.state() == RuntimeSnapshot.WorkerState.RUNNING).count());
        gauge(registry, "executor.queued", CPU, "tasks",
                "The approximate number of tasks that are queued for execution", MoiraiRuntimeMeterBinder::cpuQueued);
        gauge(registry, "executor.pool.size", CPU, "threads", "The current number of threads in the pool",
                s -> s.workers().size());
        FunctionCounter.builder("executor.steals", this.runtime, r -> r.snapshot().steals()).tags(CPU)
                .description("Estimate of the total number of tasks stolen from one thread's work queue by another")
                .register(registry);
        gauge(registry, "executor.running", CPU, null,
                "An estimate of the number of worker threads that are not blocked waiting to join tasks or for "
                        + "other managed synchronization threads",
                s -> s.workers().stream().filter(w -> w.state() == RuntimeSnapshot.WorkerState.RUNNING).count());
        gauge(registry, "executor.parallelism", CPU, "threads", "The targeted parallelism level of this pool",
                RuntimeSnapshot::parallelism);
        FunctionCounter.builder("moirai.tasks.rejected", this.taskMetrics, m -> m.rejected(Lane.CPU)).tags(CPU)
                .description("Submissions refused, and waiting tasks evicted by the discard-oldest policy")
                .baseUnit("tasks").register(registry);
        FunctionCounter.builder("moirai.workers.parks", this.runtime, r -> r.snapshot().parks()).tags(CPU)
                .description("Times a CPU worker parked for lack of work").register(registry);
        FunctionCounter.builder("moirai.blocking.detected", this.runtime, r -> r.snapshot().blockingDetected())
                .tags(CPU).description("Times a CPU worker was found blocked inside a task").register(registry);
    }

    private void bindBlockingLane(MeterRegistry registry) {
        FunctionCounter.builder("executor.completed", this.taskMetrics, m -> m.completed(Lane.BLOCKING))
                .tags(BLOCKING).description("The approximate total number of tasks that have completed execution")
                .baseUnit("tasks").register(registry);
        gauge(registry, "executor.active", BLOCKING, "threads",
                "The approximate number of threads that are actively executing tasks", RuntimeSnapshot::blockingInUse);
        gauge(registry, "executor.queued", BLOCKING, "tasks",
                "The approximate number of tasks that are queued for execution", RuntimeSnapshot::blockingWaiting);
        gauge(registry, "executor.pool.size", BLOCKING, "threads", "The current number of threads in the pool",
                RuntimeSnapshot::blockingInUse);
        gauge(registry, "executor.pool.max", BLOCKING, "threads", "The maximum allowed number of threads in the pool",
                RuntimeSnapshot::blockingConcurrency);
        FunctionCounter.builder("moirai.tasks.rejected", this.taskMetrics, m -> m.rejected(Lane.BLOCKING))
                .tags(BLOCKING).description("Submissions refused, and waiting tasks evicted by the discard-oldest policy")
                .baseUnit("tasks").register(registry);
        gauge(registry, "moirai.blocking.permits", BLOCKING, "permits",
                "Blocking-lane permits: how many blocking tasks may run at once", RuntimeSnapshot::blockingConcurrency);
        gauge(registry, "moirai.blocking.permits.used", BLOCKING, "permits",
                "Blocking-lane permits in use", RuntimeSnapshot::blockingInUse);
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, @Nullable String baseUnit, String description,
            ToDoubleFunction<RuntimeSnapshot> value) {
        Gauge.builder(name, this.runtime, runtime -> value.applyAsDouble(runtime.snapshot())).tags(tags)
                .description(description).baseUnit(baseUnit).register(registry);
    }

    private static long cpuQueued(RuntimeSnapshot snapshot) {
        return Math.max(0L, snapshot.queued() - snapshot.blockingWaiting());
    }
}
