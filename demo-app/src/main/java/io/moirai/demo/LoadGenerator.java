package io.moirai.demo;

import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs the same workload on Moirai and on the executor Spring Boot would give the application
 * without Moirai (a {@link ThreadPoolTaskExecutor} from Boot's own builder, so configured by
 * {@code spring.task.execution.*}: eight threads by default), one after the other, and reports
 * throughput and latency percentiles for each.
 *
 * <p>On Moirai, waiting work goes to the blocking lane ({@code applicationTaskExecutor}) and
 * computing work to the CPU lane ({@code moiraiCpuTaskExecutor}); on Boot's executor everything
 * shares the one pool, as it does in an application.
 */
@Component
public class LoadGenerator implements DisposableBean {

    /** What each task does. */
    public enum Workload {
        /** Each task waits {@code millis} ms, as a call to a slow service would. */
        IO,
        /** Each task counts primes: pure computation. */
        CPU,
        /** Half the tasks wait, half compute, interleaved. */
        MIXED
    }

    /** The primes below this bound: about a millisecond of computation per task. */
    static final int CPU_TASK_LIMIT = 20_000;

    private final AsyncTaskExecutor moiraiBlocking;
    private final AsyncTaskExecutor moiraiCpu;
    private final ThreadPoolTaskExecutor bootDefault;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    LoadGenerator(@Qualifier("applicationTaskExecutor") AsyncTaskExecutor moiraiBlocking,
            @Qualifier(MoiraiTaskExecutor.CPU_BEAN_NAME) AsyncTaskExecutor moiraiCpu,
            ObjectProvider<ThreadPoolTaskExecutorBuilder> bootBuilder) {
        this.moiraiBlocking = moiraiBlocking;
        this.moiraiCpu = moiraiCpu;
        this.bootDefault = bootBuilder.getIfAvailable(ThreadPoolTaskExecutorBuilder::new)
                .threadNamePrefix("boot-default-").build();
        this.bootDefault.initialize();
    }

    /**
     * Runs the workload on Boot's default executor, then on Moirai.
     *
     * @param workload what each task does
     * @param tasks    how many tasks
     * @param millis   how long each waiting task waits
     * @return the two reports and Moirai's throughput relative to Boot's
     * @throws IllegalStateException if a comparison is already running
     */
    public LoadReport compare(Workload workload, int tasks, long millis) {
        if (!this.oneAtATime.tryLock()) {
            throw new IllegalStateException("a comparison is already running; try again when it ends");
        }
        try {
            Duration wait = Duration.ofMillis(millis);
            ExecutorReport boot = run("boot-default", "Spring Boot's default ThreadPoolTaskExecutor ("
                    + this.bootDefault.getCorePoolSize() + " threads, unbounded queue)",
                    workload, tasks, wait, this.bootDefault, this.bootDefault);
            ExecutorReport moirai = run("moirai", "Moirai: blocking lane for waiting work, CPU lane for computing work",
                    workload, tasks, wait, this.moiraiBlocking, this.moiraiCpu);
            double ratio = boot.throughputPerSecond() > 0
                    ? (double) moirai.throughputPerSecond() / boot.throughputPerSecond() : 0;
            return new LoadReport(workload, tasks, millis, List.of(boot, moirai), Math.round(ratio * 10) / 10.0);
        } finally {
            this.oneAtATime.unlock();
        }
    }

    private static ExecutorReport run(String name, String description, Workload workload, int tasks, Duration wait,
            Executor waiting, Executor computing) {
        long[] latencies = new long[tasks];
        List<CompletableFuture<Void>> done = new ArrayList<>(tasks);
        long start = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            boolean compute = workload == Workload.CPU || (workload == Workload.MIXED && i % 2 == 1);
            int index = i;
            long submitted = System.nanoTime();
            Runnable task = compute ? () -> Primes.countBelow(CPU_TASK_LIMIT) : () -> WorkService.sleep(wait);
            done.add(CompletableFuture.runAsync(() -> {
                task.run();
                latencies[index] = System.nanoTime() - submitted;
            }, compute ? computing : waiting));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        long wall = System.nanoTime() - start;
        Arrays.sort(latencies);
        return new ExecutorReport(name, description, millis(wall),
                Math.round(tasks / (wall / 1e9)), millis(percentile(latencies, 50)), millis(percentile(latencies, 90)),
                millis(percentile(latencies, 99)), millis(latencies[tasks - 1]));
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, rank)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    @Override
    public void destroy() {
        this.bootDefault.shutdown();
    }

    /**
     * The comparison.
     *
     * @param workload            what each task did
     * @param tasks               how many tasks ran on each executor
     * @param millis              how long each waiting task waited
     * @param results             Boot's default executor first, then Moirai
     * @param moiraiThroughputRatio Moirai's throughput divided by Boot's
     */
    public record LoadReport(Workload workload, int tasks, long millis, List<ExecutorReport> results,
            double moiraiThroughputRatio) {
    }

    /**
     * One executor's figures. Latency runs from submission to the end of the task, so it
     * includes the time spent queued.
     *
     * @param executor            {@code boot-default} or {@code moirai}
     * @param description         what it is
     * @param wallMillis          from the first submission to the last completion
     * @param throughputPerSecond tasks completed per second
     * @param p50Millis           median latency
     * @param p90Millis           90th percentile latency
     * @param p99Millis           99th percentile latency
     * @param maxMillis           longest latency
     */
    public record ExecutorReport(String executor, String description, double wallMillis, long throughputPerSecond,
            double p50Millis, double p90Millis, double p99Millis, double maxMillis) {
    }
}
