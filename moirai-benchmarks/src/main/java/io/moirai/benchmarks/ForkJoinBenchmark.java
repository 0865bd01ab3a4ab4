package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
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
 * Recursive divide and conquer: {@code fib(n)} split into tasks down to a sequential threshold,
 * with {@code spawn} + {@code join} on Moirai and {@code fork} + {@code join} of a
 * {@link java.util.concurrent.RecursiveTask} on {@code ForkJoinPool}, the workload
 * {@code ForkJoinPool} was designed for. Both create the same tasks ({@link Fibonacci}); the
 * score is complete computations per second.
 *
 * <p>The defaults ({@code n = 30}, {@code threshold = 13}) give about 4,200 tasks of one or two
 * microseconds each per computation: fine-grained enough that scheduling costs show, coarse enough
 * to be a realistic split. The computation is started from the benchmark thread, which waits for
 * the root task ({@code invoke} on {@code ForkJoinPool}, {@code spawn(...).get()} on Moirai).
 *
 * <p>Peers: a dedicated {@code ForkJoinPool} of the same parallelism, and the common pool (whose
 * parallelism is one less than the CPUs, but whose external caller helps run tasks). Goal: at
 * least 1.1x the dedicated {@code ForkJoinPool}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ForkJoinBenchmark {

    /** The executor under test. */
    @Param({"moirai", "fjp", "fjp-common"})
    public String impl;

    /** The Fibonacci index computed. */
    @Param("30")
    public int n;

    /** At or below this index a task computes sequentially. */
    @Param("13")
    public int threshold;

    /** Workers of each pool; 0 (the default) for one per CPU this JVM may use. */
    @Param("0")
    public int parallelism;

    private Implementation implementation;
    private ExecutorService executor;

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
    public long fibonacci() throws InterruptedException, ExecutionException {
        if (executor instanceof MoiraiRuntime runtime) {
            return BoundedWait.get(runtime.spawn(() -> Fibonacci.moirai(runtime, n, threshold)));
        }
        return ((ForkJoinPool) executor).invoke(new Fibonacci.ForkJoinTask(n, threshold));
    }
}
