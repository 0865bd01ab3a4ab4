package io.moirai.simd;

/**
 * The kernels behind {@link Simd}, one implementation per path: {@link ScalarKernels} and
 * {@code VectorKernels}. {@link Simd} has validated every argument before it calls one: arrays
 * are non-null and of equal length, {@code [from, to)} lies inside them, ranges of
 * {@code min}/{@code max}/{@code argMin}/{@code argMax} are non-empty and {@code clamp}'s bounds
 * are ordered. Both implementations give identical results except where {@link Simd}'s
 * documentation allows otherwise (floating-point sums and dot products, within the bound it
 * states).
 */
interface Kernels {

    /** The vector width in bits, 0 for the scalar path. */
    int vectorBitSize();

    // float

    float sum(float[] a, int from, int to);

    float min(float[] a, int from, int to);

    float max(float[] a, int from, int to);

    int argMin(float[] a, int from, int to);

    int argMax(float[] a, int from, int to);

    void add(float[] a, float[] b, float[] dst, int from, int to);

    void mul(float[] a, float[] b, float[] dst, int from, int to);

    void abs(float[] a, float[] dst, int from, int to);

    void clamp(float[] a, float lo, float hi, float[] dst, int from, int to);

    void scale(float[] a, float s, float[] dst, int from, int to);

    int count(float[] a, Comparison cmp, float value, int from, int to);

    void prefixSum(float[] a, float[] dst, int from, int to);

    float dot(float[] a, float[] b, int from, int to);

    void axpy(float alpha, float[] x, float[] y, int from, int to);

    void fma(float[] a, float[] b, float[] c, float[] dst, int from, int to);

    void sqrt(float[] a, float[] dst, int from, int to);

    // double

    double sum(double[] a, int from, int to);

    double min(double[] a, int from, int to);

    double max(double[] a, int from, int to);

    int argMin(double[] a, int from, int to);

    int argMax(double[] a, int from, int to);

    void add(double[] a, double[] b, double[] dst, int from, int to);

    void mul(double[] a, double[] b, double[] dst, int from, int to);

    void abs(double[] a, double[] dst, int from, int to);

    void clamp(double[] a, double lo, double hi, double[] dst, int from, int to);

    void scale(double[] a, double s, double[] dst, int from, int to);

    int count(double[] a, Comparison cmp, double value, int from, int to);

    void prefixSum(double[] a, double[] dst, int from, int to);

    double dot(double[] a, double[] b, int from, int to);

    void axpy(double alpha, double[] x, double[] y, int from, int to);

    void fma(double[] a, double[] b, double[] c, double[] dst, int from, int to);

    void sqrt(double[] a, double[] dst, int from, int to);

    // int

    int sum(int[] a, int from, int to);

    int min(int[] a, int from, int to);

    int max(int[] a, int from, int to);

    int argMin(int[] a, int from, int to);

    int argMax(int[] a, int from, int to);

    void add(int[] a, int[] b, int[] dst, int from, int to);

    void mul(int[] a, int[] b, int[] dst, int from, int to);

    void abs(int[] a, int[] dst, int from, int to);

    void clamp(int[] a, int lo, int hi, int[] dst, int from, int to);

    void scale(int[] a, int s, int[] dst, int from, int to);

    int count(int[] a, Comparison cmp, int value, int from, int to);

    void prefixSum(int[] a, int[] dst, int from, int to);

    // long

    long sum(long[] a, int from, int to);

    long min(long[] a, int from, int to);

    long max(long[] a, int from, int to);

    int argMin(long[] a, int from, int to);

    int argMax(long[] a, int from, int to);

    void add(long[] a, long[] b, long[] dst, int from, int to);

    void mul(long[] a, long[] b, long[] dst, int from, int to);

    void abs(long[] a, long[] dst, int from, int to);

    void clamp(long[] a, long lo, long hi, long[] dst, int from, int to);

    void scale(long[] a, long s, long[] dst, int from, int to);

    int count(long[] a, Comparison cmp, long value, int from, int to);

    void prefixSum(long[] a, long[] dst, int from, int to);
}
