package io.moirai.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds results for the tests as JMH would report them. */
final class Results {

    private Results() {
    }

    static JmhResult result(String benchmark, String mode, String impl, double score, double error, String unit) {
        return result(benchmark, mode, impl, Map.of(), score, error, unit);
    }

    /** A single-shot result whose secondary metric {@code metric} recorded {@code values}, one per iteration. */
    static JmhResult singleShot(String benchmark, String impl, Map<String, String> otherParams, double score,
                                double error, String metric, double... values) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(JmhResult.IMPL, impl);
        params.putAll(otherParams);
        double maximum = java.util.Arrays.stream(values).max().orElse(Double.NaN);
        return new JmhResult("io.moirai.benchmarks." + benchmark, "ss", 1, 3, "10", "20",
                "/jdk/bin/java", "25", "OpenJDK 64-Bit Server VM 25+36", params, score, error, "ms/op",
                Map.of(metric, new JmhResult.Metric(java.util.Arrays.stream(values).sum(), Double.NaN, "#", maximum,
                        values.length)));
    }

    static JmhResult result(String benchmark, String mode, String impl, Map<String, String> otherParams,
                            double score, double error, String unit) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(JmhResult.IMPL, impl);
        params.putAll(otherParams);
        return new JmhResult("io.moirai.benchmarks." + benchmark, mode, 1, 3, "3 × 1 s", "5 × 1 s",
                "/jdk/bin/java", "25", "OpenJDK 64-Bit Server VM 25+36", params, score, error, unit);
    }

    /** A throughput result whose forks measured {@code forkMeans}; the score is their mean. */
    static JmhResult forks(String benchmark, String impl, double... forkMeans) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(JmhResult.IMPL, impl);
        double score = java.util.Arrays.stream(forkMeans).average().orElse(Double.NaN);
        return new JmhResult("io.moirai.benchmarks." + benchmark, "thrpt", 2, forkMeans.length, "2 × 1 s", "4 × 1 s",
                "/jdk/bin/java", "25", "OpenJDK 64-Bit Server VM 25+36", params, score, Double.NaN, "ops/s", Map.of(),
                java.util.Arrays.stream(forkMeans).boxed().toList());
    }
}
