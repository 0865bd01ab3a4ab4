package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
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
 * The price of blocking detection: the same fork/join workload as {@link ForkJoinBenchmark} with
 * detection on ({@code moirai}, the default threshold of 500 ms) and off
 * ({@code moirai-detection-off}, {@code blockingDetectionThreshold(Duration.ZERO)}).
 *
 * <p>The workers write their current task and a task sequence number (opaque stores, no fences)
 * whether detection is on or not, since snapshots read them too; what detection adds is the timer
 * thread's scan of the workers every quarter of the threshold, which competes for a core. The
 * ratio shows what leaving it on by default costs; the report lists it for information.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class BlockingDetectorCostBenchmark {

    /** {@code moirai}: detection on (default); {@code moirai-detection-off}: switched off. */
    @Param({"moirai", "moirai-detection-off"})
    public String impl;

    /** The Fibonacci index computed. */
    @Param("30")
    public int n;

    /** At or below this index a task computes sequentially. */
    @Param("13")
    public int threshold;

    private MoiraiRuntime runtime;

    @Setup(Level.Trial)
    public void start() {
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder().parallelism(Implementation.parallelism());
        switch (impl) {
            case "moirai" -> {
            }
            case "moirai-detection-off" -> builder.blockingDetectionThreshold(Duration.ZERO);
            default -> throw new IllegalArgumentException(
                    "impl must be moirai or moirai-detection-off, was '" + impl + "'");
        }
        runtime = builder.build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        runtime.close();
    }

    @Benchmark
    public long fibonacci() throws InterruptedException, ExecutionException {
        MoiraiRuntime rt = runtime;
        return BoundedWait.get(rt.spawn(() -> Fibonacci.moirai(rt, n, threshold)));
    }
}
