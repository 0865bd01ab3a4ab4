package io.moirai.benchmarks;

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
 * The single-thread memory bandwidth of the machine, STREAM-style, the ceiling for
 * {@link SimdReductionBenchmark} and {@link SimdAxpyBenchmark} at their main-memory size:
 * {@code copy} ({@code c[i] = a[i]}) and {@code triad} ({@code a[i] = b[i] + s * c[i]}) over
 * {@code float[]} of 134,217,728 elements (512 MiB each, far beyond the 300 MiB L3). C2
 * vectorizes both loops. One thread, since the reductions it bounds run on one.
 *
 * <p>Scores are passes per second. Bytes per second, as STREAM counts them (each array read or
 * written once, write-allocate traffic not counted): {@code copy} moves {@code 8 * size} bytes
 * per pass, {@code triad} {@code 12 * size}. The report compares {@code sum} ({@code 4 * size}
 * bytes read per pass) and {@code dot} ({@code 8 * size}) of {@link SimdReductionBenchmark} at
 * this size with these figures: {@code bytes/s = score * bytes per pass}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 4, time = 1)
@Timeout(time = 1, timeUnit = TimeUnit.MINUTES)
@State(Scope.Benchmark)
public class MemoryBandwidthBenchmark {

    private static final float SCALE = 0x1p-4f;

    /** {@code stream}: the plain loops of the STREAM benchmark. */
    @Param({"stream"})
    public String impl;

    /** Floats per array. */
    @Param({"134217728"})
    public int size;

    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        a = SimdReductionBenchmark.filled(size, 1);
        b = SimdReductionBenchmark.filled(size, 3);
        c = SimdReductionBenchmark.filled(size, 5);
        for (int k = 0; k < 5_000; k++) {
            copy(a, c, 4_096);
            triad(a, b, c, 4_096);
        }
    }

    @Benchmark
    public float[] copy() {
        copy(a, c, size);
        return c;
    }

    @Benchmark
    public float[] triad() {
        triad(a, b, c, size);
        return a;
    }

    private static void copy(float[] from, float[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] = from[i];
        }
    }

    private static void triad(float[] a, float[] b, float[] c, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = b[i] + SCALE * c[i];
        }
    }
}
