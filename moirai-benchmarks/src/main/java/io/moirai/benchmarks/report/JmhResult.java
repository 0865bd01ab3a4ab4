package io.moirai.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a JMH JSON result file ({@code -rf json}): a benchmark method with one combination
 * of parameters, and its primary score. {@code IdleFootprint} writes its measurements in the same
 * shape, with mode {@code footprint}.
 *
 * @param benchmark   the fully qualified method, e.g. {@code io.moirai.benchmarks.ForkJoinBenchmark.fibonacci}
 * @param mode        JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss},
 *                    or {@code footprint}
 * @param threads     benchmark threads
 * @param forks       forks measured
 * @param warmup      warm-up iterations and time, as text
 * @param measurement measured iterations and time, as text
 * @param jvm         the JVM that ran it
 * @param jdkVersion  its {@code java.version}
 * @param vm          its VM name and version
 * @param params      the parameters, in declaration order
 * @param score       the primary score
 * @param error       the score's error (JMH: half-width of the 99.9% confidence interval), NaN if unknown
 * @param unit        the score's unit, e.g. {@code ops/s}
 * @param secondary   the secondary metrics by name (auxiliary counters, profilers), in file order
 * @param forkMeans   the primary metric's mean over each fork's measured iterations, in fork order;
 *                    empty when the file has no raw data
 */
public record JmhResult(
        String benchmark,
        String mode,
        int threads,
        int forks,
        String warmup,
        String measurement,
        String jvm,
        String jdkVersion,
        String vm,
        Map<String, String> params,
        double score,
        double error,
        String unit,
        Map<String, Metric> secondary,
        List<Double> forkMeans) {

    /** The parameter that names the implementation. */
    public static final String IMPL = "impl";

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException if a reference component is null
     */
    public JmhResult {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(unit, "unit");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
        forkMeans = List.copyOf(forkMeans);
    }

    /**
     * A result without per-fork data.
     *
     * @throws NullPointerException if a reference component is null
     */
    public JmhResult(String benchmark, String mode, int threads, int forks, String warmup, String measurement,
                     String jvm, String jdkVersion, String vm, Map<String, String> params, double score, double error,
                     String unit, Map<String, Metric> secondary) {
        this(benchmark, mode, threads, forks, warmup, measurement, jvm, jdkVersion, vm, params, score, error, unit,
                secondary, List.of());
    }

    /**
     * A result without secondary metrics.
     *
     * @throws NullPointerException if a reference component is null
     */
    public JmhResult(String benchmark, String mode, int threads, int forks, String warmup, String measurement,
                     String jvm, String jdkVersion, String vm, Map<String, String> params, double score, double error,
                     String unit) {
        this(benchmark, mode, threads, forks, warmup, measurement, jvm, jdkVersion, vm, params, score, error, unit,
                Map.of());
    }

    /**
     * A secondary metric of a result, e.g. an {@code @AuxCounters} field.
     *
     * @param score   JMH's aggregate over the iterations (for event counters, their sum)
     * @param error   the score's error, NaN if unknown
     * @param unit    the metric's unit
     * @param maximum the largest value any single measured iteration of any fork recorded, NaN
     *                when the file has no raw data
     * @param samples how many measured iterations that maximum is taken over
     */
    public record Metric(double score, double error, String unit, double maximum, int samples) {
    }

    /**
     * Reads every entry of a JMH JSON result file.
     *
     * @param file the file JMH wrote with {@code -rf json -rff file}
     * @return its entries, in file order
     * @throws IOException if the file cannot be read or is not a JSON array
     */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH JSON result file (expected a JSON array)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode entry : root) {
            results.add(fromJson(entry));
        }
        return results;
    }

    static JmhResult fromJson(JsonNode entry) {
        Map<String, String> params = new LinkedHashMap<>();
        entry.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        JsonNode metric = entry.path("primaryMetric");
        return new JmhResult(
                entry.path("benchmark").asText(),
                entry.path("mode").asText(),
                entry.path("threads").asInt(1),
                entry.path("forks").asInt(0),
                iterations(entry, "warmup"),
                iterations(entry, "measurement"),
                entry.path("jvm").asText(""),
                entry.path("jdkVersion").asText(""),
                (entry.path("vmName").asText("") + " " + entry.path("vmVersion").asText("")).strip(),
                params,
                number(metric.path("score")),
                number(metric.path("scoreError")),
                metric.path("scoreUnit").asText(""),
                secondary(entry.path("secondaryMetrics")),
                forkMeans(metric.path("rawData")));
    }

    /** Each fork's mean over its measured iterations; a fork whose iterations are all NaN is left out. */
    private static List<Double> forkMeans(JsonNode rawData) {
        List<Double> means = new ArrayList<>();
        for (JsonNode fork : rawData) {
            double sum = 0;
            int n = 0;
            for (JsonNode iteration : fork) {
                double value = number(iteration);
                if (!Double.isNaN(value)) {
                    sum += value;
                    n++;
                }
            }
            if (n > 0) {
                means.add(sum / n);
            }
        }
        return means;
    }

    private static Map<String, Metric> secondary(JsonNode metrics) {
        Map<String, Metric> secondary = new LinkedHashMap<>();
        metrics.properties().forEach(p -> {
            JsonNode metric = p.getValue();
            double maximum = Double.NaN;
            int samples = 0;
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode iteration : fork) {
                    double value = number(iteration);
                    if (!Double.isNaN(value)) {
                        maximum = samples == 0 ? value : Math.max(maximum, value);
                        samples++;
                    }
                }
            }
            secondary.put(p.getKey(), new Metric(number(metric.path("score")), number(metric.path("scoreError")),
                    metric.path("scoreUnit").asText(""), maximum, samples));
        });
        return secondary;
    }

    private static String iterations(JsonNode entry, String phase) {
        JsonNode count = entry.path(phase + "Iterations");
        if (count.isMissingNode()) {
            return "";
        }
        String time = entry.path(phase + "Time").asText("");
        int batch = entry.path(phase + "BatchSize").asInt(1);
        return count.asInt() + (time.isEmpty() || "ss".equals(entry.path("mode").asText()) ? "" : " × " + time)
                + (batch > 1 ? " (batch " + batch + ")" : "");
    }

    /** JMH writes numbers, and the strings {@code "NaN"} or {@code "Infinity"} where there is none. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The benchmark class's simple name, e.g. {@code ForkJoinBenchmark}. */
    public String className() {
        String qualifiedClass = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        return qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
    }

    /** The benchmark method's name, e.g. {@code fibonacci}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The implementation this entry measured: its {@code impl} parameter, or empty. */
    public String impl() {
        return params.getOrDefault(IMPL, "");
    }

    /** The parameters other than the implementation, as {@code name=value, ...}. */
    public String otherParams() {
        StringBuilder text = new StringBuilder();
        params.forEach((name, value) -> {
            if (!IMPL.equals(name)) {
                text.append(text.isEmpty() ? "" : ", ").append(name).append('=').append(value);
            }
        });
        return text.toString();
    }

    /** Whether a larger score is better: throughput; every other mode measures time or size. */
    public boolean higherIsBetter() {
        return "thrpt".equals(mode);
    }

    /** The key of the entries an implementation is compared within: same method, same other parameters. */
    public String groupKey() {
        return benchmark + '|' + otherParams();
    }
}
