package io.moirai.benchmarks.report;

/**
 * A ratio of two measured scores with its propagated error.
 *
 * <p>For {@code r = a / b} with independent errors, first-order propagation gives
 * {@code err(r) = |r| * sqrt((err(a)/a)^2 + (err(b)/b)^2)}: relative errors add in quadrature.
 * JMH's score errors are half-widths of 99.9% confidence intervals, so the ratio's error is a
 * comparable (approximate) interval half-width. The same relative error carries over to
 * {@link #inverse()}.
 *
 * @param value the ratio
 * @param error its error; NaN when either score has none (e.g. a single fork)
 */
public record Ratio(double value, double error) {

    /**
     * The ratio {@code a / b}.
     *
     * @param a      numerator score
     * @param errorA its error
     * @param b      denominator score
     * @param errorB its error
     * @return the ratio and its error
     */
    public static Ratio of(double a, double errorA, double b, double errorB) {
        double value = a / b;
        double relative = Math.sqrt(square(errorA / a) + square(errorB / b));
        return new Ratio(value, Math.abs(value) * relative);
    }

    /** {@code 1 / value}, with the same relative error. */
    public Ratio inverse() {
        double inverse = 1.0 / value;
        return new Ratio(inverse, Math.abs(inverse) * (error / Math.abs(value)));
    }

    /** Whether the error is known. */
    public boolean hasError() {
        return Double.isFinite(error);
    }

    private static double square(double x) {
        return x * x;
    }
}
