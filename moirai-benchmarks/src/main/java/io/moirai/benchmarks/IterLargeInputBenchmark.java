package io.moirai.benchmarks;

import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
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
 * Throughput on large inputs: a CPU-heavy map (a few rounds of an integer mixing function) and a
 * filter over {@code range(0, n)}, summed into a long. Goal: {@code moirai-parallel} at least as
 * fast as a parallel stream on the common pool.
 *
 * <p>{@code moirai-hybrid} runs the same pipeline in the hybrid context (it has no blocking stage,
 * so it must cost what the parallel context costs); {@code stream} is the sequential baseline.
 * The runtime has the machine's parallelism, as the common pool has.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class IterLargeInputBenchmark {

    /** Elements in the input. */
    @Param({"1000000", "10000000"})
    public int n;

    /** The implementation under test. */
    @Param({"moirai-parallel", "moirai-hybrid", "parallel-stream", "stream"})
    public String impl;

    private MoiraiRuntime runtime;
    private ExecutionContext context;

    @Setup(Level.Trial)
    public void start() {
        if (impl.startsWith("moirai")) {
            runtime = MoiraiRuntime.builder().parallelism(Implementation.parallelism()).build();
            context = "moirai-hybrid".equals(impl) ? ExecutionContext.hybrid(runtime) : ExecutionContext.parallel(runtime);
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
     * @return the sum of the mixed values that pass the filter
     */
    @Benchmark
    public long pipeline() {
        return switch (impl) {
            case "moirai-parallel", "moirai-hybrid" ->
                    Iter.range(0, n).map(IterLargeInputBenchmark::mix).filter(x -> (x & 3) != 0)
                            .asLongIter().on(context).sum();
            case "parallel-stream" ->
                    IntStream.range(0, n).parallel().map(IterLargeInputBenchmark::mix).filter(x -> (x & 3) != 0)
                            .asLongStream().sum();
            case "stream" ->
                    IntStream.range(0, n).map(IterLargeInputBenchmark::mix).filter(x -> (x & 3) != 0)
                            .asLongStream().sum();
            default -> throw new IllegalStateException("unknown impl " + impl);
        };
    }

    /** A few rounds of a 32-bit finaliser (murmur3's): tens of cycles per element, no memory traffic. */
    static int mix(int x) {
        int h = x;
        for (int round = 0; round < 4; round++) {
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            h ^= h >>> 16;
        }
        return h;
    }
}
