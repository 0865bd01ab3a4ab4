package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Primitive pipelines against the JDK's primitive streams, in every context. */
class IterPrimitiveTest {

    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(2).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void intPipelinesMatchIntStream(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        for (int size : new int[] {0, 1, 50, 3_000, 300_000}) {
            int[] a = new Random(size).ints(size, -1_000_000, 1_000_000).toArray();
            IntIter plain = Iter.of(a).on(context);
            assertThat(mode.run(plain, IntIter::sum, p -> p.async().sum())).isEqualTo(IntStream.of(a).sum());
            assertThat(mode.run(plain, IntIter::min, p -> p.async().min())).isEqualTo(IntStream.of(a).min());
            assertThat(mode.run(plain, IntIter::max, p -> p.async().max())).isEqualTo(IntStream.of(a).max());
            assertThat(mode.run(plain, IntIter::count, p -> p.async().count())).isEqualTo((long) size);
            assertThat(mode.run(plain, IntIter::average, p -> p.async().average())).isEqualTo(IntStream.of(a).average());
            IntIter piped = plain.map(x -> x * 3).filter(x -> (x & 1) == 0).limit(size / 2 + 1);
            int[] expected = IntStream.of(a).map(x -> x * 3).filter(x -> (x & 1) == 0).limit(size / 2 + 1).toArray();
            assertThat(mode.run(piped, IntIter::toArray, p -> p.async().toArray())).isEqualTo(expected);
            assertThat(mode.run(piped, IntIter::sum, p -> p.async().sum())).isEqualTo(IntStream.of(expected).sum());
            assertThat((Object) mode.run(piped, p -> p.reduce(0, (x, y) -> x ^ y), p -> p.async().reduce(0, (x, y) -> x ^ y)))
                    .isEqualTo(IntStream.of(expected).reduce(0, (x, y) -> x ^ y));
            assertThat((Object) mode.run(piped, p -> p.reduce((x, y) -> y), p -> p.async().reduce((x, y) -> y)))
                    .isEqualTo(IntStream.of(expected).reduce((x, y) -> y));
            assertThat(mode.run(piped.asLongIter().map(x -> x * x), LongIter::sum, p -> p.async().sum()))
                    .isEqualTo(IntStream.of(expected).asLongStream().map(x -> x * x).sum());
            assertThat((Object) mode.run(piped.boxed().map(x -> x + 1), Iter::toList, p -> p.async().toList()))
                    .isEqualTo(IntStream.of(expected).boxed().map(x -> x + 1).toList());
            assertThat((Object) mode.run(plain.mapToObj(Integer::toString).limit(3), Iter::toList, p -> p.async().toList()))
                    .isEqualTo(IntStream.of(a).mapToObj(Integer::toString).limit(3).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void rangesUseClosedFormsAndMatchStreams(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        assertThat(mode.run(Iter.range(-5, 1_000_000).on(context), IntIter::sum, p -> p.async().sum()))
                .isEqualTo(IntStream.range(-5, 1_000_000).sum());
        assertThat(mode.run(Iter.range(3L, 5_000_000_000L).on(context), LongIter::sum, p -> p.async().sum()))
                .isEqualTo(LongStream.range(3L, 5_000_000_000L).parallel().sum());
        assertThat(mode.run(Iter.range(Long.MAX_VALUE - 10, Long.MAX_VALUE).on(context), LongIter::sum, p -> p.async().sum()))
                .isEqualTo(LongStream.range(Long.MAX_VALUE - 10, Long.MAX_VALUE).sum());
        assertThat(mode.run(Iter.range(10, 3).on(context), IntIter::max, p -> p.async().max())).isEmpty();
        assertThat(mode.run(Iter.range(10, 20).on(context), IntIter::max, p -> p.async().max())).hasValue(19);
        assertThat(mode.run(Iter.range(0, 100_000).filter(i -> i % 7 == 3).on(context), IntIter::count,
                p -> p.async().count())).isEqualTo(IntStream.range(0, 100_000).filter(i -> i % 7 == 3).count());
        assertThat(mode.run(Iter.range(0, 1_000).on(context).asDoubleIter().map(Math::sqrt), DoubleIter::max,
                p -> p.async().max())).isEqualTo(OptionalDouble.of(Math.sqrt(999)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void floatingPointSumsStayWithinTheDocumentedBound(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        for (int size : new int[] {0, 10, 100_000}) {
            double[] d = new Random(size).doubles(size, -1e6, 1e6).toArray();
            double bound = size * Math.ulp(1.0) * DoubleStream.of(d).map(Math::abs).sum();
            double sum = mode.run(Iter.of(d).on(context), DoubleIter::sum, p -> p.async().sum());
            assertThat(sum).isCloseTo(DoubleStream.of(d).sum(), within(bound));
            double mapped = mode.run(Iter.of(d).on(context).map(x -> x / 3).filter(x -> x > 0), DoubleIter::sum, p -> p.async().sum());
            assertThat(mapped).isCloseTo(DoubleStream.of(d).map(x -> x / 3).filter(x -> x > 0).sum(), within(bound));
            assertThat(mode.run(Iter.of(d).on(context), DoubleIter::min, p -> p.async().min())).isEqualTo(DoubleStream.of(d).min());

            float[] f = new float[size];
            for (int i = 0; i < size; i++) {
                f[i] = (float) d[i];
            }
            double exact = 0;
            double absolute = 0;
            for (float x : f) {
                exact += x;
                absolute += Math.abs(x);
            }
            float fsum = mode.run(Iter.of(f).on(context), FloatIter::sum, p -> p.async().sum());
            assertThat((double) fsum).isCloseTo(exact, within(size * (double) Math.ulp(1.0f) * absolute));
            float[] doubled = mode.run(Iter.of(f).on(context).map(x -> x * 2).limit(5), FloatIter::toArray, p -> p.async().toArray());
            assertThat(doubled).hasSize(Math.min(5, size));
            for (int i = 0; i < doubled.length; i++) {
                assertThat(doubled[i]).isEqualTo(f[i] * 2);
            }
            OptionalDouble fmax = mode.run(Iter.of(f).on(context), FloatIter::max, p -> p.async().max());
            float expectedMax = Float.NEGATIVE_INFINITY;
            for (float x : f) {
                expectedMax = Math.max(expectedMax, x);
            }
            assertThat(fmax).isEqualTo(size == 0 ? OptionalDouble.empty() : OptionalDouble.of(expectedMax));
            assertThat(mode.run(Iter.of(f).on(context).asDoubleIter(), DoubleIter::count, p -> p.async().count()))
                    .isEqualTo((long) size);
        }
    }

    /*
     * Finite elements whose partial sums overflow both ways: inside one Simd.sum (±MAX_VALUE
     * alternating, n = 8, 256, 1,001), or across the inline prefix's pieces and the parallel
     * chunks (a million elements, the first half MAX_VALUE and the second -MAX_VALUE: the loop
     * reaches +Infinity and stays there, the pieces' sums are +Infinity and -Infinity). Each
     * context must give the sequential loop's sum, so sequential and parallel agree. Expected
     * values are boxed: AssertJ compares a primitive with ==, for which NaN is not NaN.
     */

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void doubleSumAndAverageOverAnArrayAreTheSequentialLoopsWhenPartialSumsOverflow(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        for (double[] d : overflowingInputs(Double.MAX_VALUE)) {
            double loop = 0;
            for (double x : d) {
                loop += x;
            }
            String what = describe(d);
            assertThat(mode.run(Iter.of(d).on(context), DoubleIter::sum, p -> p.async().sum())).as("sum of %s", what)
                    .isEqualTo(Double.valueOf(loop));
            assertThat(mode.run(Iter.of(d).on(context), DoubleIter::average, p -> p.async().average()))
                    .as("average of %s", what).isEqualTo(OptionalDouble.of(loop / d.length));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void floatSumOverAnArrayIsTheSequentialLoopsWhenPartialSumsOverflow(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        for (double[] d : overflowingInputs(Float.MAX_VALUE)) {
            float[] f = new float[d.length];
            float loop = 0;
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
                loop += f[i];
            }
            assertThat(mode.run(Iter.of(f).on(context), FloatIter::sum, p -> p.async().sum())).as("sum of %s", describe(d))
                    .isEqualTo(Float.valueOf(loop));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Contexts.class, names = {"SEQUENTIAL", "SEQUENTIAL_ASYNC"})
    void throughStagesTheSequentialContextSumsAsTheLoopDoes(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        for (double[] d : overflowingInputs(Double.MAX_VALUE)) {
            double loop = 0;
            for (double x : d) {
                loop += x;
            }
            assertThat(mode.run(Iter.of(d).on(context).map(x -> x), DoubleIter::sum, p -> p.async().sum()))
                    .as("sum of %s through a stage", describe(d)).isEqualTo(Double.valueOf(loop));
        }
    }

    /**
     * Arrays of ±max whose partial sums overflow although the loop's need not, alone and with one
     * -Infinity (the loop gives -Infinity), both infinities (NaN) or a NaN (NaN) added.
     */
    private static List<double[]> overflowingInputs(double max) {
        List<double[]> inputs = new ArrayList<>();
        for (int n : new int[] {8, 256, 1_001}) {
            double[] alternating = new double[n];
            for (int i = 0; i < n; i++) {
                alternating[i] = i % 2 == 0 ? max : -max;
            }
            inputs.add(alternating);
            double[] negativeInfinity = alternating.clone();
            negativeInfinity[n / 2] = Double.NEGATIVE_INFINITY;
            inputs.add(negativeInfinity);
            double[] bothInfinities = alternating.clone();
            bothInfinities[1] = Double.POSITIVE_INFINITY;
            bothInfinities[n - 2] = Double.NEGATIVE_INFINITY;
            inputs.add(bothInfinities);
            double[] nan = alternating.clone();
            nan[n / 3] = Double.NaN;
            inputs.add(nan);
        }
        double[] halves = new double[1_000_000];
        Arrays.fill(halves, 0, halves.length / 2, max);
        Arrays.fill(halves, halves.length / 2, halves.length, -max);
        inputs.add(halves);
        double[] halvesAndNegativeInfinity = halves.clone();
        halvesAndNegativeInfinity[halves.length - 1] = Double.NEGATIVE_INFINITY;
        inputs.add(halvesAndNegativeInfinity);
        return inputs;
    }

    private static String describe(double[] d) {
        return d.length + " elements " + (d.length <= 8 ? Arrays.toString(d)
                : "[" + d[0] + ", " + d[1] + ", ..., " + d[d.length - 1] + "]")
                + (DoubleStream.of(d).anyMatch(Double::isNaN) ? " with a NaN" : "")
                + (DoubleStream.of(d).anyMatch(x -> x == Double.NEGATIVE_INFINITY) ? " with -Infinity" : "")
                + (DoubleStream.of(d).anyMatch(x -> x == Double.POSITIVE_INFINITY) ? " with +Infinity" : "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void longPipelinesMatchLongStream(Contexts mode) {
        ExecutionContext context = mode.context(runtime);
        long[] a = new Random(1).longs(200_000, -1L << 40, 1L << 40).toArray();
        LongIter piped = Iter.of(a).on(context).map(x -> x >> 3).filter(x -> x % 5 != 0);
        long[] expected = Arrays.stream(a).map(x -> x >> 3).filter(x -> x % 5 != 0).toArray();
        assertThat(mode.run(piped, LongIter::toArray, p -> p.async().toArray())).isEqualTo(expected);
        assertThat(mode.run(piped, LongIter::sum, p -> p.async().sum())).isEqualTo(LongStream.of(expected).sum());
        assertThat(mode.run(piped, LongIter::max, p -> p.async().max())).isEqualTo(LongStream.of(expected).max());
        assertThat(mode.run(piped, LongIter::average, p -> p.async().average())).isEqualTo(LongStream.of(expected).average());
        assertThat((Object) mode.run(piped.limit(4).boxed(), Iter::toList, p -> p.async().toList()))
                .isEqualTo(LongStream.of(expected).limit(4).boxed().toList());
    }
}
