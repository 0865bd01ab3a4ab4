package io.moirai.benchmarks;

import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The fixed cost of a pipeline on small inputs: {@code map(x -> x * 2).filter(x -> x % 3 == 0)
 * .sum()} over an {@code int[]} of {@code n} elements, the pipeline built afresh in every
 * operation as a stream would be. Goals: the sequential context costs less than 500 ns more than
 * the plain loop; the parallel context on a tiny input costs at most a fifth of a parallel
 * stream (it runs inline on the caller while its measured work stays under
 * {@code ParallelRun.INLINE_BUDGET_NS}, where a parallel stream forks into the common pool).
 *
 * <p>{@code loop} is the hand-written baseline; {@code stream} and {@code parallel-stream} are
 * {@code IntStream.of(a)} and its {@code parallel()} form (the common pool); {@code moirai-parallel}
 * uses a runtime with the machine's parallelism, started once per trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class IterFixedCostBenchmark {

    /** Elements in the input. */
    @Param({"1", "10", "100", "1000"})
    public int n;

    /** The implementation under test. */
    @Param({"loop", "moirai-sequential", "moirai-parallel", "stream", "parallel-stream"})
    public String impl;

    private int[] input;
    private MoiraiRuntime runtime;
    private ExecutionContext parallel;

    @Setup(Level.Trial)
    public void start() {
        input = new Random(42).ints(n, -1_000_000, 1_000_000).toArray();
        if ("moirai-parallel".equals(impl)) {
            runtime = MoiraiRuntime.builder().parallelism(Implementation.parallelism()).build();
            parallel = ExecutionContext.parallel(runtime);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * One evaluation of the pipeline.
     *
     * @return the sum
     */
    @Benchmark
    public int pipeline() {
        int[] a = input;
        return switch (impl) {
            case "loop" -> loop(a);
            case "moirai-sequential" -> Iter.of(a).map(x -> x * 2).filter(x -> x % 3 == 0).sum();
            case "moirai-parallel" -> Iter.of(a).map(x -> x * 2).filter(x -> x % 3 == 0).on(parallel).sum();
            case "stream" -> IntStream.of(a).map(x -> x * 2).filter(x -> x % 3 == 0).sum();
            case "parallel-stream" -> IntStream.of(a).parallel().map(x -> x * 2).filter(x -> x % 3 == 0).sum();
            default -> throw new IllegalStateException("unknown impl " + impl);
        };
    }

    private static int loop(int[] a) {
        int sum = 0;
        for (int x : a) {
            int y = x * 2;
            if (y % 3 == 0) {
                sum += y;
            }
        }
        return sum;
    }
}
