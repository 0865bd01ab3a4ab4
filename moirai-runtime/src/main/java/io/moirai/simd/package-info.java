/**
 * {@link io.moirai.simd.Simd}: sums, dot products, extremes, counts, scans and element-wise
 * arithmetic over {@code float[]}, {@code double[]}, {@code int[]} and {@code long[]}, on the
 * Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector} and on plain
 * loops otherwise, with the same results (floating-point sums and dot products within a stated
 * bound).
 *
 * <p>The package stands alone: it depends on nothing else in Moirai. Only the package-private
 * {@code VectorKernels} names {@code jdk.incubator.vector}.
 */
package io.moirai.simd;
