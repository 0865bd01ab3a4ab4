package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.topology.Topology;
import java.util.concurrent.ExecutionException;
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
 * What NUMA-aware stealing costs: the fork/join workload of {@link ForkJoinBenchmark}
 * ({@code fib(30)} split down to {@code fib(13)}, about 4,200 tasks per computation, where
 * stealing is constant) on runtimes that differ only in the topology they are given.
 *
 * <ul>
 *   <li>{@code moirai}: the detected topology. On a single-node machine a searcher's own-node
 *       victims are all the workers and there are no remote ones: the node-blind search plus
 *       one array load.</li>
 *   <li>{@code moirai-two-nodes}: the same CPUs split into two synthetic NUMA nodes
 *       ({@link Topology#uniform(int, int)}), so every search walks its own node's workers and
 *       then the other node's: the two-level order is really exercised, without any real remote
 *       memory to gain from.</li>
 *   <li>{@code fjp}: a dedicated {@code ForkJoinPool}, for reference.</li>
 * </ul>
 *
 * Goal: {@code moirai-two-nodes} within error of {@code moirai} (ratio 1.0): the node-aware order
 * costs nothing measurable, so it can stay on by default. Both runtimes get the same
 * parallelism, one worker per CPU this JVM may use.
 *
 * <pre>
 * ./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Djmh.args="StealOrder"
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class StealOrderBenchmark {

    /** The runtime (or pool) under test. */
    @Param({"moirai", "moirai-two-nodes", "fjp"})
    public String impl;

    /** The Fibonacci index computed. */
    @Param("30")
    public int n;

    /** At or below this index a task computes sequentially. */
    @Param("13")
    public int threshold;

    private MoiraiRuntime runtime;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void start() {
        int parallelism = Implementation.parallelism();
        switch (impl) {
            case "moirai" -> runtime = MoiraiRuntime.builder().parallelism(parallelism).build();
            case "moirai-two-nodes" -> runtime = MoiraiRuntime.builder().parallelism(parallelism)
                    .topology(Topology.uniform(Math.max(2, parallelism), 2)).build();
            case "fjp" -> pool = new ForkJoinPool(parallelism);
            default -> throw new IllegalArgumentException(
                    "impl must be one of moirai, moirai-two-nodes, fjp, was '" + impl + "'");
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (runtime != null) {
            runtime.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Benchmark
    public long fibonacci() throws InterruptedException, ExecutionException {
        if (runtime != null) {
            MoiraiRuntime moirai = runtime;
            return BoundedWait.get(moirai.spawn(() -> Fibonacci.moirai(moirai, n, threshold)));
        }
        return pool.invoke(new Fibonacci.ForkJoinTask(n, threshold));
    }
}
