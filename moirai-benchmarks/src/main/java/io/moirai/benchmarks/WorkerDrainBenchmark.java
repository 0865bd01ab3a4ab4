package io.moirai.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workers' half of external submission, alone: how long the pool's workers take per task to
 * run {@value #TASKS} tiny tasks that were submitted from outside while every worker was busy.
 *
 * <h2>Design</h2>
 * Before each operation, every worker is held by a task spinning on a flag, and the benchmark
 * thread submits {@value #TASKS} tasks with {@code execute}; they all wait in the pool's
 * external queues. The operation raises the flag and waits until every task has run: the time
 * per task is what a worker spends taking a task submitted by another thread, running it and
 * counting it, with no submitter competing for the CPUs and no wake-up in the way (the
 * workers are already running). The task adds one to a {@code LongAdder}, whose cells keep the
 * workers off one another's cache lines; the benchmark thread looks at the sum every 20 µs,
 * parked in between, so it does not take a CPU from the workers.
 *
 * <p>It exists to find where {@code ExternalSubmitBenchmark}'s time goes: there the submitters
 * and the workers share the CPUs, so a task's cost on either side shows as one rate. This one
 * states the workers' side, and {@code SpawnCostBenchmark.fromExternalThread} the submitter's.
 * No goal: it is for information.
 *
 * <pre>
 * java -jar moirai-benchmarks/target/benchmarks.jar WorkerDrainBenchmark -p impl=moirai,fjp
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class WorkerDrainBenchmark {

    /** Tasks queued before each operation. */
    static final int TASKS = 100_000;

    /** The executor under test. */
    @Param({"moirai", "fjp", "tpe"})
    public String impl;

    /** Workers of each pool; 0 (the default) for one per CPU this JVM may use. */
    @Param("0")
    public int parallelism;

    private Implementation implementation;
    private ExecutorService executor;
    private int workers;
    private final LongAdder ran = new LongAdder();
    private final Runnable task = ran::increment;
    private AtomicBoolean gate;

    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.named(impl);
        workers = Implementation.parallelism(parallelism);
        executor = implementation.start(workers);
    }

    @TearDown(Level.Trial)
    public void stop() {
        implementation.stop(executor);
    }

    /**
     * Holds every worker, then queues the tasks behind them. The holding tasks spin rather than
     * wait on the latch: a worker parked in a task is blocked work to Moirai's detector, which
     * then starts a spare worker, and the drain measured three workers on two CPUs.
     */
    @Setup(Level.Invocation)
    public void fill() throws InterruptedException {
        AtomicBoolean open = new AtomicBoolean();
        gate = open;
        CountDownLatch held = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            executor.execute(() -> {
                held.countDown();
                while (!open.get()) {
                    Thread.onSpinWait();
                }
            });
        }
        if (!held.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the workers did not all start the holding tasks");
        }
        ran.reset();
        for (int i = 0; i < TASKS; i++) {
            executor.execute(task);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void drain() {
        gate.set(true);
        while (ran.sum() < TASKS) {
            LockSupport.parkNanos(20_000L);
        }
    }
}
