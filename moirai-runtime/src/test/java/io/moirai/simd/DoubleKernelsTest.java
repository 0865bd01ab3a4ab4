package io.moirai.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Simd}'s {@code double} kernels against plain reference loops, over {@link Range#all()}.
 * Surefire runs this class twice: in the default execution {@link Simd} takes the scalar path,
 * in the {@code simd-vector} execution the Vector API path, so every assertion here holds on
 * both. Element-wise kernels, extremes, counts and scans must match the reference bit for bit
 * (NaN compared as NaN), also on inputs full of NaN, infinities, -0.0 and subnormals; sums and
 * dot products must lie within the bound {@link Simd} documents.
 *
 * <p>{@code ./mvnw -pl moirai-runtime test -Dtest='*KernelsTest'}
 */
class DoubleKernelsTest {

    private static final double UNIT_ROUNDOFF = Math.ulp(1.0) / 2;

    /** Covers the rounding of the reference's own sum of magnitudes, which is a double. */
    private static final double SLACK = 1 + 1e-9;

    private static final double[] SPECIALS = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1
    };

    private static final ScalarKernels SCALAR = new ScalarKernels();

    @Test
    void sumIsWithinTheDocumentedBoundOfTheExactSumAndOfTheSequentialSum() {
        Random random = new Random(1);
        for (Range r : Range.all()) {
            double[] a = values(random, r.length());
            double sum = Simd.sum(a, r.from(), r.to());
            BigDecimal exact = BigDecimal.ZERO;
            double magnitude = 0;
            double sequential = 0;
            for (int i = r.from(); i < r.to(); i++) {
                exact = exact.add(new BigDecimal(a[i]));
                magnitude += Math.abs(a[i]);
                sequential += a[i];
            }
            assertWithinBound(sum, exact, magnitude, r, "sum");
            assertThat(Math.abs((double) sum - sequential)).as("%s: sum against the sequential loop", r)
                    .isLessThanOrEqualTo(2 * gamma(r.size()) * magnitude * SLACK);
            assertWithinBound(SCALAR.sum(a, r.from(), r.to()), exact, magnitude, r, "scalar sum");
            if (r.isWhole()) {
                assertThat(Simd.sum(a)).as("%s: whole-array form", r).isEqualTo(sum);
            }
        }
    }

    @Test
    void dotIsWithinTheDocumentedBoundOfTheExactDotProduct() {
        Random random = new Random(2);
        for (Range r : Range.all()) {
            double[] a = values(random, r.length());
            double[] b = values(random, r.length());
            double dot = Simd.dot(a, b, r.from(), r.to());
            BigDecimal exact = BigDecimal.ZERO;
            double magnitude = 0;
            for (int i = r.from(); i < r.to(); i++) {
                BigDecimal term = new BigDecimal(a[i]).multiply(new BigDecimal(b[i]));
                exact = exact.add(term);
                magnitude += term.abs().doubleValue();
            }
            assertWithinBound(dot, exact, magnitude, r, "dot");
            assertWithinBound(SCALAR.dot(a, b, r.from(), r.to()), exact, magnitude, r, "scalar dot");
            if (r.isWhole()) {
                assertThat(Simd.dot(a, b)).as("%s: whole-array form", r).isEqualTo(dot);
            }
        }
    }

    @Test
    void sumAndDotPropagateNanAndInfinityAsTheSequentialLoopDoes() {
        double[] pool = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1, -1, 0.5};
        Random random = new Random(3);
        for (Range r : Range.all()) {
            double[] a = new double[r.length()];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(8) == 0 ? pool[random.nextInt(3)] : pool[3 + random.nextInt(pool.length - 3)];
            }
            double sequential = 0;
            double sequentialDot = 0;
            for (int i = r.from(); i < r.to(); i++) {
                sequential += a[i];
                sequentialDot += a[i] * a[i];
            }
            assertSameKind(Simd.sum(a, r.from(), r.to()), sequential, r, "sum");
            assertSameKind(Simd.dot(a, a, r.from(), r.to()), sequentialDot, r, "dot");
        }
    }

    @Test
    void axpyIsExactOnBothPathsAndMayUpdateItsSource() {
        Random random = new Random(4);
        for (Range r : Range.all()) {
            double[] x = mixed(random, r.length());
            double[] y = mixed(random, r.length());
            double alpha = pick(random);
            double[] expected = y.clone();
            for (int i = r.from(); i < r.to(); i++) {
                expected[i] = y[i] + alpha * x[i];
            }
            double[] actual = y.clone();
            Simd.axpy(alpha, x, actual, r.from(), r.to());
            assertBitwise(actual, expected, r, "axpy");
            double[] same = x.clone();
            double[] expectedSame = x.clone();
            for (int i = r.from(); i < r.to(); i++) {
                expectedSame[i] = x[i] + alpha * x[i];
            }
            Simd.axpy(alpha, same, same, r.from(), r.to());
            assertBitwise(same, expectedSame, r, "axpy with x == y");
            if (r.isWhole()) {
                double[] whole = y.clone();
                Simd.axpy(alpha, x, whole);
                assertBitwise(whole, expected, r, "axpy, whole-array form");
            }
        }
    }

    @Test
    void addIsExact() {
        checkElementwise(5, (a, b, c, d, f, t) -> Simd.add(a, b, d, f, t), (a, b, c) -> a + b,
                (a, b, c, d) -> Simd.add(a, b, d));
    }

    @Test
    void mulIsExact() {
        checkElementwise(6, (a, b, c, d, f, t) -> Simd.mul(a, b, d, f, t), (a, b, c) -> a * b,
                (a, b, c, d) -> Simd.mul(a, b, d));
    }

    @Test
    void fmaRoundsOnceAsMathFmaDoes() {
        checkElementwise(7, (a, b, c, d, f, t) -> Simd.fma(a, b, c, d, f, t), Math::fma,
                (a, b, c, d) -> Simd.fma(a, b, c, d));
    }

    @Test
    void absClearsTheSignBitAsMathAbsDoes() {
        checkElementwise(8, (a, b, c, d, f, t) -> Simd.abs(a, d, f, t), (a, b, c) -> Math.abs(a),
                (a, b, c, d) -> Simd.abs(a, d));
    }

    @Test
    void sqrtIsCorrectlyRounded() {
        checkElementwise(9, (a, b, c, d, f, t) -> Simd.sqrt(a, d, f, t), (a, b, c) -> Math.sqrt(a),
                (a, b, c, d) -> Simd.sqrt(a, d));
    }

    @Test
    void scaleIsExact() {
        Random random = new Random(10);
        for (int k = 0; k < SPECIALS.length + 3; k++) {
            double s = k < SPECIALS.length ? SPECIALS[k] : pick(random);
            checkElementwise(11 + k, (a, b, c, d, f, t) -> Simd.scale(a, s, d, f, t), (a, b, c) -> a * s,
                    (a, b, c, d) -> Simd.scale(a, s, d));
        }
    }

    @Test
    void clampIsMinOfMaxWithSignedZerosAndNanKept() {
        double[][] bounds = {{-0.0, 0.0}, {0.0, 0.0}, {-0.5, 0.5}, {Double.NEGATIVE_INFINITY, 0.0},
            {-1, Double.POSITIVE_INFINITY}, {Double.MIN_VALUE, Double.MAX_VALUE}, {0.25, 0.25}};
        for (int k = 0; k < bounds.length; k++) {
            double lo = bounds[k][0];
            double hi = bounds[k][1];
            checkElementwise(30 + k, (a, b, c, d, f, t) -> Simd.clamp(a, lo, hi, d, f, t),
                    (a, b, c) -> Math.min(Math.max(a, lo), hi), (a, b, c, d) -> Simd.clamp(a, lo, hi, d));
        }
    }

    @Test
    void minMaxAndTheirFirstIndicesMatchMathMinAndMax() {
        Random random = new Random(40);
        for (Range r : Range.all()) {
            if (r.size() == 0) {
                continue;
            }
            for (int nanChance : new int[] {0, 50, 2}) {
                double[] a = tieRich(random, r.length(), nanChance);
                double min = a[r.from()];
                double max = a[r.from()];
                for (int i = r.from(); i < r.to(); i++) {
                    min = Math.min(min, a[i]);
                    max = Math.max(max, a[i]);
                }
                int argMin = firstIndexOf(a, r, min);
                int argMax = firstIndexOf(a, r, max);
                String what = r + " with NaN chance 1/" + nanChance + (a.length <= 70 ? ": " + Arrays.toString(a) : "");
                assertThat(Double.doubleToLongBits(Simd.min(a, r.from(), r.to()))).as("min of %s", what).isEqualTo(Double.doubleToLongBits(min));
                assertThat(Double.doubleToLongBits(Simd.max(a, r.from(), r.to()))).as("max of %s", what).isEqualTo(Double.doubleToLongBits(max));
                assertThat(Simd.argMin(a, r.from(), r.to())).as("argMin of %s", what).isEqualTo(argMin);
                assertThat(Simd.argMax(a, r.from(), r.to())).as("argMax of %s", what).isEqualTo(argMax);
                assertThat(SCALAR.argMin(a, r.from(), r.to())).as("scalar argMin of %s", what).isEqualTo(argMin);
                assertThat(SCALAR.argMax(a, r.from(), r.to())).as("scalar argMax of %s", what).isEqualTo(argMax);
                if (r.isWhole()) {
                    assertThat(Double.doubleToLongBits(Simd.min(a))).isEqualTo(Double.doubleToLongBits(min));
                    assertThat(Double.doubleToLongBits(Simd.max(a))).isEqualTo(Double.doubleToLongBits(max));
                    assertThat(Simd.argMin(a)).isEqualTo(argMin);
                    assertThat(Simd.argMax(a)).isEqualTo(argMax);
                }
            }
        }
    }

    @Test
    void negativeZeroIsBelowPositiveZeroWhereverItStands() {
        double[] zeros = {0.0, 0.0, -0.0, 0.0, -0.0};
        double[] padded = new double[100];
        System.arraycopy(zeros, 0, padded, 60, zeros.length);
        Arrays.fill(padded, 0, 60, 0.0);
        Arrays.fill(padded, 65, 100, 0.0);
        for (double[] a : new double[][] {zeros, padded}) {
            int firstNegative = a == zeros ? 2 : 62;
            assertThat(Double.doubleToLongBits(Simd.min(a))).isEqualTo(Double.doubleToLongBits(-0.0));
            assertThat(Double.doubleToLongBits(Simd.max(a))).isEqualTo(Double.doubleToLongBits(0.0));
            assertThat(Simd.argMin(a)).isEqualTo(firstNegative);
            assertThat(Simd.argMax(a)).isEqualTo(0);
        }
    }

    @Test
    void countComparesAsTheJavaOperatorsIncludingNan() {
        Random random = new Random(50);
        for (Range r : Range.all()) {
            double[] a = tieRich(random, r.length(), 5);
            for (double value : new double[] {0.0, -0.0, 3, Double.NaN, Double.POSITIVE_INFINITY}) {
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
    void prefixSumEqualsTheSequentialScanExactly() {
        Random random = new Random(60);
        for (Range r : Range.all()) {
            double[] a = mixed(random, r.length());
            double[] dst = values(random, r.length());
            double[] expected = dst.clone();
            double running = 0;
            for (int i = r.from(); i < r.to(); i++) {
                running += a[i];
                expected[i] = running;
            }
            Simd.prefixSum(a, dst, r.from(), r.to());
            assertBitwise(dst, expected, r, "prefixSum");
            double[] inPlace = a.clone();
            Simd.prefixSum(inPlace, inPlace, r.from(), r.to());
            for (int i = 0; i < a.length; i++) {
                if (i < r.from() || i >= r.to()) {
                    expected[i] = a[i];
                }
            }
            assertBitwise(inPlace, expected, r, "prefixSum in place");
            if (r.isWhole()) {
                double[] whole = new double[a.length];
                Simd.prefixSum(a, whole);
                assertBitwise(whole, expected, r, "prefixSum, whole-array form");
            }
        }
    }

    private interface RangeKernel {
        void apply(double[] a, double[] b, double[] c, double[] dst, int from, int to);
    }

    private interface WholeKernel {
        void apply(double[] a, double[] b, double[] c, double[] dst);
    }

    private interface Reference {
        double at(double a, double b, double c);
    }

    /**
     * Runs an element-wise kernel over every range on inputs laced with special values, with a
     * separate destination and with the destination being each source in turn, and checks every
     * element: inside the range the reference's result, outside it untouched.
     */
    private static void checkElementwise(long seed, RangeKernel kernel, Reference reference, WholeKernel whole) {
        Random random = new Random(seed);
        for (Range r : Range.all()) {
            double[] a = mixed(random, r.length());
            double[] b = mixed(random, r.length());
            double[] c = mixed(random, r.length());
            double[] dst = values(random, r.length());
            double[] expected = dst.clone();
            for (int i = r.from(); i < r.to(); i++) {
                expected[i] = reference.at(a[i], b[i], c[i]);
            }
            double[] actual = dst.clone();
            kernel.apply(a, b, c, actual, r.from(), r.to());
            assertBitwise(actual, expected, r, "separate destination");
            for (int source = 0; source < 3; source++) {
                double[][] args = {a.clone(), b.clone(), c.clone()};
                double[] aliased = args[source];
                double[] expectedAliased = aliased.clone();
                System.arraycopy(expected, r.from(), expectedAliased, r.from(), r.size());
                kernel.apply(args[0], args[1], args[2], aliased, r.from(), r.to());
                assertBitwise(aliased, expectedAliased, r, "destination is source " + source);
            }
            if (r.isWhole()) {
                double[] wholeActual = new double[r.length()];
                whole.apply(a, b, c, wholeActual);
                assertBitwise(wholeActual, expected, r, "whole-array form");
            }
        }
    }

    private static boolean holds(double e, Comparison cmp, double value) {
        return switch (cmp) {
            case LT -> e < value;
            case LE -> e <= value;
            case GT -> e > value;
            case GE -> e >= value;
            case EQ -> e == value;
            case NE -> e != value;
        };
    }

    private static int firstIndexOf(double[] a, Range r, double value) {
        for (int i = r.from(); i < r.to(); i++) {
            if (Double.compare(a[i], value) == 0) {
                return i;
            }
        }
        throw new AssertionError(value + " is not in " + r);
    }

    private static double gamma(int n) {
        return n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF);
    }

    private static void assertWithinBound(double actual, BigDecimal exact, double magnitude, Range r, String what) {
        double error = new BigDecimal(actual).subtract(exact).abs().doubleValue();
        assertThat(error).as("%s: |%s - exact sum| over %d terms", r, what, r.size())
                .isLessThanOrEqualTo(gamma(r.size()) * magnitude * SLACK);
    }

    /** NaN, the same infinity, or finite on both sides (the finite values are small: no overflow). */
    private static void assertSameKind(double actual, double sequential, Range r, String what) {
        if (Double.isNaN(sequential) || Double.isInfinite(sequential)) {
            assertThat(Double.doubleToLongBits(actual)).as("%s: %s = %s, sequentially %s", r, what, actual, sequential)
                    .isEqualTo(Double.doubleToLongBits(sequential));
        } else {
            assertThat(Double.isFinite(actual)).as("%s: %s = %s is finite", r, what, actual).isTrue();
        }
    }

    /** Compares NaN as NaN and -0.0 as distinct from 0.0; reports the first differing index. */
    private static void assertBitwise(double[] actual, double[] expected, Range r, String what) {
        int mismatch = Arrays.mismatch(bits(actual), bits(expected));
        assertThat(mismatch).as("%s: %s, first difference at %d: %s instead of %s", r, what, mismatch,
                mismatch < 0 ? null : actual[mismatch], mismatch < 0 ? null : expected[mismatch]).isNegative();
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToLongBits(values[i]);
        }
        return bits;
    }

    private static double[] values(Random random, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextDouble() * 2 - 1;
        }
        return a;
    }

    /** Mostly values in [-1, 1), one in eight a special value. */
    private static double[] mixed(Random random, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = pick(random);
        }
        return a;
    }

    private static double pick(Random random) {
        return random.nextInt(8) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)] : random.nextDouble() * 2 - 1;
    }

    /** Small whole numbers, signed zeros and infinities, so that extremes repeat; NaN with 1/nanChance (0: never). */
    private static double[] tieRich(Random random, int length, int nanChance) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            a[i] = nanChance > 0 && random.nextInt(nanChance) == 0 ? Double.NaN
                    : kind == 0 ? -0.0
                    : kind == 1 ? 0.0
                    : kind == 2 && random.nextBoolean() ? (random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                    : random.nextInt(9) - 4;
        }
        return a;
    }
}
