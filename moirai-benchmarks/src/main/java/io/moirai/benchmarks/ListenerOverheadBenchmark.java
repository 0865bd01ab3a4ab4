package io.moirai.benchmarks;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeListener;
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
 * The price of the {@link RuntimeListener} hooks: the same fork/join workload as
 * {@link ForkJoinBenchmark} on a runtime with no listener ({@code moirai}) and with one listener
 * whose callbacks do nothing ({@code moirai-noop-listener}).
 *
 * <p>With a listener registered, every task reads the clock when it is queued, started and
 * finished, and makes three calls; without one, the runtime tests one field per hook and does
 * nothing else. The ratio shows what the hooks cost when a listener is registered; the report
 * states it for information. It cannot show that the runtime without a listener pays nothing for
 * the hooks (that needs a build without them), so no goal is checked here.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class ListenerOverheadBenchmark {

    /** {@code moirai}: no listener; {@code moirai-noop-listener}: one listener that does nothing. */
    @Param({"moirai", "moirai-noop-listener"})
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
            case "moirai-noop-listener" -> builder.listener(new RuntimeListener() {
            });
            default -> throw new IllegalArgumentException(
                    "impl must be moirai or moirai-noop-listener, was '" + impl + "'");
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
