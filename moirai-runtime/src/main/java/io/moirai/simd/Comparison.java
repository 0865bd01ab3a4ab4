package io.moirai.simd;

/**
 * The comparison {@link Simd#count(float[], Comparison, float) Simd.count} applies between each
 * element (on the left) and the given value (on the right). Each constant means the Java
 * operator of its name, with that operator's treatment of NaN: every comparison involving NaN
 * is false, except {@link #NE}, which is true.
 *
 * <pre>{@code
 * int aboveLimit = Simd.count(readings, Comparison.GT, limit);   // readings[i] > limit
 * }</pre>
 */
public enum Comparison {
    /** {@code element < value}. */
    LT,
    /** {@code element <= value}. */
    LE,
    /** {@code element > value}. */
    GT,
    /** {@code element >= value}. */
    GE,
    /** {@code element == value}; 0.0 equals -0.0, NaN equals nothing. */
    EQ,
    /** {@code element != value}; true for NaN. */
    NE
}
