package io.moirai.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Simd}'s {@code int} kernels against plain reference loops, over {@link Range#all()}.
 * Surefire runs this class twice: in the default execution {@link Simd} takes the scalar path,
 * in the {@code simd-vector} execution the Vector API path; every result must equal the
 * reference exactly, overflow wrapping included.
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest='*KernelsTest'}
 */
class IntKernelsTest {

    @Test
    void sumWrapsAsIntStreamSumDoes() {
        Random random = new Random(1);
        for (Range r : Range.all()) {
            int[] a = values(random, r.length());
            int expected = IntStream.of(a).skip(r.from()).limit(r.size()).sum();
            assertThat(Simd.sum(a, r.from(), r.to())).as("%s", r).isEqualTo(expected);
            if (r.isWhole()) {
                assertThat(Simd.sum(a)).as("%s: whole-array form", r).isEqualTo(expected);
            }
        }
    }

    @Test
    void addWraps() {
        checkElementwise(2, (a, b, d, f, t) -> Simd.add(a, b, d, f, t), (a, b) -> a + b, (a, b, d) -> Simd.add(a, b, d));
    }

    @Test
    void mulWraps() {
        checkElementwise(3, (a, b, d, f, t) -> Simd.mul(a, b, d, f, t), (a, b) -> a * b, (a, b, d) -> Simd.mul(a, b, d));
    }

    @Test
    void absLeavesMinValueAsMathAbsDoes() {
        checkElementwise(4, (a, b, d, f, t) -> Simd.abs(a, d, f, t), (a, b) -> Math.abs(a), (a, b, d) -> Simd.abs(a, d));
    }

    @Test
    void scaleWraps() {
        Random random = new Random(5);
        for (int s : new int[] {0, 1, -1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, random.nextInt()}) {
            checkElementwise(6, (a, b, d, f, t) -> Simd.scale(a, s, d, f, t), (a, b) -> a * s,
                    (a, b, d) -> Simd.scale(a, s, d));
        }
    }

    @Test
    void clampIsMinOfMax() {
        int[][] bounds = {{0, 0}, {-5, 5}, {Integer.MIN_VALUE, 0}, {0, Integer.MAX_VALUE}, {Integer.MIN_VALUE, Integer.MAX_VALUE}};
        for (int[] bound : bounds) {
            checkElementwise(7, (a, b, d, f, t) -> Simd.clamp(a, bound[0], bound[1], d, f, t),
                    (a, b) -> Math.min(Math.max(a, bound[0]), bound[1]),
                    (a, b, d) -> Simd.clamp(a, bound[0], bound[1], d));
        }
    }

    @Test
    void minMaxAndTheirFirstIndices() {
        Random random = new Random(8);
        for (Range r : Range.all()) {
            if (r.size() == 0) {
                continue;
            }
            int[] a = small(random, r.length());
            if (r.length() > 3 && random.nextBoolean()) {
                a[random.nextInt(r.length())] = Integer.MIN_VALUE;
                a[random.nextInt(r.length())] = Integer.MAX_VALUE;
            }
            int min = a[r.from()];
            int max = a[r.from()];
            int argMin = r.from();
            int argMax = r.from();
            for (int i = r.from(); i < r.to(); i++) {
                if (a[i] < min) {
                    min = a[i];
                    argMin = i;
                }
                if (a[i] > max) {
                    max = a[i];
                    argMax = i;
                }
            }
            String what = r + (a.length <= 70 ? ": " + Arrays.toString(a) : "");
            assertThat(Simd.min(a, r.from(), r.to())).as("min of %s", what).isEqualTo(min);
            assertThat(Simd.max(a, r.from(), r.to())).as("max of %s", what).isEqualTo(max);
            assertThat(Simd.argMin(a, r.from(), r.to())).as("argMin of %s", what).isEqualTo(argMin);
            assertThat(Simd.argMax(a, r.from(), r.to())).as("argMax of %s", what).isEqualTo(argMax);
            if (r.isWhole()) {
                assertThat(Simd.min(a)).isEqualTo(min);
                assertThat(Simd.max(a)).isEqualTo(max);
                assertThat(Simd.argMin(a)).isEqualTo(argMin);
                assertThat(Simd.argMax(a)).isEqualTo(argMax);
            }
        }
    }

    @Test
    void countComparesAsTheJavaOperators() {
        Random random = new Random(9);
        for (Range r : Range.all()) {
            int[] a = small(random, r.length());
            for (int value : new int[] {0, 3, -20, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                for (Comparison cmp : Comparison.values()) {
                    int expected = 0;
                    for (int i = r.from(); i < r.to(); i++) {
                        expected += holds(a[i], cmp, value) ? 1 : 0;
                    }
                    assertThat(Simd.count(a, cmp, value, r.from(), r.to())).as("%s %s %s", r, cmp, value)
                            .isEqualTo(expected);
                    if (r.isWhole()) {
                        assertThat(Simd.count(a, cmp, value)).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void prefixSumWrapsAndMayRunInPlace() {
        checkElementwiseScan(10);
    }

    private interface RangeKernel {
        void apply(int[] a, int[] b, int[] dst, int from, int to);
    }

    private interface WholeKernel {
        void apply(int[] a, int[] b, int[] dst);
    }

    private interface Reference {
        int at(int a, int b);
    }

    /**
     * Runs an element-wise kernel over every range with a separate destination and with the
     * destination being each source in turn; inside the range every element must be the
     * reference's result, outside it untouched.
     */
    private static void checkElementwise(long seed, RangeKernel kernel, Reference reference, WholeKernel whole) {
        Random random = new Random(seed);
        for (Range r : Range.all()) {
            int[] a = values(random, r.length());
            int[] b = values(random, r.length());
            if (r.length() > 2) {
                a[random.nextInt(r.length())] = Integer.MIN_VALUE;
            }
            int[] dst = values(random, r.length());
            int[] expected = dst.clone();
            for (int i = r.from(); i < r.to(); i++) {
                expected[i] = reference.at(a[i], b[i]);
            }
            int[] actual = dst.clone();
            kernel.apply(a, b, actual, r.from(), r.to());
            assertEqual(actual, expected, r, "separate destination");
            for (int source = 0; source < 2; source++) {
                int[][] args = {a.clone(), b.clone()};
                int[] aliased = args[source];
                int[] expectedAliased = aliased.clone();
                System.arraycopy(expected, r.from(), expectedAliased, r.from(), r.size());
                kernel.apply(args[0], args[1], aliased, r.from(), r.to());
                assertEqual(aliased, expectedAliased, r, "destination is source " + source);
            }
            if (r.isWhole()) {
                int[] wholeActual = new int[r.length()];
                whole.apply(a, b, wholeActual);
                assertEqual(wholeActual, expected, r, "whole-array form");
            }
        }
    }

    private static void checkElementwiseScan(long seed) {
        Random random = new Random(seed);
        for (Range r : Range.all()) {
            int[] a = values(random, r.length());
            int[] dst = values(random, r.length());
            int[] expected = dst.clone();
            int running = 0;
            for (int i = r.from(); i < r.to(); i++) {
                running += a[i];
                expected[i] = running;
            }
            Simd.prefixSum(a, dst, r.from(), r.to());
            assertEqual(dst, expected, r, "prefixSum");
            int[] inPlace = a.clone();
            int[] expectedInPlace = a.clone();
            System.arraycopy(expected, r.from(), expectedInPlace, r.from(), r.size());
            Simd.prefixSum(inPlace, inPlace, r.from(), r.to());
            assertEqual(inPlace, expectedInPlace, r, "prefixSum in place");
            if (r.isWhole()) {
                int[] whole = new int[a.length];
                Simd.prefixSum(a, whole);
                assertEqual(whole, expected, r, "prefixSum, whole-array form");
            }
        }
    }

    private static boolean holds(int e, Comparison cmp, int value) {
        return switch (cmp) {
            case LT -> e < value;
            case LE -> e <= value;
            case GT -> e > value;
            case GE -> e >= value;
            case EQ -> e == value;
            case NE -> e != value;
        };
    }

    /** Reports the first differing index. */
    private static void assertEqual(int[] actual, int[] expected, Range r, String what) {
        int mismatch = Arrays.mismatch(actual, expected);
        assertThat(mismatch).as("%s: %s, first difference at %d: %s instead of %s", r, what, mismatch,
                mismatch < 0 ? null : actual[mismatch], mismatch < 0 ? null : expected[mismatch]).isNegative();
    }

    private static int[] values(Random random, int length) {
        int[] a = new int[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextInt();
        }
        return a;
    }

    /** Values in [-20, 20], so that extremes repeat and counts are not all or nothing. */
    private static int[] small(Random random, int length) {
        int[] a = new int[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextInt(41) - 20;
        }
        return a;
    }
}
