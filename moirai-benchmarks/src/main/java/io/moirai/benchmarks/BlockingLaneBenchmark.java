package io.moirai.benchmarks;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A burst of blocking tasks: {@code tasks} tasks (default 10,000) that each sleep
 * {@code sleepMillis} (default 10 ms), submitted at once, measured until the last one is done.
 *
 * <p>Implementations: Moirai's blocking lane ({@code execute} with the blocking lane's options) with 256 permits (the
 * default: at most 256 sleep at once, so the burst takes about {@code tasks / 256} rounds of
 * sleeping) and with 10,000 permits (all at once); the virtual-thread-per-task executor
 * (unbounded); and {@code Executors.newFixedThreadPool(8)}, the classic way to run blocking work,
 * which needs {@code tasks / 8} rounds: 12.5 s for the defaults.
 *
 * <h2>Design</h2>
 * Single-shot: one operation is one burst, timed from the first submission to the last
 * completion. Because the fixed pool's operation takes 12.5 s, the iteration counts are small
 * (2 warm-up, 5 measured, in each of 3 forks), and still that pool takes about 4.4 minutes of the
 * suite's time; the other implementations need well under a second per burst. For a shorter run
 * pass a smaller count, e.g. {@code -p tasks=1000}; ratios are only meaningful between results
 * with the same count.
 *
 * <p>Two warm-up shots leave the code of a burst half compiled: measured shot by shot on 2
 * cores, the virtual-thread executor's bursts settle after about 7 shots and Moirai's lane,
 * which runs more of its own code per task, after 15 to 20 (from about 140 ms to about 15 ms),
 * so the measured shots timed the JIT compiler rather than the executors. The trial setup
 * therefore runs {@value #PRIMING_BURSTS} untimed bursts first for every executor whose burst
 * lasts milliseconds; the fixed pool's burst is 12.5 s of sleeping in rounds of 8, which no
 * compilation changes, and priming it would add 4 minutes per fork.
 *
 * <p>Each task also records how many tasks run at once. After each iteration the peak is printed
 * and checked: with 256 permits it must not exceed 256, or the benchmark fails.
 *
 * <p>Goal: with 10,000 permits, at least 0.9x the speed of the virtual-thread-per-task executor
 * (its time at most 1/0.9 of the executor's): the permit accounting must cost little next to a
 * virtual thread's own cost.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class BlockingLaneBenchmark {

    private static final TaskOptions BLOCKING = TaskOptions.defaults().withLane(Lane.BLOCKING);

    private static final int FIXED_POOL_THREADS = 8;
    private static final int DEFAULT_PERMITS = 256;
    /** Untimed bursts run at the start of each trial (see the class comment). */
    static final int PRIMING_BURSTS = 20;

    /** The executor under test. */
    @Param({"moirai-256", "moirai-10k", "vthreads", "tpe-8"})
    public String impl;

    /** Tasks in the burst. */
    @Param("10000")
    public int tasks;

    /** How long each task sleeps. */
    @Param("10")
    public int sleepMillis;

    private ExecutorService executor;
    private MoiraiRuntime runtime;
    private int limit;
    private SleepingBurst burst;
    private Runnable task;

    @Setup(Level.Trial)
    public void start() {
        switch (impl) {
            case "moirai-256" -> runtime = moirai(DEFAULT_PERMITS);
            case "moirai-10k" -> runtime = moirai(10_000);
            case "vthreads" -> {
                executor = Executors.newVirtualThreadPerTaskExecutor();
                limit = Integer.MAX_VALUE;
            }
            case "tpe-8" -> {
                executor = Executors.newFixedThreadPool(FIXED_POOL_THREADS);
                limit = FIXED_POOL_THREADS;
            }
            default -> throw new IllegalArgumentException(
                    "impl must be moirai-256, moirai-10k, vthreads or tpe-8, was '" + impl + "'");
        }
        burst = new SleepingBurst(sleepMillis);
        task = burst.task();
        if (!impl.startsWith("tpe")) {
            for (int i = 0; i < PRIMING_BURSTS; i++) {
                burst();
            }
        }
    }

    private MoiraiRuntime moirai(int permits) {
        limit = permits;
        return MoiraiRuntime.builder()
                .parallelism(Implementation.parallelism())
                .blockingConcurrency(permits)
                .build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (runtime != null) {
            runtime.close();
        } else {
            executor.close();
        }
    }

    /** Prints the peak concurrency of the burst and fails the run if it broke the permit limit. */
    @TearDown(Level.Iteration)
    public void checkPeak() {
        int observed = burst.takePeak();
        System.out.println("peak concurrency: " + observed + " (limit " + (limit == Integer.MAX_VALUE ? "none" : limit) + ")");
        if (observed > limit) {
            throw new IllegalStateException(impl + " ran " + observed + " tasks at once, above its limit of " + limit);
        }
    }

    @Benchmark
    public void burst() {
        burst.reset(tasks);
        if (runtime != null) {
            for (int i = 0; i < tasks; i++) {
                runtime.execute(task, BLOCKING); // the same Runnable and the same call as the peers'
            }
        } else {
            for (int i = 0; i < tasks; i++) {
                executor.execute(task);
            }
        }
        burst.await();
    }
}
