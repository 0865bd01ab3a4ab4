package io.moirai.simd;

/**
 * The scalar path: plain loops over the range, used when the Vector API is not resolved or
 * {@code moirai.simd.disabled=true}. C2 vectorizes some of these loops on its own (element-wise
 * ones, integer sums); it never reorders a floating-point reduction, so {@code sum} and
 * {@code dot} keep four partial sums to overlap the latency of their additions.
 *
 * <p>Stateless; one instance serves every thread.
 */
final class ScalarKernels implements Kernels {

    @Override
    public int vectorBitSize() {
        return 0;
    }

    // float

    /** Four partial sums break the chain of dependent additions, as the vector path's accumulators do. */
    @Override
    public float sum(float[] a, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = from;
        for (int upper = to - 3; i < upper; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        float sum = (s0 + s1) + (s2 + s3);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    @Override
    public float dot(float[] a, float[] b, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = from;
        for (int upper = to - 3; i < upper; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        float sum = (s0 + s1) + (s2 + s3);
        for (; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** NaN wins (the first one); otherwise {@code Float.compare} orders -0.0 below 0.0, as {@code Math.min} does. */
    @Override
    public int argMin(float[] a, int from, int to) {
        int best = from;
        float m = a[from];
        for (int i = from; i < to; i++) {
            float v = a[i];
            if (v != v) {
                return i;
            }
            if (Float.compare(v, m) < 0) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    public int argMax(float[] a, int from, int to) {
        int best = from;
        float m = a[from];
        for (int i = from; i < to; i++) {
            float v = a[i];
            if (v != v) {
                return i;
            }
            if (Float.compare(v, m) > 0) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    /** {@code Math.fma}, so that the result is the single rounding the vector path's {@code fma} gives. */
    @Override
    public void fma(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.fma(a[i], b[i], c[i]);
        }
    }

    @Override
    public void sqrt(float[] a, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = (float) Math.sqrt(a[i]);
        }
    }

    @Override
    public float min(float[] a, int from, int to) {
        float m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public float max(float[] a, int from, int to) {
        float m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Override
    public void add(float[] a, float[] b, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(float[] a, float[] b, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(float[] a, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(float[] a, float lo, float hi, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(float[] a, float s, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    @Override
    public int count(float[] a, Comparison cmp, float value, int from, int to) {
        int n = 0;
        switch (cmp) {
            case LT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] < value ? 1 : 0;
                }
            }
            case LE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] <= value ? 1 : 0;
                }
            }
            case GT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] > value ? 1 : 0;
                }
            }
            case GE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] >= value ? 1 : 0;
                }
            }
            case EQ -> {
                for (int i = from; i < to; i++) {
                    n += a[i] == value ? 1 : 0;
                }
            }
            case NE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] != value ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public void prefixSum(float[] a, float[] dst, int from, int to) {
        float running = 0;
        for (int i = from; i < to; i++) {
            running += a[i];
            dst[i] = running;
        }
    }

    // double

    /** Four partial sums break the chain of dependent additions, as the vector path's accumulators do. */
    @Override
    public double sum(double[] a, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int upper = to - 3; i < upper; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        double sum = (s0 + s1) + (s2 + s3);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    @Override
    public double dot(double[] a, double[] b, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int upper = to - 3; i < upper; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        double sum = (s0 + s1) + (s2 + s3);
        for (; i < to; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public void axpy(double alpha, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** NaN wins (the first one); otherwise {@code Double.compare} orders -0.0 below 0.0, as {@code Math.min} does. */
    @Override
    public int argMin(double[] a, int from, int to) {
        int best = from;
        double m = a[from];
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v != v) {
                return i;
            }
            if (Double.compare(v, m) < 0) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    public int argMax(double[] a, int from, int to) {
        int best = from;
        double m = a[from];
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v != v) {
                return i;
            }
            if (Double.compare(v, m) > 0) {
                m = v;
                best = i;
            }
        }
        return best;
    }

    /** {@code Math.fma}, so that the result is the single rounding the vector path's {@code fma} gives. */
    @Override
    public void fma(double[] a, double[] b, double[] c, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.fma(a[i], b[i], c[i]);
        }
    }

    @Override
    public void sqrt(double[] a, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = (double) Math.sqrt(a[i]);
        }
    }

    @Override
    public double min(double[] a, int from, int to) {
        double m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public double max(double[] a, int from, int to) {
        double m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Override
    public void add(double[] a, double[] b, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(double[] a, double[] b, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(double[] a, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(double[] a, double lo, double hi, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(double[] a, double s, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    @Override
    public int count(double[] a, Comparison cmp, double value, int from, int to) {
        int n = 0;
        switch (cmp) {
            case LT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] < value ? 1 : 0;
                }
            }
            case LE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] <= value ? 1 : 0;
                }
            }
            case GT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] > value ? 1 : 0;
                }
            }
            case GE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] >= value ? 1 : 0;
                }
            }
            case EQ -> {
                for (int i = from; i < to; i++) {
                    n += a[i] == value ? 1 : 0;
                }
            }
            case NE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] != value ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public void prefixSum(double[] a, double[] dst, int from, int to) {
        double running = 0;
        for (int i = from; i < to; i++) {
            running += a[i];
            dst[i] = running;
        }
    }

    // int

    @Override
    public int sum(int[] a, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    @Override
    public int argMin(int[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] < a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public int argMax(int[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public int min(int[] a, int from, int to) {
        int m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public int max(int[] a, int from, int to) {
        int m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Override
    public void add(int[] a, int[] b, int[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(int[] a, int[] b, int[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(int[] a, int[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(int[] a, int lo, int hi, int[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(int[] a, int s, int[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    @Override
    public int count(int[] a, Comparison cmp, int value, int from, int to) {
        int n = 0;
        switch (cmp) {
            case LT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] < value ? 1 : 0;
                }
            }
            case LE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] <= value ? 1 : 0;
                }
            }
            case GT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] > value ? 1 : 0;
                }
            }
            case GE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] >= value ? 1 : 0;
                }
            }
            case EQ -> {
                for (int i = from; i < to; i++) {
                    n += a[i] == value ? 1 : 0;
                }
            }
            case NE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] != value ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public void prefixSum(int[] a, int[] dst, int from, int to) {
        int running = 0;
        for (int i = from; i < to; i++) {
            running += a[i];
            dst[i] = running;
        }
    }

    // long

    @Override
    public long sum(long[] a, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }

    @Override
    public int argMin(long[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] < a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public int argMax(long[] a, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public long min(long[] a, int from, int to) {
        long m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.min(m, a[i]);
        }
        return m;
    }

    @Override
    public long max(long[] a, int from, int to) {
        long m = a[from];
        for (int i = from + 1; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Override
    public void add(long[] a, long[] b, long[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] + b[i];
        }
    }

    @Override
    public void mul(long[] a, long[] b, long[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * b[i];
        }
    }

    @Override
    public void abs(long[] a, long[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.abs(a[i]);
        }
    }

    @Override
    public void clamp(long[] a, long lo, long hi, long[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = Math.min(Math.max(a[i], lo), hi);
        }
    }

    @Override
    public void scale(long[] a, long s, long[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = a[i] * s;
        }
    }

    @Override
    public int count(long[] a, Comparison cmp, long value, int from, int to) {
        int n = 0;
        switch (cmp) {
            case LT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] < value ? 1 : 0;
                }
            }
            case LE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] <= value ? 1 : 0;
                }
            }
            case GT -> {
                for (int i = from; i < to; i++) {
                    n += a[i] > value ? 1 : 0;
                }
            }
            case GE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] >= value ? 1 : 0;
                }
            }
            case EQ -> {
                for (int i = from; i < to; i++) {
                    n += a[i] == value ? 1 : 0;
                }
            }
            case NE -> {
                for (int i = from; i < to; i++) {
                    n += a[i] != value ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Override
    public void prefixSum(long[] a, long[] dst, int from, int to) {
        long running = 0;
        for (int i = from; i < to; i++) {
            running += a[i];
            dst[i] = running;
        }
    }
}
