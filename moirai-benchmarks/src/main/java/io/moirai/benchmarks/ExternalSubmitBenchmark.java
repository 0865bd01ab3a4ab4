package io.moirai.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of tiny tasks submitted from threads outside the pool, by 1, 2 and 4 submitters at
 * once, to a pool with one worker per CPU: the path every {@code @Async} call, web request
 * hand-off and {@code CompletableFuture.supplyAsync} takes.
 *
 * <h2>Design</h2>
 * Each JMH thread is one submitter. One operation submits a batch of {@value #BATCH} tasks with
 * {@link java.util.concurrent.Executor#execute(Runnable)} and then waits until all of them have
 * run; the score is completed tasks per second, summed over the submitters
 * ({@code @OperationsPerInvocation}). Waiting for the batch keeps the number of tasks in flight
 * bounded (at most {@value #BATCH} per submitter), so the queues cannot grow during measurement
 * and the score is the rate tasks are <em>completed</em>, not merely enqueued. The batch is large
 * enough that the pool's ramp-up at the start of a batch and its drain at the end (workers
 * waking, then idling) are a few percent of its time; that residue is part of what a bursty
 * application sees and is paid by every implementation alike.
 *
 * <p>The task only counts the batch down: each submitter has its own {@code AtomicInteger}, set to
 * {@value #BATCH} before the batch; the task decrements it and unparks the submitter when it
 * reaches 0, and the submitter parks until it is 0. One decrement per task, identical for every
 * implementation, so the score measures the executor's submission, hand-off, wake-up and dispatch
 * costs. The same {@code Runnable} instance is submitted each time, so every allocation in the
 * operation is the executor's own. The JVMs run with default flags.
 *
 * <p>This is the shape of the independent harness the project is measured with. The earlier
 * variant (a shared latch whose waiter spun 64 times before a timed park, in JVMs with a fixed
 * 2 GB heap) scored the peers lower; see {@code docs/benchmarks.md}.
 *
 * <p>Peers: a dedicated {@code ForkJoinPool} and {@code Executors.newFixedThreadPool} of the same
 * parallelism, and the virtual-thread-per-task executor (one new virtual thread per task).
 * Goals (as {@code Suite} checks them): at least 2.0x the ThreadPoolExecutor with 1, 2 and 4
 * submitters; at least 1.3x the ForkJoinPool with one submitter, and not measurably slower than it
 * with 2 and 4.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="ExternalSubmit"
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(3)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ExternalSubmitBenchmark {

    /** Tasks one submitter submits before it waits for them. */
    static final int BATCH = 1_000;

    /** The executor under test. */
    @Param({"moirai", "fjp", "tpe", "vthreads"})
    public String impl;

    /** Workers of each pool; 0 (the default) for one per CPU this JVM may use. */
    @Param("0")
    public int parallelism;

    private Implementation implementation;
    private ExecutorService executor;

    /**
     * One submitter: its count of tasks still to run, and the task, which counts down and wakes
     * the submitter when the batch is done. Reused for each of its batches.
     */
    @State(Scope.Thread)
    public static class Submitter {
        final AtomicInteger remaining = new AtomicInteger();
        Thread thread;
        final Runnable task = () -> {
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(thread);
            }
        };
    }

    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.named(impl);
        executor = implementation.start(Implementation.parallelism(parallelism));
    }

    @TearDown(Level.Trial)
    public void stop() {
        implementation.stop(executor);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void oneSubmitter(Submitter submitter) {
        submitBatch(submitter);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void twoSubmitters(Submitter submitter) {
        submitBatch(submitter);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void fourSubmitters(Submitter submitter) {
        submitBatch(submitter);
    }

    private void submitBatch(Submitter submitter) {
        AtomicInteger remaining = submitter.remaining;
        Runnable task = submitter.task;
        submitter.thread = Thread.currentThread();
        remaining.set(BATCH);
        for (int i = 0; i < BATCH; i++) {
            executor.execute(task);
        }
        while (remaining.get() != 0) {
            LockSupport.park(this);
        }
    }
}
