package io.moirai.benchmarks.report;

import java.util.Map;

/** Converts scores between the units JMH writes ({@code ns/op}, {@code ops/s}, ...) and sizes in bytes. */
final class Units {

    private static final Map<String, Double> NANOS = Map.of(
            "ns", 1.0, "us", 1e3, "µs", 1e3, "ms", 1e6, "s", 1e9, "min", 60e9);
    private static final Map<String, Double> BYTES = Map.of("B", 1.0, "KB", 1024.0, "MB", 1024.0 * 1024.0);

    private Units() {
    }

    /**
     * The factor that turns a score in {@code from} into one in {@code to}.
     *
     * @param from e.g. {@code us/op}
     * @param to   e.g. {@code ns/op}
     * @return the factor, or NaN if the units measure different things
     */
    static double factor(String from, String to) {
        if (from.equals(to)) {
            return 1.0;
        }
        if (BYTES.containsKey(from) && BYTES.containsKey(to)) {
            return BYTES.get(from) / BYTES.get(to);
        }
        if (from.endsWith("/op") && to.endsWith("/op")) {
            Double f = NANOS.get(from.substring(0, from.length() - 3));
            Double t = NANOS.get(to.substring(0, to.length() - 3));
            return f == null || t == null ? Double.NaN : f / t;
        }
        if (from.startsWith("ops/") && to.startsWith("ops/")) {
            Double f = NANOS.get(from.substring(4));
            Double t = NANOS.get(to.substring(4));
            return f == null || t == null ? Double.NaN : t / f;
        }
        return Double.NaN;
    }
}
