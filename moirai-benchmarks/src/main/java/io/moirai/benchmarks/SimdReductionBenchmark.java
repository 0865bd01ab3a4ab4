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
 * {@code sum} and {@code dot} over {@code float[]} of a size that fits each cache level of the
 * machine (L1d 48 KiB, L2 2 MiB, L3 300 MiB per the report's machine table) and one that does
 * not: 4,096 floats (16 KiB per array), 131,072 (512 KiB), 8,388,608 (32 MiB) and 134,217,728
 * (512 MiB, main memory). Scores are operations (whole-array passes) per second.
 *
 * <ul>
 *   <li>{@code moirai}: {@link Simd} on its Vector API path (the fork runs with
 *       {@code --add-modules=jdk.incubator.vector}; the set-up fails if the path is not taken).</li>
 *   <li>{@code moirai-scalar}: {@link Simd} forced onto its scalar path by
 *       {@code moirai.simd.disabled=true}, which the set-up sets before {@link Simd} initialises
 *       (JMH runs each parameter combination in its own forked JVM; this variant therefore needs
 *       forks, {@code -f 0} would measure whichever path came first).</li>
 *   <li>{@code scalar-loop}: the plain {@code for} loop a user would write. C2 never reorders
 *       floating-point additions, so it runs one dependent add (or multiply-add) per element,
 *       bound by the adder's latency.</li>
 * </ul>
 *
 * <p>Bytes per second: a {@code sum} reads {@code 4 * size} bytes and a {@code dot}
 * {@code 8 * size}; the report multiplies the score (passes per second) by that, and compares
 * the main-memory size with {@link MemoryBandwidthBenchmark}'s STREAM figures.
 *
 * <p>The arrays are filled once per trial; before the first warm-up iteration the set-up runs
 * the kernel many times over the first 4,096 elements, so that C2 has compiled it when the
 * half-gigabyte passes start (each takes tens of milliseconds).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class SimdReductionBenchmark {

    private static final int JIT_WARM_UP_CALLS = 5_000;
    private static final int JIT_WARM_UP_LENGTH = 4_096;

    /** {@code moirai}, {@code moirai-scalar} or {@code scalar-loop}. */
    @Param({"moirai", "moirai-scalar", "scalar-loop"})
    public String impl;

    /** Floats per array: L1, L2, L3 and main-memory sizes. */
    @Param({"4096", "131072", "8388608", "134217728"})
    public int size;

    private float[] a;
    private float[] b;
    private Reduction reduction;

    /** One implementation of the two reductions. */
    private interface Reduction {
        float sum(float[] a, int from, int to);

        float dot(float[] a, float[] b, int from, int to);
    }

    @Setup(Level.Trial)
    public void setUp() {
        reduction = switch (impl) {
            case "moirai" -> simd(true);
            case "moirai-scalar" -> {
                System.setProperty("moirai.simd.disabled", "true");
                yield simd(false);
            }
            case "scalar-loop" -> new Reduction() {
                @Override
                public float sum(float[] a, int from, int to) {
                    return loopSum(a, from, to);
                }

                @Override
                public float dot(float[] a, float[] b, int from, int to) {
                    return loopDot(a, b, from, to);
                }
            };
            default -> throw new IllegalArgumentException(
                    "impl must be moirai, moirai-scalar or scalar-loop, was '" + impl + "'");
        };
        a = filled(size, 1);
        b = filled(size, 3);
        float sink = 0;
        for (int k = 0; k < JIT_WARM_UP_CALLS; k++) {
            sink += reduction.sum(a, 0, JIT_WARM_UP_LENGTH) + reduction.dot(a, b, 0, JIT_WARM_UP_LENGTH);
        }
        if (Float.isNaN(sink)) {
            throw new AssertionError("the fill has no NaN");
        }
    }

    @Benchmark
    public float sum() {
        return reduction.sum(a, 0, a.length);
    }

    @Benchmark
    public float dot() {
        return reduction.dot(a, b, 0, a.length);
    }

    private static Reduction simd(boolean vectorized) {
        if (Simd.isVectorized() != vectorized) {
            throw new IllegalStateException("Simd.isVectorized() is " + Simd.isVectorized() + ", expected "
                    + vectorized + ": run in a forked JVM with --add-modules=jdk.incubator.vector");
        }
        return new Reduction() {
            @Override
            public float sum(float[] a, int from, int to) {
                return Simd.sum(a, from, to);
            }

            @Override
            public float dot(float[] a, float[] b, int from, int to) {
                return Simd.dot(a, b, from, to);
            }
        };
    }

    static float loopSum(float[] a, int from, int to) {
        float sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    static float loopDot(float[] a, float[] b, int from, int to) {
        float sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Small multiples of 1/1024 in [0, 1): cheap to write, no NaN, no denormals, no overflow. */
    static float[] filled(int size, int seed) {
        float[] array = new float[size];
        for (int i = 0; i < size; i++) {
            array[i] = ((i * seed) & 1023) * 0x1p-10f;
        }
        return array;
    }
}
