package io.moirai.simd;

import static java.util.Objects.requireNonNull;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Kernels over primitive arrays that use the CPU's vector instructions through the Vector API
 * when the JVM has it, and plain loops otherwise.
 *
 * <pre>{@code
 * float total = Simd.sum(prices);                 // whole array
 * float part = Simd.sum(prices, 16, 1_000);       // the range [16, 1000)
 * float similarity = Simd.dot(u, v);
 * Simd.axpy(0.5f, gradient, weights);             // weights[i] += 0.5f * gradient[i]
 * Simd.fma(a, b, c, a);                           // a[i] = fma(a[i], b[i], c[i]), in place
 * int hot = Simd.count(temperatures, Comparison.GT, 30);
 * }</pre>
 *
 * <h2>Enabling the vector path</h2>
 * The Vector API is the incubator module {@code jdk.incubator.vector}. Every JDK 25 image has
 * it, but the JVM resolves it only when started with {@code --add-modules jdk.incubator.vector}.
 * When this class initialises it checks {@code ModuleLayer.boot().findModule("jdk.incubator.vector")};
 * if the module is there it uses the vector kernels, otherwise the scalar ones and logs one
 * {@code INFO} line through {@link System.Logger} (logger {@code io.moirai.simd.Simd}) saying
 * how to enable them. The system property {@code moirai.simd.disabled=true} forces the scalar
 * path. The choice is made once per JVM; {@link #isVectorized()} and {@link #vectorBitSize()}
 * report it.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>Every kernel has a whole-array form and a range form over {@code [from, to)}, checked
 *       as {@link Objects#checkFromToIndex(int, int, int)} does. Arrays must not be null
 *       ({@link NullPointerException} naming the parameter), and the arrays of one call must
 *       have equal lengths ({@link IllegalArgumentException} naming both and their lengths).</li>
 *   <li>Element-wise kernels ({@code add}, {@code mul}, {@code fma}, {@code abs}, {@code sqrt},
 *       {@code clamp}, {@code scale}, {@code axpy}) write a destination that may be the same
 *       array as a source; each index is read before it is written. Their results are exact:
 *       each element is the IEEE 754 result of the same operations on both paths ({@code fma}
 *       rounds once, as {@link Math#fma(float, float, float)}; {@code axpy} multiplies and adds
 *       with two roundings, as the statement {@code y[i] += alpha * x[i]} does).</li>
 *   <li>Integer kernels wrap on overflow as Java's operators do and give identical results on
 *       both paths.</li>
 *   <li>{@code min} and {@code max} follow {@link Math#min(float, float)}: NaN if any element
 *       is NaN, and -0.0 below 0.0. {@code argMin}/{@code argMax} return the first index
 *       holding that extreme (the first NaN if there is one). All four throw
 *       {@link NoSuchElementException} on an empty range.</li>
 *   <li>{@code count} compares as Java's {@code <, <=, >, >=, ==, !=} do: NaN matches only
 *       {@link Comparison#NE}.</li>
 * </ul>
 *
 * <h2>Error bound of floating-point sums and dot products</h2>
 * {@code sum} and {@code dot} add their {@code n} terms {@code t[i]} ({@code a[i]}, or
 * {@code a[i] * b[i]}) in several partial sums combined at the end, in an order that depends
 * on the path and the vector width, so their results may differ from a sequential loop's in the
 * last bits. Whatever the order, the computed result {@code s} satisfies
 * <pre>
 *     |s - (t[0] + ... + t[n-1])| &le; &gamma;(n) &middot; (|t[0]| + ... + |t[n-1]|),
 *     &gamma;(n) = n&epsilon; / (1 - n&epsilon;),
 * </pre>
 * where the sum on the left is exact and &epsilon; is the unit roundoff:
 * {@code Math.ulp(1.0f) / 2} = 2<sup>-24</sup> for {@code float}, {@code Math.ulp(1.0) / 2} =
 * 2<sup>-53</sup> for {@code double} (Higham, <em>Accuracy and Stability of Numerical
 * Algorithms</em>, 2nd ed., &sect;4.2 and &sect;3.1; the fused multiply-adds of the vector
 * {@code dot} only lower the error). The bound holds while {@code n&epsilon; < 1} and nothing
 * overflows. Two results of the same range, from either path or from a sequential loop,
 * therefore differ by at most 2&gamma;(n) times the sum of the absolute terms. Both paths give
 * NaN when a term is NaN or when the terms hold both infinities. {@code prefixSum} of
 * {@code float} and {@code double} is computed sequentially on both paths and is exact with
 * respect to the plain loop.
 *
 * <p>All methods are thread-safe and allocate nothing; the arrays are not copied, so a caller
 * that shares one with writers must order the accesses itself.
 */
public final class Simd {

    private static final Kernels KERNELS = KernelSelection.select();

    private Simd() {
    }

    /**
     * Whether the kernels use the Vector API in this JVM.
     *
     * @return true on the vector path, false on the scalar path
     */
    public static boolean isVectorized() {
        return KERNELS.vectorBitSize() > 0;
    }

    /**
     * The width of the vectors the kernels use, e.g. 256 with AVX2 or 512 with AVX-512.
     *
     * @return the width in bits, 0 on the scalar path
     */
    public static int vectorBitSize() {
        return KERNELS.vectorBitSize();
    }

    // float

    /**
     * The sum of {@code a[from..to)}; 0 for an empty range. The result may differ from the sequential loop's in the last bits, within the bound in the class documentation; NaN if any element is NaN or the range holds both infinities.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the sum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static float sum(float[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.sum(a, from, to);
    }

    /**
     * The sum of {@code a}, as {@link #sum(float[], int, int) sum(a, 0, a.length)}.
     *
     * @param a the array
     * @return the sum
     * @throws NullPointerException if {@code a} is null
     */
    public static float sum(float[] a) {
        return sum(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The smallest element of {@code a[from..to)}. NaN if any element is NaN; -0.0 counts as smaller than 0.0, as in {@link Math#min(float, float)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the minimum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static float min(float[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.min(a, from, to);
    }

    /**
     * The smallest element of {@code a}, as {@link #min(float[], int, int) min(a, 0, a.length)}.
     *
     * @param a the array
     * @return the minimum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static float min(float[] a) {
        return min(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The largest element of {@code a[from..to)}. NaN if any element is NaN; 0.0 counts as greater than -0.0, as in {@link Math#max(float, float)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the maximum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static float max(float[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.max(a, from, to);
    }

    /**
     * The largest element of {@code a}, as {@link #max(float[], int, int) max(a, 0, a.length)}.
     *
     * @param a the array
     * @return the maximum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static float max(float[] a) {
        return max(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #min(float[], int, int) min(a, from, to)}, or the index of the first NaN if there is one; -0.0 and 0.0 are told apart as by {@code min}/{@code max}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMin(float[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMin(a, from, to);
    }

    /**
     * The index of the first smallest element of {@code a}, as
     * {@link #argMin(float[], int, int) argMin(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMin(float[] a) {
        return argMin(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #max(float[], int, int) max(a, from, to)}, or the index of the first NaN if there is one; -0.0 and 0.0 are told apart as by {@code min}/{@code max}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMax(float[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMax(a, from, to);
    }

    /**
     * The index of the first largest element of {@code a}, as
     * {@link #argMax(float[], int, int) argMax(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMax(float[] a) {
        return argMax(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first addend
     * @param b    the second addend
     * @param dst  where the sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void add(float[] a, float[] b, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.add(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for every index, as {@link #add(float[], float[], float[], int, int)}.
     *
     * @param a   the first addend
     * @param b   the second addend
     * @param dst where the sums go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void add(float[] a, float[] b, float[] dst) {
        add(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void mul(float[] a, float[] b, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.mul(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for every index, as {@link #mul(float[], float[], float[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param dst where the products go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void mul(float[] a, float[] b, float[] dst) {
        mul(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = abs(a[i])} for {@code i} in {@code [from, to)}, as {@link Math#abs(float)}: the sign bit cleared, so -0.0 becomes 0.0 and NaN stays NaN. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param dst  where the absolute values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void abs(float[] a, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.abs(a, dst, from, to);
    }

    /**
     * {@code dst[i] = abs(a[i])} for every index, as {@link #abs(float[], float[], int, int)}.
     *
     * @param a   the source
     * @param dst where the absolute values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void abs(float[] a, float[] dst) {
        abs(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = }{@code Math.min(Math.max(a[i], lo), hi)}: NaN elements stay NaN, -0.0 is below 0.0 for {@code i} in {@code [from, to)}. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param lo   the lower bound
     * @param hi   the upper bound
     * @param dst  where the clamped values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length, or if {@code lo} or {@code hi} is NaN or {@code lo} is greater than {@code hi} ({@code -0.0} counts as less than {@code 0.0})
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void clamp(float[] a, float lo, float hi, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        checkBounds(lo, hi);
        KERNELS.clamp(a, lo, hi, dst, from, to);
    }

    /**
     * Clamps every element, as {@link #clamp(float[], float, float, float[], int, int)}.
     *
     * @param a   the source
     * @param lo  the lower bound
     * @param hi  the upper bound
     * @param dst where the clamped values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length, or if {@code lo} or {@code hi} is NaN or {@code lo} is greater than {@code hi} ({@code -0.0} counts as less than {@code 0.0})
     */
    public static void clamp(float[] a, float lo, float hi, float[] dst) {
        clamp(a, lo, hi, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * s} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param s    the factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void scale(float[] a, float s, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.scale(a, s, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * s} for every index, as {@link #scale(float[], float, float[], int, int)}.
     *
     * @param a   the source
     * @param s   the factor
     * @param dst where the products go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void scale(float[] a, float s, float[] dst) {
        scale(a, s, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * How many elements {@code e} of {@code a[from..to)} satisfy {@code e cmp value}, as by the Java operators: every comparison with NaN is false except {@code NE}, which is true.
     *
     * <pre>{@code
     * int negatives = Simd.count(a, Comparison.LT, 0);
     * }</pre>
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @return the number of matching elements
     * @throws NullPointerException      if {@code a} or {@code cmp} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static int count(float[] a, Comparison cmp, float value, int from, int to) {
        requireNonNull(cmp, "cmp");
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.count(a, cmp, value, from, to);
    }

    /**
     * How many elements of {@code a} satisfy {@code e cmp value}, as
     * {@link #count(float[], Comparison, float, int, int) count(a, cmp, value, 0, a.length)}.
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @return the number of matching elements
     * @throws NullPointerException if {@code a} or {@code cmp} is null
     */
    public static int count(float[] a, Comparison cmp, float value) {
        return count(a, cmp, value, 0, requireNonNull(a, "a").length);
    }

    /**
     * The inclusive scan: {@code dst[i] = a[from] + ... + a[i]} for {@code i} in
     * {@code [from, to)}. Computed sequentially on both paths, so the result equals the plain loop's exactly. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param dst  where the running sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void prefixSum(float[] a, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.prefixSum(a, dst, from, to);
    }

    /**
     * The inclusive scan of the whole array, as {@link #prefixSum(float[], float[], int, int)}.
     *
     * @param a   the source
     * @param dst where the running sums go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void prefixSum(float[] a, float[] dst) {
        prefixSum(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * The dot product {@code a[from]*b[from] + ... + a[to-1]*b[to-1]}; 0 for an empty range.
     * The vector path fuses each multiply-add; the result may differ from the sequential loop's in
     * the last bits, within the bound in the class documentation.
     *
     * @param a    the first vector
     * @param b    the second vector
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the dot product
     * @throws NullPointerException      if {@code a} or {@code b} is null
     * @throws IllegalArgumentException  if {@code a} and {@code b} differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static float dot(float[] a, float[] b, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        Objects.checkFromToIndex(from, to, a.length);
        return KERNELS.dot(a, b, from, to);
    }

    /**
     * The dot product of two arrays, as {@link #dot(float[], float[], int, int) dot(a, b, 0, a.length)}.
     *
     * <pre>{@code
     * float similarity = Simd.dot(u, v) / (float) Math.sqrt(Simd.dot(u, u) * Simd.dot(v, v));
     * }</pre>
     *
     * @param a the first vector
     * @param b the second vector
     * @return the dot product
     * @throws NullPointerException     if {@code a} or {@code b} is null
     * @throws IllegalArgumentException if {@code a} and {@code b} differ in length
     */
    public static float dot(float[] a, float[] b) {
        return dot(a, b, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code y[i] += alpha * x[i]} for {@code i} in {@code [from, to)}: a multiply and an add,
     * each rounded, exactly as that Java statement computes it (not fused), on both paths.
     * {@code y} may be {@code x}.
     *
     * @param alpha the factor
     * @param x     the source
     * @param y     the array updated in place
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @throws NullPointerException      if {@code x} or {@code y} is null
     * @throws IllegalArgumentException  if {@code x} and {@code y} differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void axpy(float alpha, float[] x, float[] y, int from, int to) {
        checkSameLength("x", requireNonNull(x, "x").length, "y", requireNonNull(y, "y").length);
        Objects.checkFromToIndex(from, to, x.length);
        KERNELS.axpy(alpha, x, y, from, to);
    }

    /**
     * {@code y[i] += alpha * x[i]} for every index, as {@link #axpy(float, float[], float[], int, int)}.
     *
     * @param alpha the factor
     * @param x     the source
     * @param y     the array updated in place
     * @throws NullPointerException     if {@code x} or {@code y} is null
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public static void axpy(float alpha, float[] x, float[] y) {
        axpy(alpha, x, y, 0, requireNonNull(x, "x").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i] + c[i]} with a single rounding, as {@link Math#fma(float, float, float)},
     * for {@code i} in {@code [from, to)}; both paths give identical results. {@code dst} may be
     * any of the sources.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param c    the addend
     * @param dst  where the results go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void fma(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "c", requireNonNull(c, "c").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.fma(a, b, c, dst, from, to);
    }

    /**
     * {@code dst[i] = fma(a[i], b[i], c[i])} for every index, as
     * {@link #fma(float[], float[], float[], float[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param c   the addend
     * @param dst where the results go; may be any of the sources
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void fma(float[] a, float[] b, float[] c, float[] dst) {
        fma(a, b, c, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = sqrt(a[i])}, correctly rounded as {@link Math#sqrt(double)} is, for
     * {@code i} in {@code [from, to)}; NaN for negative elements, -0.0 for -0.0. {@code dst} may
     * be {@code a}.
     *
     * @param a    the source
     * @param dst  where the roots go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void sqrt(float[] a, float[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.sqrt(a, dst, from, to);
    }

    /**
     * {@code dst[i] = sqrt(a[i])} for every index, as {@link #sqrt(float[], float[], int, int)}.
     *
     * @param a   the source
     * @param dst where the roots go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void sqrt(float[] a, float[] dst) {
        sqrt(a, dst, 0, requireNonNull(a, "a").length);
    }

    // double

    /**
     * The sum of {@code a[from..to)}; 0 for an empty range. The result may differ from the sequential loop's in the last bits, within the bound in the class documentation; NaN if any element is NaN or the range holds both infinities.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the sum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static double sum(double[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.sum(a, from, to);
    }

    /**
     * The sum of {@code a}, as {@link #sum(double[], int, int) sum(a, 0, a.length)}.
     *
     * @param a the array
     * @return the sum
     * @throws NullPointerException if {@code a} is null
     */
    public static double sum(double[] a) {
        return sum(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The smallest element of {@code a[from..to)}. NaN if any element is NaN; -0.0 counts as smaller than 0.0, as in {@link Math#min(double, double)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the minimum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static double min(double[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.min(a, from, to);
    }

    /**
     * The smallest element of {@code a}, as {@link #min(double[], int, int) min(a, 0, a.length)}.
     *
     * @param a the array
     * @return the minimum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static double min(double[] a) {
        return min(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The largest element of {@code a[from..to)}. NaN if any element is NaN; 0.0 counts as greater than -0.0, as in {@link Math#max(double, double)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the maximum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static double max(double[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.max(a, from, to);
    }

    /**
     * The largest element of {@code a}, as {@link #max(double[], int, int) max(a, 0, a.length)}.
     *
     * @param a the array
     * @return the maximum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static double max(double[] a) {
        return max(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #min(double[], int, int) min(a, from, to)}, or the index of the first NaN if there is one; -0.0 and 0.0 are told apart as by {@code min}/{@code max}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMin(double[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMin(a, from, to);
    }

    /**
     * The index of the first smallest element of {@code a}, as
     * {@link #argMin(double[], int, int) argMin(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMin(double[] a) {
        return argMin(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #max(double[], int, int) max(a, from, to)}, or the index of the first NaN if there is one; -0.0 and 0.0 are told apart as by {@code min}/{@code max}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMax(double[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMax(a, from, to);
    }

    /**
     * The index of the first largest element of {@code a}, as
     * {@link #argMax(double[], int, int) argMax(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMax(double[] a) {
        return argMax(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first addend
     * @param b    the second addend
     * @param dst  where the sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void add(double[] a, double[] b, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.add(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for every index, as {@link #add(double[], double[], double[], int, int)}.
     *
     * @param a   the first addend
     * @param b   the second addend
     * @param dst where the sums go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void add(double[] a, double[] b, double[] dst) {
        add(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void mul(double[] a, double[] b, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.mul(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for every index, as {@link #mul(double[], double[], double[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param dst where the products go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void mul(double[] a, double[] b, double[] dst) {
        mul(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = abs(a[i])} for {@code i} in {@code [from, to)}, as {@link Math#abs(double)}: the sign bit cleared, so -0.0 becomes 0.0 and NaN stays NaN. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param dst  where the absolute values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void abs(double[] a, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.abs(a, dst, from, to);
    }

    /**
     * {@code dst[i] = abs(a[i])} for every index, as {@link #abs(double[], double[], int, int)}.
     *
     * @param a   the source
     * @param dst where the absolute values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void abs(double[] a, double[] dst) {
        abs(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = }{@code Math.min(Math.max(a[i], lo), hi)}: NaN elements stay NaN, -0.0 is below 0.0 for {@code i} in {@code [from, to)}. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param lo   the lower bound
     * @param hi   the upper bound
     * @param dst  where the clamped values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length, or if {@code lo} or {@code hi} is NaN or {@code lo} is greater than {@code hi} ({@code -0.0} counts as less than {@code 0.0})
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void clamp(double[] a, double lo, double hi, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        checkBounds(lo, hi);
        KERNELS.clamp(a, lo, hi, dst, from, to);
    }

    /**
     * Clamps every element, as {@link #clamp(double[], double, double, double[], int, int)}.
     *
     * @param a   the source
     * @param lo  the lower bound
     * @param hi  the upper bound
     * @param dst where the clamped values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length, or if {@code lo} or {@code hi} is NaN or {@code lo} is greater than {@code hi} ({@code -0.0} counts as less than {@code 0.0})
     */
    public static void clamp(double[] a, double lo, double hi, double[] dst) {
        clamp(a, lo, hi, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * s} for {@code i} in {@code [from, to)}, with one IEEE 754 rounding per operation, so both paths give identical results. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param s    the factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void scale(double[] a, double s, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.scale(a, s, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * s} for every index, as {@link #scale(double[], double, double[], int, int)}.
     *
     * @param a   the source
     * @param s   the factor
     * @param dst where the products go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void scale(double[] a, double s, double[] dst) {
        scale(a, s, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * How many elements {@code e} of {@code a[from..to)} satisfy {@code e cmp value}, as by the Java operators: every comparison with NaN is false except {@code NE}, which is true.
     *
     * <pre>{@code
     * int negatives = Simd.count(a, Comparison.LT, 0);
     * }</pre>
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @return the number of matching elements
     * @throws NullPointerException      if {@code a} or {@code cmp} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static int count(double[] a, Comparison cmp, double value, int from, int to) {
        requireNonNull(cmp, "cmp");
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.count(a, cmp, value, from, to);
    }

    /**
     * How many elements of {@code a} satisfy {@code e cmp value}, as
     * {@link #count(double[], Comparison, double, int, int) count(a, cmp, value, 0, a.length)}.
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @return the number of matching elements
     * @throws NullPointerException if {@code a} or {@code cmp} is null
     */
    public static int count(double[] a, Comparison cmp, double value) {
        return count(a, cmp, value, 0, requireNonNull(a, "a").length);
    }

    /**
     * The inclusive scan: {@code dst[i] = a[from] + ... + a[i]} for {@code i} in
     * {@code [from, to)}. Computed sequentially on both paths, so the result equals the plain loop's exactly. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param dst  where the running sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void prefixSum(double[] a, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.prefixSum(a, dst, from, to);
    }

    /**
     * The inclusive scan of the whole array, as {@link #prefixSum(double[], double[], int, int)}.
     *
     * @param a   the source
     * @param dst where the running sums go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void prefixSum(double[] a, double[] dst) {
        prefixSum(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * The dot product {@code a[from]*b[from] + ... + a[to-1]*b[to-1]}; 0 for an empty range.
     * The vector path fuses each multiply-add; the result may differ from the sequential loop's in
     * the last bits, within the bound in the class documentation.
     *
     * @param a    the first vector
     * @param b    the second vector
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the dot product
     * @throws NullPointerException      if {@code a} or {@code b} is null
     * @throws IllegalArgumentException  if {@code a} and {@code b} differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static double dot(double[] a, double[] b, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        Objects.checkFromToIndex(from, to, a.length);
        return KERNELS.dot(a, b, from, to);
    }

    /**
     * The dot product of two arrays, as {@link #dot(double[], double[], int, int) dot(a, b, 0, a.length)}.
     *
     * <pre>{@code
     * double similarity = Simd.dot(u, v) / (double) Math.sqrt(Simd.dot(u, u) * Simd.dot(v, v));
     * }</pre>
     *
     * @param a the first vector
     * @param b the second vector
     * @return the dot product
     * @throws NullPointerException     if {@code a} or {@code b} is null
     * @throws IllegalArgumentException if {@code a} and {@code b} differ in length
     */
    public static double dot(double[] a, double[] b) {
        return dot(a, b, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code y[i] += alpha * x[i]} for {@code i} in {@code [from, to)}: a multiply and an add,
     * each rounded, exactly as that Java statement computes it (not fused), on both paths.
     * {@code y} may be {@code x}.
     *
     * @param alpha the factor
     * @param x     the source
     * @param y     the array updated in place
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @throws NullPointerException      if {@code x} or {@code y} is null
     * @throws IllegalArgumentException  if {@code x} and {@code y} differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        checkSameLength("x", requireNonNull(x, "x").length, "y", requireNonNull(y, "y").length);
        Objects.checkFromToIndex(from, to, x.length);
        KERNELS.axpy(alpha, x, y, from, to);
    }

    /**
     * {@code y[i] += alpha * x[i]} for every index, as {@link #axpy(double, double[], double[], int, int)}.
     *
     * @param alpha the factor
     * @param x     the source
     * @param y     the array updated in place
     * @throws NullPointerException     if {@code x} or {@code y} is null
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public static void axpy(double alpha, double[] x, double[] y) {
        axpy(alpha, x, y, 0, requireNonNull(x, "x").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i] + c[i]} with a single rounding, as {@link Math#fma(double, double, double)},
     * for {@code i} in {@code [from, to)}; both paths give identical results. {@code dst} may be
     * any of the sources.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param c    the addend
     * @param dst  where the results go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void fma(double[] a, double[] b, double[] c, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "c", requireNonNull(c, "c").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.fma(a, b, c, dst, from, to);
    }

    /**
     * {@code dst[i] = fma(a[i], b[i], c[i])} for every index, as
     * {@link #fma(double[], double[], double[], double[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param c   the addend
     * @param dst where the results go; may be any of the sources
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void fma(double[] a, double[] b, double[] c, double[] dst) {
        fma(a, b, c, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = sqrt(a[i])}, correctly rounded as {@link Math#sqrt(double)} is, for
     * {@code i} in {@code [from, to)}; NaN for negative elements, -0.0 for -0.0. {@code dst} may
     * be {@code a}.
     *
     * @param a    the source
     * @param dst  where the roots go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void sqrt(double[] a, double[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.sqrt(a, dst, from, to);
    }

    /**
     * {@code dst[i] = sqrt(a[i])} for every index, as {@link #sqrt(double[], double[], int, int)}.
     *
     * @param a   the source
     * @param dst where the roots go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void sqrt(double[] a, double[] dst) {
        sqrt(a, dst, 0, requireNonNull(a, "a").length);
    }

    // int

    /**
     * The sum of {@code a[from..to)}; 0 for an empty range. Overflow wraps, as in {@code IntStream.sum()}; the result is exact and the same on both paths.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the sum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static int sum(int[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.sum(a, from, to);
    }

    /**
     * The sum of {@code a}, as {@link #sum(int[], int, int) sum(a, 0, a.length)}.
     *
     * @param a the array
     * @return the sum
     * @throws NullPointerException if {@code a} is null
     */
    public static int sum(int[] a) {
        return sum(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The smallest element of {@code a[from..to)}. 
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the minimum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int min(int[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.min(a, from, to);
    }

    /**
     * The smallest element of {@code a}, as {@link #min(int[], int, int) min(a, 0, a.length)}.
     *
     * @param a the array
     * @return the minimum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int min(int[] a) {
        return min(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The largest element of {@code a[from..to)}. 
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the maximum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int max(int[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.max(a, from, to);
    }

    /**
     * The largest element of {@code a}, as {@link #max(int[], int, int) max(a, 0, a.length)}.
     *
     * @param a the array
     * @return the maximum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int max(int[] a) {
        return max(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #min(int[], int, int) min(a, from, to)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMin(int[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMin(a, from, to);
    }

    /**
     * The index of the first smallest element of {@code a}, as
     * {@link #argMin(int[], int, int) argMin(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMin(int[] a) {
        return argMin(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #max(int[], int, int) max(a, from, to)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMax(int[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMax(a, from, to);
    }

    /**
     * The index of the first largest element of {@code a}, as
     * {@link #argMax(int[], int, int) argMax(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMax(int[] a) {
        return argMax(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first addend
     * @param b    the second addend
     * @param dst  where the sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void add(int[] a, int[] b, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.add(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for every index, as {@link #add(int[], int[], int[], int, int)}.
     *
     * @param a   the first addend
     * @param b   the second addend
     * @param dst where the sums go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void add(int[] a, int[] b, int[] dst) {
        add(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void mul(int[] a, int[] b, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.mul(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for every index, as {@link #mul(int[], int[], int[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param dst where the products go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void mul(int[] a, int[] b, int[] dst) {
        mul(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = abs(a[i])} for {@code i} in {@code [from, to)}, as {@link Math#abs(int)}: {@code Integer.MIN_VALUE} stays {@code Integer.MIN_VALUE}. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param dst  where the absolute values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void abs(int[] a, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.abs(a, dst, from, to);
    }

    /**
     * {@code dst[i] = abs(a[i])} for every index, as {@link #abs(int[], int[], int, int)}.
     *
     * @param a   the source
     * @param dst where the absolute values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void abs(int[] a, int[] dst) {
        abs(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = }{@code Math.min(Math.max(a[i], lo), hi)} for {@code i} in {@code [from, to)}. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param lo   the lower bound
     * @param hi   the upper bound
     * @param dst  where the clamped values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length, or if {@code lo} is greater than {@code hi}
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void clamp(int[] a, int lo, int hi, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        checkBounds(lo, hi);
        KERNELS.clamp(a, lo, hi, dst, from, to);
    }

    /**
     * Clamps every element, as {@link #clamp(int[], int, int, int[], int, int)}.
     *
     * @param a   the source
     * @param lo  the lower bound
     * @param hi  the upper bound
     * @param dst where the clamped values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length, or if {@code lo} is greater than {@code hi}
     */
    public static void clamp(int[] a, int lo, int hi, int[] dst) {
        clamp(a, lo, hi, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * s} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param s    the factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void scale(int[] a, int s, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.scale(a, s, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * s} for every index, as {@link #scale(int[], int, int[], int, int)}.
     *
     * @param a   the source
     * @param s   the factor
     * @param dst where the products go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void scale(int[] a, int s, int[] dst) {
        scale(a, s, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * How many elements {@code e} of {@code a[from..to)} satisfy {@code e cmp value}, as by the Java operators.
     *
     * <pre>{@code
     * int negatives = Simd.count(a, Comparison.LT, 0);
     * }</pre>
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @return the number of matching elements
     * @throws NullPointerException      if {@code a} or {@code cmp} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static int count(int[] a, Comparison cmp, int value, int from, int to) {
        requireNonNull(cmp, "cmp");
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.count(a, cmp, value, from, to);
    }

    /**
     * How many elements of {@code a} satisfy {@code e cmp value}, as
     * {@link #count(int[], Comparison, int, int, int) count(a, cmp, value, 0, a.length)}.
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @return the number of matching elements
     * @throws NullPointerException if {@code a} or {@code cmp} is null
     */
    public static int count(int[] a, Comparison cmp, int value) {
        return count(a, cmp, value, 0, requireNonNull(a, "a").length);
    }

    /**
     * The inclusive scan: {@code dst[i] = a[from] + ... + a[i]} for {@code i} in
     * {@code [from, to)}. Overflow wraps; the result is exact and the same on both paths. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param dst  where the running sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void prefixSum(int[] a, int[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.prefixSum(a, dst, from, to);
    }

    /**
     * The inclusive scan of the whole array, as {@link #prefixSum(int[], int[], int, int)}.
     *
     * @param a   the source
     * @param dst where the running sums go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void prefixSum(int[] a, int[] dst) {
        prefixSum(a, dst, 0, requireNonNull(a, "a").length);
    }

    // long

    /**
     * The sum of {@code a[from..to)}; 0 for an empty range. Overflow wraps, as in {@code LongStream.sum()}; the result is exact and the same on both paths.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the sum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static long sum(long[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.sum(a, from, to);
    }

    /**
     * The sum of {@code a}, as {@link #sum(long[], int, int) sum(a, 0, a.length)}.
     *
     * @param a the array
     * @return the sum
     * @throws NullPointerException if {@code a} is null
     */
    public static long sum(long[] a) {
        return sum(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The smallest element of {@code a[from..to)}. 
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the minimum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static long min(long[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.min(a, from, to);
    }

    /**
     * The smallest element of {@code a}, as {@link #min(long[], int, int) min(a, 0, a.length)}.
     *
     * @param a the array
     * @return the minimum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static long min(long[] a) {
        return min(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The largest element of {@code a[from..to)}. 
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return the maximum
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static long max(long[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.max(a, from, to);
    }

    /**
     * The largest element of {@code a}, as {@link #max(long[], int, int) max(a, 0, a.length)}.
     *
     * @param a the array
     * @return the maximum
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static long max(long[] a) {
        return max(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #min(long[], int, int) min(a, from, to)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMin(long[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMin(a, from, to);
    }

    /**
     * The index of the first smallest element of {@code a}, as
     * {@link #argMin(long[], int, int) argMin(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMin(long[] a) {
        return argMin(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * The index of the first element of {@code a[from..to)} that equals
     * {@link #max(long[], int, int) max(a, from, to)}.
     *
     * @param a    the array
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @return an index in {@code [from, to)}
     * @throws NullPointerException      if {@code a} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     * @throws NoSuchElementException    if the range is empty
     */
    public static int argMax(long[] a, int from, int to) {
        checkNonEmpty(requireNonNull(a, "a").length, from, to);
        return KERNELS.argMax(a, from, to);
    }

    /**
     * The index of the first largest element of {@code a}, as
     * {@link #argMax(long[], int, int) argMax(a, 0, a.length)}.
     *
     * @param a the array
     * @return an index of {@code a}
     * @throws NullPointerException   if {@code a} is null
     * @throws NoSuchElementException if {@code a} is empty
     */
    public static int argMax(long[] a) {
        return argMax(a, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first addend
     * @param b    the second addend
     * @param dst  where the sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void add(long[] a, long[] b, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.add(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] + b[i]} for every index, as {@link #add(long[], long[], long[], int, int)}.
     *
     * @param a   the first addend
     * @param b   the second addend
     * @param dst where the sums go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void add(long[] a, long[] b, long[] dst) {
        add(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a} or {@code b}.
     *
     * @param a    the first factor
     * @param b    the second factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void mul(long[] a, long[] b, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "b", requireNonNull(b, "b").length);
        checkSameLength("a", a.length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.mul(a, b, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * b[i]} for every index, as {@link #mul(long[], long[], long[], int, int)}.
     *
     * @param a   the first factor
     * @param b   the second factor
     * @param dst where the products go; may be {@code a} or {@code b}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void mul(long[] a, long[] b, long[] dst) {
        mul(a, b, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = abs(a[i])} for {@code i} in {@code [from, to)}, as {@link Math#abs(long)}: {@code Long.MIN_VALUE} stays {@code Long.MIN_VALUE}. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param dst  where the absolute values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void abs(long[] a, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.abs(a, dst, from, to);
    }

    /**
     * {@code dst[i] = abs(a[i])} for every index, as {@link #abs(long[], long[], int, int)}.
     *
     * @param a   the source
     * @param dst where the absolute values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void abs(long[] a, long[] dst) {
        abs(a, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = }{@code Math.min(Math.max(a[i], lo), hi)} for {@code i} in {@code [from, to)}. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param lo   the lower bound
     * @param hi   the upper bound
     * @param dst  where the clamped values go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length, or if {@code lo} is greater than {@code hi}
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void clamp(long[] a, long lo, long hi, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        checkBounds(lo, hi);
        KERNELS.clamp(a, lo, hi, dst, from, to);
    }

    /**
     * Clamps every element, as {@link #clamp(long[], long, long, long[], int, int)}.
     *
     * @param a   the source
     * @param lo  the lower bound
     * @param hi  the upper bound
     * @param dst where the clamped values go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length, or if {@code lo} is greater than {@code hi}
     */
    public static void clamp(long[] a, long lo, long hi, long[] dst) {
        clamp(a, lo, hi, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * {@code dst[i] = a[i] * s} for {@code i} in {@code [from, to)}, overflow wraps as Java's operators do. {@code dst} may be
     * {@code a}.
     *
     * @param a    the source
     * @param s    the factor
     * @param dst  where the products go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void scale(long[] a, long s, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.scale(a, s, dst, from, to);
    }

    /**
     * {@code dst[i] = a[i] * s} for every index, as {@link #scale(long[], long, long[], int, int)}.
     *
     * @param a   the source
     * @param s   the factor
     * @param dst where the products go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void scale(long[] a, long s, long[] dst) {
        scale(a, s, dst, 0, requireNonNull(a, "a").length);
    }

    /**
     * How many elements {@code e} of {@code a[from..to)} satisfy {@code e cmp value}, as by the Java operators.
     *
     * <pre>{@code
     * int negatives = Simd.count(a, Comparison.LT, 0);
     * }</pre>
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @param from  the first index, inclusive
     * @param to    the last index, exclusive
     * @return the number of matching elements
     * @throws NullPointerException      if {@code a} or {@code cmp} is null
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of {@code a}
     */
    public static int count(long[] a, Comparison cmp, long value, int from, int to) {
        requireNonNull(cmp, "cmp");
        Objects.checkFromToIndex(from, to, requireNonNull(a, "a").length);
        return KERNELS.count(a, cmp, value, from, to);
    }

    /**
     * How many elements of {@code a} satisfy {@code e cmp value}, as
     * {@link #count(long[], Comparison, long, int, int) count(a, cmp, value, 0, a.length)}.
     *
     * @param a     the array
     * @param cmp   the comparison, with the element on its left
     * @param value the right-hand side
     * @return the number of matching elements
     * @throws NullPointerException if {@code a} or {@code cmp} is null
     */
    public static int count(long[] a, Comparison cmp, long value) {
        return count(a, cmp, value, 0, requireNonNull(a, "a").length);
    }

    /**
     * The inclusive scan: {@code dst[i] = a[from] + ... + a[i]} for {@code i} in
     * {@code [from, to)}. Overflow wraps; the result is exact and the same on both paths. {@code dst} may be {@code a}.
     *
     * @param a    the source
     * @param dst  where the running sums go
     * @param from the first index, inclusive
     * @param to   the last index, exclusive
     * @throws NullPointerException      if an array is null
     * @throws IllegalArgumentException  if the arrays differ in length
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not a range of the arrays
     */
    public static void prefixSum(long[] a, long[] dst, int from, int to) {
        checkSameLength("a", requireNonNull(a, "a").length, "dst", requireNonNull(dst, "dst").length);
        Objects.checkFromToIndex(from, to, a.length);
        KERNELS.prefixSum(a, dst, from, to);
    }

    /**
     * The inclusive scan of the whole array, as {@link #prefixSum(long[], long[], int, int)}.
     *
     * @param a   the source
     * @param dst where the running sums go; may be {@code a}
     * @throws NullPointerException     if an array is null
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static void prefixSum(long[] a, long[] dst) {
        prefixSum(a, dst, 0, requireNonNull(a, "a").length);
    }

    private static void checkSameLength(String first, int firstLength, String second, int secondLength) {
        if (firstLength != secondLength) {
            throw new IllegalArgumentException(first + ".length = " + firstLength + " and " + second + ".length = "
                    + secondLength + " differ; the arrays must have equal lengths");
        }
    }

    private static void checkNonEmpty(int length, int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        if (from == to) {
            throw new NoSuchElementException("the range [" + from + ", " + to + ") is empty");
        }
    }

    private static void checkBounds(float lo, float hi) {
        if (Float.isNaN(lo) || Float.isNaN(hi) || Float.compare(lo, hi) > 0) {
            throw new IllegalArgumentException("lo = " + lo + " and hi = " + hi + " are not ordered bounds");
        }
    }

    private static void checkBounds(double lo, double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi) || Double.compare(lo, hi) > 0) {
            throw new IllegalArgumentException("lo = " + lo + " and hi = " + hi + " are not ordered bounds");
        }
    }

    private static void checkBounds(long lo, long hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("lo = " + lo + " is greater than hi = " + hi);
        }
    }
}
