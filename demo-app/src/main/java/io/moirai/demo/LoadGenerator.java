package io.moirai.demo;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs the same workload on the three executors a Spring Boot 4 team chooses between, one after
 * the other so that each has the machine to itself, and reports throughput and latency
 * percentiles for each:
 *
 * <ul>
 *   <li><b>Boot's default</b>: the {@link ThreadPoolTaskExecutor} Boot builds when nothing else
 *       is configured (eight threads and an unbounded queue, or what {@code spring.task.execution.*}
 *       says), from Boot's own builder;</li>
 *   <li><b>Boot on virtual threads</b>: the {@link SimpleAsyncTaskExecutor} Boot builds with
 *       {@code spring.threads.virtual.enabled=true}, one new virtual thread per task, from Boot's
 *       own builder;</li>
 *   <li><b>Moirai</b>: waiting work on the blocking lane ({@code applicationTaskExecutor}, virtual
 *       threads bounded by permits) and computing work on the CPU lane
 *       ({@code moiraiCpuTaskExecutor}), which is what an application gets from the starter with
 *       {@code @Async} and {@code @Async("moiraiCpuTaskExecutor")}.</li>
 * </ul>
 *
 * <p>Boot's executors get every task, as they do in an application that has only one. The run in
 * progress, or the last one, is readable at any time through {@link #current()}, which is how the
 * dashboard shows it live. One comparison runs at a time, and {@link LoadRequest} bounds each so
 * that the slowest executor finishes within seconds even on two cores.
 */
@Component
public class LoadGenerator implements DisposableBean {

    private final MoiraiRuntime runtime;
    private final AsyncTaskExecutor moiraiBlocking;
    private final AsyncTaskExecutor moiraiCpu;
    private final ThreadPoolTaskExecutor bootDefault;
    private final SimpleAsyncTaskExecutor bootVirtual;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final AtomicReference<@Nullable LoadRun> current = new AtomicReference<>();

    LoadGenerator(MoiraiRuntime runtime, @Qualifier("applicationTaskExecutor") AsyncTaskExecutor moiraiBlocking,
            @Qualifier(MoiraiTaskExecutor.CPU_BEAN_NAME) AsyncTaskExecutor moiraiCpu,
            ObjectProvider<ThreadPoolTaskExecutorBuilder> threadPoolBuilder,
            ObjectProvider<SimpleAsyncTaskExecutorBuilder> simpleBuilder) {
        this.runtime = runtime;
        this.moiraiBlocking = moiraiBlocking;
        this.moiraiCpu = moiraiCpu;
        this.bootDefault = threadPoolBuilder.getIfAvailable(ThreadPoolTaskExecutorBuilder::new)
                .threadNamePrefix("boot-default-").build();
        this.bootDefault.initialize();
        // As Boot's TaskExecutorConfigurations builds applicationTaskExecutor when
        // spring.threads.virtual.enabled=true: the same builder, switched to virtual threads.
        this.bootVirtual = simpleBuilder.getIfAvailable(SimpleAsyncTaskExecutorBuilder::new).virtualThreads(true)
                .threadNamePrefix("boot-virtual-").build();
    }

    /**
     * Refuses, on the request's own thread, a comparison that could not finish: the comparison
     * runs as an MVC {@code Callable} on Moirai's blocking lane and holds one of its permits while
     * it waits for its tasks, so on a paused runtime it would never start, with a single permit its
     * Moirai tasks would never get one, and with a few permits its Moirai run would outlast the
     * request's timeout. Also refuses at once while another comparison runs.
     *
     * @param request what to run
     * @throws MoiraiPausedException if Moirai is paused
     * @throws NotNowException saying why the comparison cannot run now otherwise
     */
    public void checkCanRun(LoadRequest request) {
        if (this.oneAtATime.isLocked()) {
            throw new NotNowException("a comparison is already running; try again when it ends");
        }
        RuntimeSnapshot snapshot = this.runtime.snapshot();
        if (snapshot.state() == RuntimeState.PAUSED) {
            throw new MoiraiPausedException("the comparison, whose own request runs on Moirai too,");
        }
        if (snapshot.state() != RuntimeState.RUNNING) {
            throw new NotNowException("Moirai is " + snapshot.state().name().toLowerCase(Locale.ROOT)
                    + ": nothing starts on it, the comparison's own request included; resume it first");
        }
        // the comparison's own request holds one permit while its Moirai tasks run
        int permitsForTasks = snapshot.blockingConcurrency() - 1;
        if (permitsForTasks < 1) {
            throw new NotNowException("Moirai has " + snapshot.blockingConcurrency() + " blocking permit, which"
                    + " the comparison's own request holds, so its tasks could never start; give it at least 2");
        }
        long bootThreads = Math.max(1, this.bootDefault.getCorePoolSize());
        if (request.workload().waits()
                && request.tasks() * request.millis() / permitsForTasks > LoadRequest.MAX_TASK_MILLIS / bootThreads) {
            throw new NotNowException("with " + snapshot.blockingConcurrency() + " blocking permits Moirai would"
                    + " take longer than Boot's " + bootThreads + " threads are allowed to; lower tasks or the wait,"
                    + " or give Moirai more permits");
        }
    }

    /**
     * Runs the workload on Boot's default executor, then on Boot's virtual-thread executor, then
     * on Moirai, and waits for all three.
     *
     * @param request what to run
     * @return the three reports, in that order
     * @throws NotNowException if a comparison is already running
     */
    public LoadReport compare(LoadRequest request) {
        if (!this.oneAtATime.tryLock()) {
            throw new NotNowException("a comparison is already running; try again when it ends");
        }
        try {
            ExecutorRun boot = new ExecutorRun("boot-default", "Boot default",
                    "ThreadPoolTaskExecutor as Boot builds it: " + this.bootDefault.getCorePoolSize()
                            + " threads, unbounded queue",
                    request, this.bootDefault, this.bootDefault);
            ExecutorRun virtual = new ExecutorRun("boot-virtual", "Boot virtual threads",
                    "SimpleAsyncTaskExecutor as spring.threads.virtual.enabled=true builds it: a new virtual thread"
                            + " per task, no limit",
                    request, this.bootVirtual, this.bootVirtual);
            ExecutorRun moirai = new ExecutorRun("moirai", "Moirai",
                    "blocking lane (virtual threads, bounded by permits) for waiting work, CPU lane (work-stealing"
                            + " workers) for computing work",
                    request, this.moiraiBlocking, this.moiraiCpu);
            LoadRun run = new LoadRun(request, List.of(boot, virtual, moirai));
            this.current.set(run);
            for (ExecutorRun executor : run.executors()) {
                executor.run();
            }
            run.finish();
            return run.report();
        } finally {
            this.oneAtATime.unlock();
        }
    }

    /**
     * The comparison in progress, or the last one.
     *
     * @return its report so far, or {@code null} before the first comparison
     */
    public @Nullable LoadReport current() {
        LoadRun run = this.current.get();
        return run != null ? run.report() : null;
    }

    @Override
    public void destroy() {
        this.bootDefault.shutdown();
        this.bootVirtual.close();
    }

    /** One comparison: the request and its three executors' runs. */
    private static final class LoadRun {

        private final LoadRequest request;
        private final List<ExecutorRun> executors;
        private volatile boolean running = true;

        LoadRun(LoadRequest request, List<ExecutorRun> executors) {
            this.request = request;
            this.executors = executors;
        }

        List<ExecutorRun> executors() {
            return this.executors;
        }

        void finish() {
            this.running = false;
        }

        LoadReport report() {
            List<ExecutorReport> results = new ArrayList<>(this.executors.size());
            for (ExecutorRun executor : this.executors) {
                results.add(executor.report());
            }
            Workload workload = this.request.workload();
            return new LoadReport(workload.key(), workload.label(), workload.explanation(), this.request.tasks(),
                    this.request.millis(), this.running, results);
        }
    }

    /** One executor's run of the workload, readable while it runs. */
    private static final class ExecutorRun {

        private final String executor;
        private final String label;
        private final String description;
        private final LoadRequest request;
        private final Executor waiting;
        private final Executor computing;
        private final LatencyRecorder allTasks = new LatencyRecorder();
        private final @Nullable LatencyRecorder computingTasks;
        private final @Nullable FakeDownstream downstream;
        private volatile long startNanos;
        private volatile long endNanos;

        ExecutorRun(String executor, String label, String description, LoadRequest request, Executor waiting,
                Executor computing) {
            this.executor = executor;
            this.label = label;
            this.description = description;
            this.request = request;
            this.waiting = waiting;
            this.computing = computing;
            this.computingTasks = request.workload() == Workload.MIXED ? new LatencyRecorder() : null;
            this.downstream = request.workload() == Workload.DOWNSTREAM ? new FakeDownstream() : null;
        }

        void run() {
            Workload workload = this.request.workload();
            Duration wait = Duration.ofMillis(this.request.millis());
            FakeDownstream service = this.downstream != null ? this.downstream : new FakeDownstream();
            List<CompletableFuture<Void>> done = new ArrayList<>(workload.totalTasks(this.request.tasks()));
            this.startNanos = System.nanoTime();
            for (int i = 0; i < this.request.tasks(); i++) {
                switch (workload) {
                    case CPU -> done.add(submit(() -> Primes.countBelow(Workload.TINY_CPU_LIMIT), this.computing, null));
                    case IO -> done.add(submit(() -> WorkService.sleep(wait), this.waiting, null));
                    case DOWNSTREAM -> done.add(submit(() -> service.call(wait), this.waiting, null));
                    case MIXED -> {
                        done.add(submit(() -> WorkService.sleep(wait), this.waiting, null));
                        if (i % Workload.MIXED_BLOCKING_PER_CPU_TASK == Workload.MIXED_BLOCKING_PER_CPU_TASK - 1) {
                            done.add(submit(() -> Primes.countBelow(Workload.CPU_TASK_LIMIT), this.computing,
                                    this.computingTasks));
                        }
                    }
                }
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            this.endNanos = System.nanoTime();
        }

        /** Latency runs from submission to the task's end, so it includes the time spent queued. */
        private CompletableFuture<Void> submit(Runnable task, Executor executor, @Nullable LatencyRecorder also) {
            long submitted = System.nanoTime();
            return CompletableFuture.runAsync(() -> {
                task.run();
                long latency = System.nanoTime() - submitted;
                this.allTasks.record(latency);
                if (also != null) {
                    also.record(latency);
                }
            }, executor);
        }

        ExecutorReport report() {
            long start = this.startNanos;
            long end = this.endNanos;
            String state = start == 0 ? "waiting" : end == 0 ? "running" : "done";
            long elapsed = start == 0 ? 0 : (end == 0 ? System.nanoTime() : end) - start;
            Latency latency = this.allTasks.latency();
            long completed = latency.count();
            return new ExecutorReport(this.executor, this.label, this.description, state,
                    this.request.workload().totalTasks(this.request.tasks()), completed, elapsed / 1_000_000,
                    elapsed > 0 ? Math.round(completed / (elapsed / 1e9)) : 0, latency,
                    this.computingTasks != null ? this.computingTasks.latency() : null,
                    this.downstream != null ? this.downstream.peakConcurrency() : null);
        }
    }

    /**
     * The comparison, whole or so far.
     *
     * @param workload    the workload's key: {@code cpu}, {@code io}, {@code mixed} or {@code downstream}
     * @param label       the workload's name for people
     * @param explanation what the workload shows, where Moirai wins and where it does not
     * @param tasks       the {@code tasks} parameter
     * @param millis      how long each waiting task waits
     * @param running     whether the comparison is still running
     * @param results     Boot's default executor, Boot's virtual-thread executor, Moirai
     */
    public record LoadReport(String workload, String label, String explanation, int tasks, long millis,
            boolean running, List<ExecutorReport> results) {
    }

    /**
     * One executor's figures.
     *
     * @param executor                  {@code boot-default}, {@code boot-virtual} or {@code moirai}
     * @param label                     its name for people
     * @param description               what it is
     * @param state                     {@code waiting}, {@code running} or {@code done}
     * @param tasks                     how many tasks it is given
     * @param completed                 how many have completed
     * @param wallMillis                from the first submission to the last completion (or to now)
     * @param throughputPerSecond       tasks completed per second
     * @param latency                   every task's latency, from submission to the task's end
     * @param cpuTaskLatency            for {@code mixed}: the latency of the CPU tasks alone; otherwise null
     * @param downstreamPeakConcurrency for {@code downstream}: the most calls the fake downstream served at
     *                                  once; otherwise null
     */
    public record ExecutorReport(String executor, String label, String description, String state, int tasks,
            long completed, long wallMillis, long throughputPerSecond, Latency latency,
            @Nullable Latency cpuTaskLatency, @Nullable Integer downstreamPeakConcurrency) {
    }
}
