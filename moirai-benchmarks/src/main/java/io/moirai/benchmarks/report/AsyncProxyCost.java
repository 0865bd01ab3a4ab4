package io.moirai.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's note on what the {@code @Async} proxy costs the caller in
 * {@code SpringExecutorBenchmark}: its throughput scores turned into time per task, side by side
 * for the proxy alone ({@code asyncProxyInline}), the executor alone ({@code execute}) and
 * {@code @Async} end to end ({@code async}), with the proxy's share of the end-to-end time. The
 * proxy's cost is the same whichever executor runs the task, so it bounds how far apart two
 * executors can be through {@code @Async}.
 */
final class AsyncProxyCost {

    static final String PROXY = "asyncProxyInline";
    static final String EXECUTE = "execute";
    static final String ASYNC = "async";

    private AsyncProxyCost() {
    }

    /**
     * Renders the note.
     *
     * @param classResults the results of {@code SpringExecutorBenchmark}
     * @return Markdown, empty when no result of {@code asyncProxyInline} is in a unit per time
     */
    static String render(List<JmhResult> classResults) {
        Map<String, Map<String, JmhResult>> rows = new LinkedHashMap<>();
        for (JmhResult r : classResults) {
            if (List.of(PROXY, EXECUTE, ASYNC).contains(r.method()) && r.higherIsBetter()) {
                String row = r.otherParams().isEmpty() ? r.impl() : r.impl() + " (" + r.otherParams() + ")";
                rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(r.method(), r);
            }
        }
        rows.values().removeIf(methods -> !methods.containsKey(PROXY) || Double.isNaN(nanosPerOp(methods.get(PROXY))));
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        md.append("**The `@Async` proxy's own cost.** `").append(PROXY).append("` goes through the same proxy with an ")
                .append("executor that runs the task on the caller: what `@Async` costs the caller whichever executor ")
                .append("runs the task. Time per task, from the throughputs above (± from their errors):\n\n");
        md.append("| impl | proxy alone (`").append(PROXY).append("`) | executor alone (`").append(EXECUTE)
                .append("`) | `@Async` end to end (`").append(ASYNC).append("`) | proxy's share of `").append(ASYNC)
                .append("` |\n|---|---:|---:|---:|---:|\n");
        rows.forEach((row, methods) -> {
            JmhResult proxy = methods.get(PROXY);
            JmhResult async = methods.get(ASYNC);
            md.append("| ").append(row).append(" | ").append(time(proxy)).append(" | ")
                    .append(time(methods.get(EXECUTE))).append(" | ").append(time(async)).append(" | ");
            if (async == null || Double.isNaN(nanosPerOp(async))) {
                md.append("—");
            } else {
                Ratio share = Ratio.of(nanosPerOp(proxy), nanosError(proxy), nanosPerOp(async), nanosError(async));
                md.append(String.format(Locale.ROOT, "%.1f%%", share.value() * 100));
                if (share.hasError()) {
                    md.append(String.format(Locale.ROOT, " ± %.1f%%", share.error() * 100));
                }
            }
            md.append(" |\n");
        });
        md.append('\n');
        return md.toString();
    }

    /** Nanoseconds per operation from a throughput score, NaN if its unit is not operations per time. */
    static double nanosPerOp(JmhResult r) {
        double perNano = Units.factor(r.unit(), "ops/ns");
        return Double.isNaN(perNano) || r.score() <= 0 ? Double.NaN : 1.0 / (r.score() * perNano);
    }

    /** The error of {@link #nanosPerOp}: the same relative error as the score's. */
    private static double nanosError(JmhResult r) {
        return nanosPerOp(r) * (r.error() / r.score());
    }

    private static String time(JmhResult r) {
        if (r == null || Double.isNaN(nanosPerOp(r))) {
            return "—";
        }
        double error = nanosError(r);
        return Formats.number(nanosPerOp(r)) + (Double.isFinite(error) ? " ± " + Formats.number(error) : "") + " ns";
    }
}
