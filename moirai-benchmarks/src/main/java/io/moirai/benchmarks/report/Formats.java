package io.moirai.benchmarks.report;

import java.util.Locale;

/** How the report writes numbers, ratios and places in the suite. */
final class Formats {

    private Formats() {
    }

    /** A score with about three significant digits, thousands grouped. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 1000 ? "%,.0f" : magnitude >= 100 ? "%.1f" : magnitude >= 10 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A count: a whole number without decimals (thousands grouped), anything else as {@link #number}. */
    static String count(double value) {
        return Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : number(value);
    }

    /** A score's error, or a dash when it has none. */
    static String error(double error) {
        return Double.isFinite(error) ? "± " + number(error) : "—";
    }

    /** A ratio such as {@code 1.27 ± 0.05}. */
    static String ratio(Ratio ratio) {
        String value = String.format(Locale.ROOT, "%.2f", ratio.value());
        return ratio.hasError() ? value + " ± " + String.format(Locale.ROOT, "%.2f", ratio.error()) : value;
    }

    /** A speed-up such as {@code 1.27× ± 0.05}. */
    static String factor(Ratio ratio) {
        String value = String.format(Locale.ROOT, "%.2f×", ratio.value());
        return ratio.hasError() ? value + " ± " + String.format(Locale.ROOT, "%.2f", ratio.error()) : value;
    }

    /** Where a result sits: its method, then its other parameters if it has any. */
    static String scope(JmhResult result) {
        String params = result.otherParams();
        return params.isEmpty() ? result.method() : result.method() + " (" + params + ")";
    }
}
