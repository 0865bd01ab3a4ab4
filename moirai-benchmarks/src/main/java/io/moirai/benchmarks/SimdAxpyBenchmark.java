package io.moirai.benchmarks;

import io.moirai.simd.Simd;
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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code y[i] += alpha * x[i]} over {@code float[]} of the sizes of
 * {@link SimdReductionBenchmark}: {@link Simd#axpy(float, float[], float[])} on its vector
 * path ({@code moirai}) against the plain loop ({@code scalar-loop}), which C2 vectorizes by
 * itself (an element-wise loop has no order to keep). The goal is to be no slower. Up to 1,048,576
 * elements the vector path runs that same loop (a Vector API loop cannot align its accesses; see
 * docs/simd.md), beyond it a Vector API loop. Scores are whole-array passes per second; a pass
 * moves {@code 12 * size} bytes (reads x and y, writes y).
 *
 * <p>The result stays bounded: {@code alpha} alternates sign between calls, so {@code y}
 * oscillates instead of growing towards infinity.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class SimdAxpyBenchmark {

    private static final float ALPHA = 0x1p-4f;

    /** {@code moirai} or {@code scalar-loop}. */
    @Param({"moirai", "scalar-loop"})
    public String impl;

    /** Floats per array: L1, L2, L3 and main-memory sizes. */
    @Param({"4096", "131072", "8388608", "134217728"})
    public int size;

    private float[] x;
    private float[] y;
    private boolean simd;
    private float alpha = ALPHA;

    @Setup(Level.Trial)
    public void setUp() {
        simd = switch (impl) {
            case "moirai" -> {
                if (!Simd.isVectorized()) {
                    throw new IllegalStateException("run in a forked JVM with --add-modules=jdk.incubator.vector");
                }
                yield true;
            }
            case "scalar-loop" -> false;
            default -> throw new IllegalArgumentException("impl must be moirai or scalar-loop, was '" + impl + "'");
        };
        x = SimdReductionBenchmark.filled(size, 1);
        y = SimdReductionBenchmark.filled(size, 3);
        for (int k = 0; k < 5_000; k++) {
            axpy(k % 2 == 0 ? ALPHA : -ALPHA, 4_096);
        }
    }

    @Benchmark
    public float[] axpy() {
        alpha = -alpha;
        axpy(alpha, y.length);
        return y;
    }

    private void axpy(float a, int to) {
        if (simd) {
            Simd.axpy(a, x, y, 0, to);
        } else {
            loopAxpy(a, x, y, to);
        }
    }

    private static void loopAxpy(float alpha, float[] x, float[] y, int to) {
        for (int i = 0; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }
}
