package io.moirai.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API path. This is the only class that names {@code jdk.incubator.vector}: the JVM
 * loads it (through {@link KernelSelection}, by reflection) only after it has seen that module
 * in the boot layer, since linking it without the module throws {@code NoClassDefFoundError}.
 *
 * <h2>Design note</h2>
 * Every kernel works in the preferred species of its element type (the widest vector the CPU
 * runs well: 512 bits with AVX-512, 256 with AVX2, 128 with NEON), loops over whole vectors up
 * to {@code species.loopBound} and finishes the last {@code < length} elements with the same
 * scalar expression {@link ScalarKernels} uses, so element-wise results agree bit for bit.
 * Reductions keep four vector accumulators: an FP add or FMA has a latency of about four
 * cycles and the core can start one or two per cycle, so a single accumulator would leave the
 * units idle most of the time. That, not the lane count alone, is what puts {@code sum} and
 * {@code dot} far ahead of the scalar loop, which C2 never reorders for floating point.
 * Species and lane counts are {@code static final}, which C2 treats as constants: the loops
 * compile to plain vector instructions with no allocation.
 *
 * <p>Stateless; one instance serves every thread.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final int FLOAT_LANES = FLOATS.length();
    private static final int DOUBLE_LANES = DOUBLES.length();
    private static final int INT_LANES = INTS.length();
    private static final int LONG_LANES = LONGS.length();

    /** Runs the floating-point scans, which stay sequential (see {@code prefixSum}). */
    private static final ScalarKernels SCALAR = new ScalarKernels();

    VectorKernels() {
    }

    /**
     * Whether the preferred species is a real vector here. Some platforms report a species of
     * one lane or a width the JIT does not compile to vector instructions; Simd then stays scalar.
     */
    static boolean isUseful() {
        return FLOAT_LANES >= 4 && DOUBLE_LANES >= 2;
    }

    @Override
    public int vectorBitSize() {
        return FLOATS.vectorBitSize();
    }

    /** The end of the part of {@code [from, to)} that whole groups of four vectors cover. */
    private static int unrolledBound(int from, int to, int lanes) {
        return from + ((to - from) & -(4 * lanes));
    }

    // float

    /** Four accumulators keep four independent additions in flight; one alone would wait on each. */
    @Override
    public float sum(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, FLOAT_LANES); i < upper; i += 4 * FLOAT_LANES) {
            s0 = s0.add(FloatVector.fromArray(FLOATS, a, i));
            s1 = s1.add(FloatVector.fromArray(FLOATS, a, i + FLOAT_LANES));
            s2 = s2.add(FloatVector.fromArray(FLOATS, a, i + 2 * FLOAT_LANES));
            s3 = s3.add(FloatVector.fromArray(FLOATS, a, i + 3 * FLOAT_LANES));
        }
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            s0 = s0.add(FloatVector.fromArray(FLOATS, a, i));
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    /** Lane-wise and lane-reducing MIN follow {@code Math.min}: NaN wins, -0.0 is below 0.0. */
    @Override
    public float min(float[] a, int from, int to) {
        FloatVector m0 = FloatVector.broadcast(FLOATS, a[from]);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, FLOAT_LANES); i < upper; i += 4 * FLOAT_LANES) {
            m0 = m0.min(FloatVector.fromArray(FLOATS, a, i));
            m1 = m1.min(FloatVector.fromArray(FLOATS, a, i + FLOAT_LANES));
            m2 = m2.min(FloatVector.fromArray(FLOATS, a, i + 2 * FLOAT_LANES));
            m3 = m3.min(FloatVector.fromArray(FLOATS, a, i + 3 * FLOAT_LANES));
        }
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            m0 = m0.min(FloatVector.fromArray(FLOATS, a, i));
        }
        float m = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public float max(float[] a, int from, int to) {
        FloatVector m0 = FloatVector.broadcast(FLOATS, a[from]);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, FLOAT_LANES); i < upper; i += 4 * FLOAT_LANES) {
            m0 = m0.max(FloatVector.fromArray(FLOATS, a, i));
            m1 = m1.max(FloatVector.fromArray(FLOATS, a, i + FLOAT_LANES));
            m2 = m2.max(FloatVector.fromArray(FLOATS, a, i + 2 * FLOAT_LANES));
            m3 = m3.max(FloatVector.fromArray(FLOATS, a, i + 3 * FLOAT_LANES));
        }
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            m0 = m0.max(FloatVector.fromArray(FLOATS, a, i));
        }
        float m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    /** Two passes: the minimum, then the first lane that holds it (which often ends early). */
    @Override
    public int argMin(float[] a, int from, int to) {
        return firstIndexOf(a, from, to, min(a, from, to));
    }

    @Override
    public int argMax(float[] a, int from, int to) {
        return firstIndexOf(a, from, to, max(a, from, to));
    }

    @Override
    public void add(float[] a, float[] b, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).add(FloatVector.fromArray(FLOATS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(float[] a, float[] b, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).mul(FloatVector.fromArray(FLOATS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(float[] a, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).abs().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(float[] a, float lo, float hi, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).max(lo).min(hi).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(float[] a, float s, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).mul(s).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    /** One loop per operator, so that each loop's comparison is a constant C2 can intrinsify. */
    @Override
    public int count(float[] a, Comparison cmp, float value, int from, int to) {
        return switch (cmp) {
            case LT -> count(a, VectorOperators.LT, value, from, to);
            case LE -> count(a, VectorOperators.LE, value, from, to);
            case GT -> count(a, VectorOperators.GT, value, from, to);
            case GE -> count(a, VectorOperators.GE, value, from, to);
            case EQ -> count(a, VectorOperators.EQ, value, from, to);
            case NE -> count(a, VectorOperators.NE, value, from, to);
        };
    }

    /** The tail is one masked step: lanes at or past {@code to} are neither loaded nor counted. */
    private static int count(float[] a, VectorOperators.Comparison op, float value, int from, int to) {
        int n = 0;
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            n += FloatVector.fromArray(FLOATS, a, i).compare(op, value).trueCount();
        }
        if (i < to) {
            VectorMask<Float> inRange = FLOATS.indexInRange(i, to);
            n += FloatVector.fromArray(FLOATS, a, i, inRange).compare(op, value).and(inRange).trueCount();
        }
        return n;
    }

    /** {@code fma} accumulates each product with one rounding, which only tightens the error bound. */
    @Override
    public float dot(float[] a, float[] b, int from, int to) {
        FloatVector s0 = FloatVector.zero(FLOATS);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, FLOAT_LANES); i < upper; i += 4 * FLOAT_LANES) {
            s0 = FloatVector.fromArray(FLOATS, a, i).fma(FloatVector.fromArray(FLOATS, b, i), s0);
            s1 = FloatVector.fromArray(FLOATS, a, i + FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, b, i + FLOAT_LANES), s1);
            s2 = FloatVector.fromArray(FLOATS, a, i + 2 * FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, b, i + 2 * FLOAT_LANES), s2);
            s3 = FloatVector.fromArray(FLOATS, a, i + 3 * FLOAT_LANES).fma(FloatVector.fromArray(FLOATS, b, i + 3 * FLOAT_LANES), s3);
        }
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            s0 = FloatVector.fromArray(FLOATS, a, i).fma(FloatVector.fromArray(FLOATS, b, i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** A multiply then an add, two roundings, exactly as {@code y[i] += alpha * x[i]} computes it. */
    @Override
    public void axpy(float alpha, float[] x, float[] y, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, x, i).mul(alpha).add(FloatVector.fromArray(FLOATS, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public void fma(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).fma(FloatVector.fromArray(FLOATS, b, i), FloatVector.fromArray(FLOATS, c, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.fma(a[i], b[i], c[i]);
        }
    }

    @Override
    public void sqrt(float[] a, float[] dst, int from, int to) {
        int i = from;
        for (int upper = from + FLOATS.loopBound(to - from); i < upper; i += FLOAT_LANES) {
            FloatVector.fromArray(FLOATS, a, i).sqrt().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = (float) Math.sqrt(a[i]);
        }
    }

    /**
     * A floating-point scan in vector steps would add in another order than the sequential loop;
     * this one stays sequential so that both paths give the sequential result exactly.
     */
    @Override
    public void prefixSum(float[] a, float[] dst, int from, int to) {
        SCALAR.prefixSum(a, dst, from, to);
    }

    /**
     * NaN is found by testing for NaN (NaN == NaN is false); any other value by its bits, so that
     * -0.0 and 0.0 stay apart as {@code Math.min} keeps them.
     */
    private static int firstIndexOf(float[] a, int from, int to, float target) {
        int i = from;
        int upper = from + FLOATS.loopBound(to - from);
        if (target != target) {
            for (; i < upper; i += FLOAT_LANES) {
                VectorMask<Float> hit = FloatVector.fromArray(FLOATS, a, i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
            for (; i < to; i++) {
                if (a[i] != a[i]) {
                    return i;
                }
            }
        } else {
            int bits = Float.floatToRawIntBits(target);
            for (; i < upper; i += FLOAT_LANES) {
                VectorMask<Integer> hit = FloatVector.fromArray(FLOATS, a, i).reinterpretAsInts().compare(VectorOperators.EQ, bits);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
            for (; i < to; i++) {
                if (Float.floatToRawIntBits(a[i]) == bits) {
                    return i;
                }
            }
        }
        throw new AssertionError("the extreme of a range lies in that range");
    }

    // double

    /** Four accumulators keep four independent additions in flight; one alone would wait on each. */
    @Override
    public double sum(double[] a, int from, int to) {
        DoubleVector s0 = DoubleVector.zero(DOUBLES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, DOUBLE_LANES); i < upper; i += 4 * DOUBLE_LANES) {
            s0 = s0.add(DoubleVector.fromArray(DOUBLES, a, i));
            s1 = s1.add(DoubleVector.fromArray(DOUBLES, a, i + DOUBLE_LANES));
            s2 = s2.add(DoubleVector.fromArray(DOUBLES, a, i + 2 * DOUBLE_LANES));
            s3 = s3.add(DoubleVector.fromArray(DOUBLES, a, i + 3 * DOUBLE_LANES));
        }
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            s0 = s0.add(DoubleVector.fromArray(DOUBLES, a, i));
        }
        double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    /** Lane-wise and lane-reducing MIN follow {@code Math.min}: NaN wins, -0.0 is below 0.0. */
    @Override
    public double min(double[] a, int from, int to) {
        DoubleVector m0 = DoubleVector.broadcast(DOUBLES, a[from]);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, DOUBLE_LANES); i < upper; i += 4 * DOUBLE_LANES) {
            m0 = m0.min(DoubleVector.fromArray(DOUBLES, a, i));
            m1 = m1.min(DoubleVector.fromArray(DOUBLES, a, i + DOUBLE_LANES));
            m2 = m2.min(DoubleVector.fromArray(DOUBLES, a, i + 2 * DOUBLE_LANES));
            m3 = m3.min(DoubleVector.fromArray(DOUBLES, a, i + 3 * DOUBLE_LANES));
        }
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            m0 = m0.min(DoubleVector.fromArray(DOUBLES, a, i));
        }
        double m = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public double max(double[] a, int from, int to) {
        DoubleVector m0 = DoubleVector.broadcast(DOUBLES, a[from]);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, DOUBLE_LANES); i < upper; i += 4 * DOUBLE_LANES) {
            m0 = m0.max(DoubleVector.fromArray(DOUBLES, a, i));
            m1 = m1.max(DoubleVector.fromArray(DOUBLES, a, i + DOUBLE_LANES));
            m2 = m2.max(DoubleVector.fromArray(DOUBLES, a, i + 2 * DOUBLE_LANES));
            m3 = m3.max(DoubleVector.fromArray(DOUBLES, a, i + 3 * DOUBLE_LANES));
        }
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            m0 = m0.max(DoubleVector.fromArray(DOUBLES, a, i));
        }
        double m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    /** Two passes: the minimum, then the first lane that holds it (which often ends early). */
    @Override
    public int argMin(double[] a, int from, int to) {
        return firstIndexOf(a, from, to, min(a, from, to));
    }

    @Override
    public int argMax(double[] a, int from, int to) {
        return firstIndexOf(a, from, to, max(a, from, to));
    }

    @Override
    public void add(double[] a, double[] b, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).add(DoubleVector.fromArray(DOUBLES, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(double[] a, double[] b, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).mul(DoubleVector.fromArray(DOUBLES, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(double[] a, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).abs().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(double[] a, double lo, double hi, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).max(lo).min(hi).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(double[] a, double s, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).mul(s).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    /** One loop per operator, so that each loop's comparison is a constant C2 can intrinsify. */
    @Override
    public int count(double[] a, Comparison cmp, double value, int from, int to) {
        return switch (cmp) {
            case LT -> count(a, VectorOperators.LT, value, from, to);
            case LE -> count(a, VectorOperators.LE, value, from, to);
            case GT -> count(a, VectorOperators.GT, value, from, to);
            case GE -> count(a, VectorOperators.GE, value, from, to);
            case EQ -> count(a, VectorOperators.EQ, value, from, to);
            case NE -> count(a, VectorOperators.NE, value, from, to);
        };
    }

    /** The tail is one masked step: lanes at or past {@code to} are neither loaded nor counted. */
    private static int count(double[] a, VectorOperators.Comparison op, double value, int from, int to) {
        int n = 0;
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            n += DoubleVector.fromArray(DOUBLES, a, i).compare(op, value).trueCount();
        }
        if (i < to) {
            VectorMask<Double> inRange = DOUBLES.indexInRange(i, to);
            n += DoubleVector.fromArray(DOUBLES, a, i, inRange).compare(op, value).and(inRange).trueCount();
        }
        return n;
    }

    /** {@code fma} accumulates each product with one rounding, which only tightens the error bound. */
    @Override
    public double dot(double[] a, double[] b, int from, int to) {
        DoubleVector s0 = DoubleVector.zero(DOUBLES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, DOUBLE_LANES); i < upper; i += 4 * DOUBLE_LANES) {
            s0 = DoubleVector.fromArray(DOUBLES, a, i).fma(DoubleVector.fromArray(DOUBLES, b, i), s0);
            s1 = DoubleVector.fromArray(DOUBLES, a, i + DOUBLE_LANES).fma(DoubleVector.fromArray(DOUBLES, b, i + DOUBLE_LANES), s1);
            s2 = DoubleVector.fromArray(DOUBLES, a, i + 2 * DOUBLE_LANES).fma(DoubleVector.fromArray(DOUBLES, b, i + 2 * DOUBLE_LANES), s2);
            s3 = DoubleVector.fromArray(DOUBLES, a, i + 3 * DOUBLE_LANES).fma(DoubleVector.fromArray(DOUBLES, b, i + 3 * DOUBLE_LANES), s3);
        }
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            s0 = DoubleVector.fromArray(DOUBLES, a, i).fma(DoubleVector.fromArray(DOUBLES, b, i), s0);
        }
        double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** A multiply then an add, two roundings, exactly as {@code y[i] += alpha * x[i]} computes it. */
    @Override
    public void axpy(double alpha, double[] x, double[] y, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, x, i).mul(alpha).add(DoubleVector.fromArray(DOUBLES, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public void fma(double[] a, double[] b, double[] c, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).fma(DoubleVector.fromArray(DOUBLES, b, i), DoubleVector.fromArray(DOUBLES, c, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.fma(a[i], b[i], c[i]);
        }
    }

    @Override
    public void sqrt(double[] a, double[] dst, int from, int to) {
        int i = from;
        for (int upper = from + DOUBLES.loopBound(to - from); i < upper; i += DOUBLE_LANES) {
            DoubleVector.fromArray(DOUBLES, a, i).sqrt().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = (double) Math.sqrt(a[i]);
        }
    }

    /**
     * A floating-point scan in vector steps would add in another order than the sequential loop;
     * this one stays sequential so that both paths give the sequential result exactly.
     */
    @Override
    public void prefixSum(double[] a, double[] dst, int from, int to) {
        SCALAR.prefixSum(a, dst, from, to);
    }

    /**
     * NaN is found by testing for NaN (NaN == NaN is false); any other value by its bits, so that
     * -0.0 and 0.0 stay apart as {@code Math.min} keeps them.
     */
    private static int firstIndexOf(double[] a, int from, int to, double target) {
        int i = from;
        int upper = from + DOUBLES.loopBound(to - from);
        if (target != target) {
            for (; i < upper; i += DOUBLE_LANES) {
                VectorMask<Double> hit = DoubleVector.fromArray(DOUBLES, a, i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
            for (; i < to; i++) {
                if (a[i] != a[i]) {
                    return i;
                }
            }
        } else {
            long bits = Double.doubleToRawLongBits(target);
            for (; i < upper; i += DOUBLE_LANES) {
                VectorMask<Long> hit = DoubleVector.fromArray(DOUBLES, a, i).reinterpretAsLongs().compare(VectorOperators.EQ, bits);
                if (hit.anyTrue()) {
                    return i + hit.firstTrue();
                }
            }
            for (; i < to; i++) {
                if (Double.doubleToRawLongBits(a[i]) == bits) {
                    return i;
                }
            }
        }
        throw new AssertionError("the extreme of a range lies in that range");
    }

    // int

    /** Four accumulators keep four independent additions in flight; one alone would wait on each. */
    @Override
    public int sum(int[] a, int from, int to) {
        IntVector s0 = IntVector.zero(INTS);
        IntVector s1 = s0;
        IntVector s2 = s0;
        IntVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, INT_LANES); i < upper; i += 4 * INT_LANES) {
            s0 = s0.add(IntVector.fromArray(INTS, a, i));
            s1 = s1.add(IntVector.fromArray(INTS, a, i + INT_LANES));
            s2 = s2.add(IntVector.fromArray(INTS, a, i + 2 * INT_LANES));
            s3 = s3.add(IntVector.fromArray(INTS, a, i + 3 * INT_LANES));
        }
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            s0 = s0.add(IntVector.fromArray(INTS, a, i));
        }
        int sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    /** Lane-wise and lane-reducing MIN follow {@code Math.min}: NaN wins, -0.0 is below 0.0. */
    @Override
    public int min(int[] a, int from, int to) {
        IntVector m0 = IntVector.broadcast(INTS, a[from]);
        IntVector m1 = m0;
        IntVector m2 = m0;
        IntVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, INT_LANES); i < upper; i += 4 * INT_LANES) {
            m0 = m0.min(IntVector.fromArray(INTS, a, i));
            m1 = m1.min(IntVector.fromArray(INTS, a, i + INT_LANES));
            m2 = m2.min(IntVector.fromArray(INTS, a, i + 2 * INT_LANES));
            m3 = m3.min(IntVector.fromArray(INTS, a, i + 3 * INT_LANES));
        }
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            m0 = m0.min(IntVector.fromArray(INTS, a, i));
        }
        int m = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public int max(int[] a, int from, int to) {
        IntVector m0 = IntVector.broadcast(INTS, a[from]);
        IntVector m1 = m0;
        IntVector m2 = m0;
        IntVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, INT_LANES); i < upper; i += 4 * INT_LANES) {
            m0 = m0.max(IntVector.fromArray(INTS, a, i));
            m1 = m1.max(IntVector.fromArray(INTS, a, i + INT_LANES));
            m2 = m2.max(IntVector.fromArray(INTS, a, i + 2 * INT_LANES));
            m3 = m3.max(IntVector.fromArray(INTS, a, i + 3 * INT_LANES));
        }
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            m0 = m0.max(IntVector.fromArray(INTS, a, i));
        }
        int m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    /** Two passes: the minimum, then the first lane that holds it (which often ends early). */
    @Override
    public int argMin(int[] a, int from, int to) {
        return firstIndexOf(a, from, to, min(a, from, to));
    }

    @Override
    public int argMax(int[] a, int from, int to) {
        return firstIndexOf(a, from, to, max(a, from, to));
    }

    @Override
    public void add(int[] a, int[] b, int[] dst, int from, int to) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector.fromArray(INTS, a, i).add(IntVector.fromArray(INTS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(int[] a, int[] b, int[] dst, int from, int to) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector.fromArray(INTS, a, i).mul(IntVector.fromArray(INTS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(int[] a, int[] dst, int from, int to) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector.fromArray(INTS, a, i).abs().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(int[] a, int lo, int hi, int[] dst, int from, int to) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector.fromArray(INTS, a, i).max(lo).min(hi).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(int[] a, int s, int[] dst, int from, int to) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector.fromArray(INTS, a, i).mul(s).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    /** One loop per operator, so that each loop's comparison is a constant C2 can intrinsify. */
    @Override
    public int count(int[] a, Comparison cmp, int value, int from, int to) {
        return switch (cmp) {
            case LT -> count(a, VectorOperators.LT, value, from, to);
            case LE -> count(a, VectorOperators.LE, value, from, to);
            case GT -> count(a, VectorOperators.GT, value, from, to);
            case GE -> count(a, VectorOperators.GE, value, from, to);
            case EQ -> count(a, VectorOperators.EQ, value, from, to);
            case NE -> count(a, VectorOperators.NE, value, from, to);
        };
    }

    /** The tail is one masked step: lanes at or past {@code to} are neither loaded nor counted. */
    private static int count(int[] a, VectorOperators.Comparison op, int value, int from, int to) {
        int n = 0;
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            n += IntVector.fromArray(INTS, a, i).compare(op, value).trueCount();
        }
        if (i < to) {
            VectorMask<Integer> inRange = INTS.indexInRange(i, to);
            n += IntVector.fromArray(INTS, a, i, inRange).compare(op, value).and(inRange).trueCount();
        }
        return n;
    }

    /**
     * Each step adds the vector to itself shifted up by 1, 2, 4, ... lanes (zeros shifted in),
     * which leaves every lane holding the sum of the lanes up to it; then the running total of
     * the previous steps is added. Integer addition wraps the same in any order.
     */
    @Override
    public void prefixSum(int[] a, int[] dst, int from, int to) {
        IntVector zero = IntVector.zero(INTS);
        int carry = 0;
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            IntVector v = IntVector.fromArray(INTS, a, i);
            for (int shift = 1; shift < INT_LANES; shift <<= 1) {
                v = v.add(zero.slice(INT_LANES - shift, v));
            }
            v = v.add(carry);
            v.intoArray(dst, i);
            carry = v.lane(INT_LANES - 1);
        }
        for (; i < to; i++) {
            carry += a[i];
            dst[i] = carry;
        }
    }

    private static int firstIndexOf(int[] a, int from, int to, int target) {
        int i = from;
        for (int upper = from + INTS.loopBound(to - from); i < upper; i += INT_LANES) {
            VectorMask<Integer> hit = IntVector.fromArray(INTS, a, i).compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < to; i++) {
            if (a[i] == target) {
                return i;
            }
        }
        throw new AssertionError("the extreme of a range lies in that range");
    }

    // long

    /** Four accumulators keep four independent additions in flight; one alone would wait on each. */
    @Override
    public long sum(long[] a, int from, int to) {
        LongVector s0 = LongVector.zero(LONGS);
        LongVector s1 = s0;
        LongVector s2 = s0;
        LongVector s3 = s0;
        int i = from;
        for (int upper = unrolledBound(from, to, LONG_LANES); i < upper; i += 4 * LONG_LANES) {
            s0 = s0.add(LongVector.fromArray(LONGS, a, i));
            s1 = s1.add(LongVector.fromArray(LONGS, a, i + LONG_LANES));
            s2 = s2.add(LongVector.fromArray(LONGS, a, i + 2 * LONG_LANES));
            s3 = s3.add(LongVector.fromArray(LONGS, a, i + 3 * LONG_LANES));
        }
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            s0 = s0.add(LongVector.fromArray(LONGS, a, i));
        }
        long sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    /** Lane-wise and lane-reducing MIN follow {@code Math.min}: NaN wins, -0.0 is below 0.0. */
    @Override
    public long min(long[] a, int from, int to) {
        LongVector m0 = LongVector.broadcast(LONGS, a[from]);
        LongVector m1 = m0;
        LongVector m2 = m0;
        LongVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, LONG_LANES); i < upper; i += 4 * LONG_LANES) {
            m0 = m0.min(LongVector.fromArray(LONGS, a, i));
            m1 = m1.min(LongVector.fromArray(LONGS, a, i + LONG_LANES));
            m2 = m2.min(LongVector.fromArray(LONGS, a, i + 2 * LONG_LANES));
            m3 = m3.min(LongVector.fromArray(LONGS, a, i + 3 * LONG_LANES));
        }
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            m0 = m0.min(LongVector.fromArray(LONGS, a, i));
        }
        long m = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public long max(long[] a, int from, int to) {
        LongVector m0 = LongVector.broadcast(LONGS, a[from]);
        LongVector m1 = m0;
        LongVector m2 = m0;
        LongVector m3 = m0;
        int i = from;
        for (int upper = unrolledBound(from, to, LONG_LANES); i < upper; i += 4 * LONG_LANES) {
            m0 = m0.max(LongVector.fromArray(LONGS, a, i));
            m1 = m1.max(LongVector.fromArray(LONGS, a, i + LONG_LANES));
            m2 = m2.max(LongVector.fromArray(LONGS, a, i + 2 * LONG_LANES));
            m3 = m3.max(LongVector.fromArray(LONGS, a, i + 3 * LONG_LANES));
        }
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            m0 = m0.max(LongVector.fromArray(LONGS, a, i));
        }
        long m = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    /** Two passes: the minimum, then the first lane that holds it (which often ends early). */
    @Override
    public int argMin(long[] a, int from, int to) {
        return firstIndexOf(a, from, to, min(a, from, to));
    }

    @Override
    public int argMax(long[] a, int from, int to) {
        return firstIndexOf(a, from, to, max(a, from, to));
    }

    @Override
    public void add(long[] a, long[] b, long[] dst, int from, int to) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector.fromArray(LONGS, a, i).add(LongVector.fromArray(LONGS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(long[] a, long[] b, long[] dst, int from, int to) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector.fromArray(LONGS, a, i).mul(LongVector.fromArray(LONGS, b, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(long[] a, long[] dst, int from, int to) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector.fromArray(LONGS, a, i).abs().intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(long[] a, long lo, long hi, long[] dst, int from, int to) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector.fromArray(LONGS, a, i).max(lo).min(hi).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(long[] a, long s, long[] dst, int from, int to) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector.fromArray(LONGS, a, i).mul(s).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    /** One loop per operator, so that each loop's comparison is a constant C2 can intrinsify. */
    @Override
    public int count(long[] a, Comparison cmp, long value, int from, int to) {
        return switch (cmp) {
            case LT -> count(a, VectorOperators.LT, value, from, to);
            case LE -> count(a, VectorOperators.LE, value, from, to);
            case GT -> count(a, VectorOperators.GT, value, from, to);
            case GE -> count(a, VectorOperators.GE, value, from, to);
            case EQ -> count(a, VectorOperators.EQ, value, from, to);
            case NE -> count(a, VectorOperators.NE, value, from, to);
        };
    }

    /** The tail is one masked step: lanes at or past {@code to} are neither loaded nor counted. */
    private static int count(long[] a, VectorOperators.Comparison op, long value, int from, int to) {
        int n = 0;
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            n += LongVector.fromArray(LONGS, a, i).compare(op, value).trueCount();
        }
        if (i < to) {
            VectorMask<Long> inRange = LONGS.indexInRange(i, to);
            n += LongVector.fromArray(LONGS, a, i, inRange).compare(op, value).and(inRange).trueCount();
        }
        return n;
    }

    /**
     * Each step adds the vector to itself shifted up by 1, 2, 4, ... lanes (zeros shifted in),
     * which leaves every lane holding the sum of the lanes up to it; then the running total of
     * the previous steps is added. Integer addition wraps the same in any order.
     */
    @Override
    public void prefixSum(long[] a, long[] dst, int from, int to) {
        LongVector zero = LongVector.zero(LONGS);
        long carry = 0;
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            LongVector v = LongVector.fromArray(LONGS, a, i);
            for (int shift = 1; shift < LONG_LANES; shift <<= 1) {
                v = v.add(zero.slice(LONG_LANES - shift, v));
            }
            v = v.add(carry);
            v.intoArray(dst, i);
            carry = v.lane(LONG_LANES - 1);
        }
        for (; i < to; i++) {
            carry += a[i];
            dst[i] = carry;
        }
    }

    private static int firstIndexOf(long[] a, int from, int to, long target) {
        int i = from;
        for (int upper = from + LONGS.loopBound(to - from); i < upper; i += LONG_LANES) {
            VectorMask<Long> hit = LongVector.fromArray(LONGS, a, i).compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (; i < to; i++) {
            if (a[i] == target) {
                return i;
            }
        }
        throw new AssertionError("the extreme of a range lies in that range");
    }
}
